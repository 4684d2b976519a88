"""Content types from plugins: added where ``addable_in`` says, by whoever holds ``add_permission`` there."""

import pytest
import webtest

from core.cases import UploadRefused, add_document, addable_types
from core.plugin import ADD_DOCUMENT, Document, hookimpl
from tests.factories import csrf, edit, login, valid_pdf


class Reports:
    """A school's report (added by who adds school documents) and a municipality's plan (by who drafts acts)."""

    @hookimpl
    def oko_plugin_info(self):
        return {"name": "reports", "version": "0", "regions": ["66"]}

    @hookimpl
    def oko_content_types(self):
        return [{"name": "school_report", "title": "Отчёт школы", "factory": Document, "workflow": "document_review",
                 "add_permission": ADD_DOCUMENT, "addable_in": ["school"]},
                {"name": "municipal_plan", "title": "Муниципальный план", "factory": Document,
                 "workflow": "document_review", "add_permission": "draft_act", "addable_in": ["municipality"]}]


@pytest.fixture
def reports(host):
    """The app's host with the ``Reports`` plugin, for this test only."""
    host.register(Reports(), name="reports")
    yield host
    host.unregister("reports")


def names(types):
    return [t["name"] for t in types]


def test_each_node_offers_the_types_addable_in_its_kind_to_those_with_the_add_permission(tree, reports):
    with edit(tree) as site:
        school, muni = site["66"]["m1"]["s1"], site["66"]["m1"]
        assert names(addable_types(reports, school, "head")) == ["school_document", "school_report"]
        assert names(addable_types(reports, muni, "coordinator")) == ["municipal_plan"]
        assert names(addable_types(reports, muni, "head")) == []
        assert names(addable_types(reports, school, "coordinator")) == []
        assert names(addable_types(reports, site["66"], "region66")) == []


def test_adding_refuses_a_type_not_addable_in_that_kind_of_node_or_without_its_add_permission(tree, reports):
    with edit(tree) as site:
        school, muni = site["66"]["m1"]["s1"], site["66"]["m1"]
        with pytest.raises(UploadRefused, match="сюда не добавляется: только в школу") as raised:
            add_document(reports, muni, "d", "План", "school_report", "coordinator")
        assert raised.value.code == "invalid"
        with pytest.raises(UploadRefused, match="не разрешено") as raised:
            add_document(reports, muni, "d", "План", "municipal_plan", "head")
        assert raised.value.code == "forbidden"
        with pytest.raises(UploadRefused, match="не разрешено"):
            add_document(reports, school, "d", "Отчёт", "school_report", "coordinator")
        assert "d" not in muni and "d" not in school
        doc = add_document(reports, muni, "d", "План на год", "municipal_plan", "coordinator")
        assert (doc.document_type, doc.workflow_state, doc.__parent__) == ("municipal_plan", "draft", muni)


def upload_form(testapp, path):
    form = testapp.get(f"{path}/@@add-document").forms["deform"]
    form["title"] = "Отчёт о самообследовании"
    form["upload"] = webtest.Upload("report.pdf", valid_pdf())
    return form


def test_the_head_chooses_the_kind_of_document_on_the_school_s_add_page(testapp, tree, reports):
    login(testapp, "head")
    form = upload_form(testapp, "/66/m1/s1")
    assert [value for value, _, _ in form["document_type"].options] == ["school_document", "school_report"]
    form["document_type"] = "school_report"
    page = form.submit("save", status=303).follow()
    assert "Отчёт школы" in page.text
    with edit(tree) as site:
        assert [d.document_type for d in site["66"]["m1"]["s1"].values()] == ["school_report"]


def test_the_coordinator_adds_a_plan_to_the_municipality_and_a_head_may_not(testapp, tree, reports):
    login(testapp, "coordinator")
    assert "@@add-document" in testapp.get("/66/m1/").text
    form = upload_form(testapp, "/66/m1")
    assert "document_type" not in form.fields
    form.submit("save", status=303)
    with edit(tree) as site:
        assert [d.document_type for d in site["66"]["m1"].values() if isinstance(d, Document)] == ["municipal_plan"]
    testapp.reset()
    login(testapp, "head")
    assert "@@add-document" in testapp.get("/66/m1/s1/").text
    testapp.get("/66/m1/@@add-document", status=403)
    testapp.post("/66/m1/@@add-document", {"csrf_token": csrf(testapp), "title": "x"}, status=403)


def test_a_forged_type_the_head_may_not_add_is_refused_and_nothing_is_stored(testapp, tree, reports):
    login(testapp, "head")
    form = upload_form(testapp, "/66/m1/s1")
    form["document_type"].force_value("municipal_plan")
    form.submit("save", status=400)
    with edit(tree) as site:
        assert len(site["66"]["m1"]["s1"]) == 0


def test_without_the_plugin_a_school_adds_only_school_documents_and_a_municipality_nothing(testapp, tree, host):
    login(testapp, "coordinator")
    assert "@@add-document" not in testapp.get("/66/m1/").text
    testapp.get("/66/m1/@@add-document", status=403)
    testapp.reset()
    login(testapp, "head")
    assert "document_type" not in testapp.get("/66/m1/s1/@@add-document").forms["deform"].fields

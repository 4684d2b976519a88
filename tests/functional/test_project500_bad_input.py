"""The 500+ project refuses bad input and steps out of order, and changes nothing."""
import io

import openpyxl
import pytest
import webtest

from core.docinspect import Limits
from core.project500 import steps
from core.project500.model import DEVELOPMENT_CONCEPT
from tests.factories import csrf, edit, login, make_user, valid_docx, valid_pdf
from tests.functional.project500_support import (
    YEAR,
    P,
    concept_docx,
    confirmed,
    content,
    fill_concept,
    participation,
    visited,
)
from tests.unit.docinspect_corpus import zip_bomb_docx

# -- bad input ------------------------------------------------------------------------------------

def test_enrolment_names_the_unknown_codes_and_enrols_nothing(testapp, people):
    login(testapp, "region66")
    form = testapp.get("/66/@@project500").forms["enrol-form"]
    form["codes"] = "66-1-1, 99-9-9; 24-1-1"
    res = form.submit(status=400)
    assert "В регионе нет школ с кодами: 99-9-9, 24-1-1. Список не загружен." in res.text
    assert res.forms["enrol-form"]["codes"].value == "66-1-1, 99-9-9; 24-1-1"
    book = openpyxl.Workbook()
    book.active.append(["Код ОО", "Название"])
    book.active.append(["66-1-2", "Школа № 2"])
    book.active.append(["77-0-0", "Нет такой"])
    data = io.BytesIO()
    book.save(data)
    form = res.forms["enrol-form"]
    form["codes"] = ""
    form["file"] = webtest.Upload("list.xlsx", data.getvalue())
    assert "В регионе нет школ с кодами: 77-0-0" in form.submit(status=400).text
    with edit(people) as site:
        assert all(steps.participation_of(s, YEAR) is None for s in site["66"]["m1"].values())


@pytest.mark.parametrize("data, filename, message", [
    (valid_pdf(), "list.csv", "не является таблицей CSV: по содержимому это PDF"),
    (valid_docx(), "list.xlsx", "не является таблицей Excel"),
    (b"PK\x03\x04 broken", "list.xlsx", "повреждён"),
    (b"just a note", "list.doc", "здесь принимаются только таблицы Excel (.xlsx), таблицы CSV (.csv) и "
                                 "текстовые файлы (.txt)"),
])
def test_a_list_that_is_not_a_table_is_refused(testapp, people, data, filename, message):
    login(testapp, "region66")
    form = testapp.get("/66/@@project500").forms["enrol-form"]
    form["file"] = webtest.Upload(filename, data)
    assert message in form.submit(status=400).text


def test_a_risk_profile_file_with_bad_lines_is_refused_line_by_line_and_nothing_is_stored(testapp, people, host):
    with edit(people) as site:
        steps.enrol(host, site["66"], ["66-1-1", "66-1-2"], YEAR, "region66")
    login(testapp, "region66")
    form = testapp.get("/66/@@project500").forms["risk-form"]
    form["file"] = webtest.Upload("survey.csv", ("school_code,factor,level\n66-1-1,staff_shortage,high\n"
                                                 "66-1-2,no_such_factor,high\n66-1-3,staff_shortage,очень\n").encode())
    res = form.submit(status=400)
    assert "Строка 3: неизвестное рисковое направление «no_such_factor»" in res.text
    assert "Строка 4: школа «66-1-3» не участвует в проекте" in res.text and "уровень «очень»" in res.text
    with edit(people) as site:
        assert participation(site).risk_profile == {} and not participation(site).surveyed


@pytest.mark.parametrize("data, filename, message, limit", [
    (valid_pdf(), "programme.docx", "по содержимому это PDF", None),
    (b"PK\x03\x04 broken", "programme.docx", "повреждён", None),
    (zip_bomb_docx(), "programme.docx", "распак", None),
    (valid_pdf() + b"x" * 4096, "programme.pdf", "слишком большой", 2048),
])
def test_a_concept_document_with_a_bad_file_is_refused_and_nothing_is_stored(testapp, people, host, monkeypatch,
                                                                            data, filename, message, limit):
    if limit:
        monkeypatch.setattr(host, "upload_limits", Limits(max_size=limit))
    visited(people, host)
    login(testapp, "head")
    form = fill_concept(testapp.get(P + "@@concept?type=development_concept").forms["concept-form"])
    form["upload"] = webtest.Upload(filename, data)
    res = form.submit("save", status=400)
    assert message in res.text
    assert "Цели" in res.text and res.forms["concept-form"]["goals"].value == "Повысить качество обучения"
    with edit(people) as site:
        assert participation(site).documents() == []


def test_a_concept_document_keeps_its_file_and_an_invalid_form_is_shown_with_its_errors(testapp, people, host):
    visited(people, host)
    login(testapp, "head")
    form = fill_concept(testapp.get(P + "@@concept?type=development_concept").forms["concept-form"])
    form["goals"] = ""
    form.set("deadline", "", index=0)
    res = form.submit("save", status=400)
    assert "Форма заполнена с ошибками" in res.text and "Требуется" in res.text
    form = fill_concept(res.forms["concept-form"])
    data = concept_docx()
    form["upload"] = webtest.Upload("concept.docx", data)
    page = form.submit("save", status=303).follow()
    assert "concept.docx" in page.text
    assert testapp.get(page.request.path + "@@download").body == data


def test_a_confirming_document_that_is_not_what_it_claims_is_refused(testapp, people, host):
    confirmed(people, host)
    login(testapp, "head")
    form = testapp.get(P + "@@confirming?programme=anti-risk-programme-staff_shortage").forms["confirming-form"]
    form["file"] = webtest.Upload("act.pdf", b"MZ\x90\x00 this is a program")
    res = form.submit(status=400)
    assert "не является документом PDF: по содержимому это исполняемый файл Windows" in res.text
    with edit(people) as site:
        assert participation(site).documents("confirming_document") == []


def test_steps_out_of_order_are_refused_in_the_pages(testapp, people, host, hasher, app):
    visited(people, host)
    with edit(people) as site:
        p = participation(site)
        steps.save_concept_document(host, p, DEVELOPMENT_CONCEPT, "head", content())
        steps.enrol(host, site["66"], ["66-1-2"], YEAR, "region66")
        make_user(site, "reviewer", hasher)
    login(testapp, "curator")
    res = post_as(testapp, P + "development-concept/@@transition", {"transition": "confirm"}).follow()
    assert "Действие «Подтвердить» недоступно: документ в состоянии «Черновик»" in res.text
    testapp.reset()
    login(testapp, "coordinator")
    res = post_as(testapp, "/66/m1/s2/500plus-%d/@@reviewer" % YEAR, {"login": "reviewer"})
    assert res.status_int == 409 and "Школа не вошла в выборку для экспертизы" in res.text
    res = post_as(testapp, P + "@@positive-changes")
    assert res.status_int == 403
    with edit(people) as site:
        assert participation(site).documents()[0].workflow_state == "draft"
        assert not steps.participation_of(site["66"]["m1"]["s2"], YEAR).reviewers


def post_as(client, url, params=()):
    return client.post(url, {"csrf_token": csrf(client), **dict(params)}, expect_errors=True)


def test_a_post_without_the_csrf_token_changes_nothing(testapp, people, host):
    visited(people, host)
    login(testapp, "coordinator")
    res = testapp.post(P + "@@seminar", {"attended": "1"}, status=400)
    assert "устаревшая или отсутствующая форма" in res.text
    with edit(people) as site:
        assert not participation(site).seminar_attended


def test_a_review_outside_the_sample_or_of_an_unconfirmed_document_is_refused(testapp, people, host, hasher):
    visited(people, host)
    with edit(people) as site:
        p = participation(site)
        steps.save_concept_document(host, p, DEVELOPMENT_CONCEPT, "head", content())
        steps.draw_sample(host, site["66"]["m1"], YEAR, "coordinator", chosen=["66-1-1"])
        steps.assign_reviewer(host, p, make_user(site, "reviewer", hasher), "coordinator")
        make_user(site, "stranger", hasher, [("expert", "66")])
    login(testapp, "reviewer")
    res = post_as(testapp, P + "@@review?doc=development-concept", {"met-goals_match_risks": "1"})
    assert res.status_int == 409 and "только документы, подтверждённые куратором" in res.text
    testapp.reset()
    login(testapp, "stranger")
    testapp.get(P + "@@review", status=403)
    testapp.get(P, status=403)



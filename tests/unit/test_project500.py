"""The 500+ project in the domain: every step in the roadmap's order, refusals, indicators."""
import datetime
import io

import pytest

from core.cases import fire
from core.project500 import indicators, steps
from core.project500.model import ANTI_RISK_PROGRAMME, DEVELOPMENT_CONCEPT, MEDIUM_TERM_PROGRAMME
from core.project500.steps import StepRefused
from core.security.users import users_of
from tests.factories import edit, make_tree, make_user, valid_pdf

# The indicators a school meets after the first stage only by more steps: a second stage, a webinar.
LATER = {"positive_changes_stage_2", "webinar_participation"}

YEAR = 2026
TODAY = datetime.date(2026, 2, 20)


def content(goal="Повысить качество обучения"):
    """A filled concept document form."""
    return {"goals": goal, "tasks": "Обновить оценивание", "expected_results": "Рост результатов",
            "measures": [{"measure": "Семинар для учителей", "deadline": "2026-04-01",
                          "responsible": "Завуч", "indicator": "Доля учителей", "expected_result": "100 %"}]}


@pytest.fixture
def project(db, hasher):
    """Region 66 with one municipality of three schools, and the project's people."""
    with edit(db) as site:
        make_tree(site, regions=("66", "24"), munis=1, schools=3)
        make_user(site, "region66", hasher, [("regional_operator", "66")])
        make_user(site, "coordinator", hasher, [("municipal_coordinator", "66/m1")])
        make_user(site, "curator", hasher)
        make_user(site, "head", hasher, [("school_head", "66/m1/s1")])
        make_user(site, "reviewer", hasher)
        make_user(site, "stranger", hasher, [("school_head", "66/m1/s2")])
    return db


def counts(site, path="66/m1"):
    node = site
    for name in path.split("/"):
        node = node[name]
    return indicators.counts(node, YEAR)


def test_one_school_goes_through_every_step_to_positive_changes_confirmed(project, host):
    with edit(project) as site:
        region, muni, school = site["66"], site["66"]["m1"], site["66"]["m1"]["s1"]
        users = users_of(site)
        # 1. the regional operator enrols the schools; the survey gives risk profiles
        assert steps.enrol(host, region, ["66-1-1", "66-1-2"], YEAR, "region66") == (["66-1-1", "66-1-2"], [], [])
        p = steps.participation_of(school, YEAR)
        steps.import_risk_profiles(host, region, [(2, "66-1-1", "staff_shortage", "высокий"),
                                                  (3, "66-1-1", "low_motivation", "medium")], YEAR, "region66")
        assert p.risk_profile == {"staff_shortage": "high", "low_motivation": "medium"}
        # 2. the coordinator: seminar, curator, contract
        steps.record_seminar(host, p, True, "coordinator")
        steps.assign_curator(host, p, users["curator"], "coordinator")
        steps.set_contract_status(host, p, "signed", "coordinator")
        steps.record_profile_download(host, p, "head")
        # 3. the curator's first visit: a changed level needs a comment
        with pytest.raises(StepRefused, match="требует комментария"):
            steps.record_first_visit(host, p, "curator", TODAY, {"low_motivation": ("high", "")},
                                     ["staff_shortage"])
        steps.record_first_visit(host, p, "curator", TODAY, {"low_motivation": ("high", "Подтверждено анкетой")},
                                 ["staff_shortage"])
        assert p.risk_profile["low_motivation"] == "high"
        assert p.journal[-2].comment == "Подтверждено анкетой"
        # 4. the school writes its concept documents; 5. the curator confirms them
        docs = [steps.save_concept_document(host, p, DEVELOPMENT_CONCEPT, "head", content()),
                steps.save_concept_document(host, p, MEDIUM_TERM_PROGRAMME, "head", content()),
                steps.save_concept_document(host, p, ANTI_RISK_PROGRAMME, "head", content(),
                                            risk_factor="staff_shortage")]
        for doc in docs:
            fire(host, doc, "submit", "head")
        # the measures of programmes nobody has confirmed are not activated
        with pytest.raises(StepRefused, match="Сначала куратор подтверждает концептуальные документы"):
            steps.activate_measures(host, p, "head")
        assert not p.measures_activated
        for doc in docs:
            fire(host, doc, "confirm", "curator")
        assert "concept_confirmed" in p.indicators_met
        # 6. selective content review of a sample
        assert steps.draw_sample(host, muni, YEAR, "coordinator", chosen=["66-1-1"]) == ["66-1-1"]
        steps.assign_reviewer(host, p, users["reviewer"], "coordinator")
        criteria = host.review_criteria("66", DEVELOPMENT_CONCEPT)
        for doc in docs:
            criteria = host.review_criteria("66", doc.document_type)
            steps.review_document(host, doc, "reviewer", {c["code"]: (True, "") for c in criteria})
        assert "concept_conforms" in p.indicators_met
        # 7. confirming documents of the stage of positive changes, reviewed the same way
        confirming = steps.add_confirming_document(host, p, docs[2], 1, "head", (io.BytesIO(valid_pdf()), "акт.pdf", None))
        fire(host, confirming, "submit", "head")
        fire(host, confirming, "confirm", "curator")
        steps.review_document(host, confirming, "reviewer",
                              {c["code"]: (True, "") for c in host.review_criteria("66", confirming.document_type)})
        steps.record_professional_development(host, p, True, "coordinator")
        steps.activate_measures(host, p, "head")
        with pytest.raises(StepRefused, match="уже активированы"):
            steps.activate_measures(host, p, "head")
        # 8. the curator confirms positive changes
        steps.confirm_positive_changes(host, p, "curator")
        assert p.indicators_met == set(indicators.PREDICATES) - LATER
        assert counts(site)["positive_changes"] == 1 and counts(site)["_total"] == 2
        assert indicators.counts(site, YEAR)["positive_changes"] == 1


def test_a_step_taken_by_another_role_is_refused_and_changes_nothing(project, host):
    with edit(project) as site:
        region, school = site["66"], site["66"]["m1"]["s1"]
        with pytest.raises(StepRefused) as err:
            steps.enrol(host, region, ["66-1-1"], YEAR, "coordinator")
        assert err.value.code == "forbidden"
        steps.enrol(host, region, ["66-1-1"], YEAR, "region66")
        p = steps.participation_of(school, YEAR)
        for call in (lambda: steps.record_seminar(host, p, True, "head"),
                     lambda: steps.assign_curator(host, p, users_of(site)["curator"], "stranger"),
                     lambda: steps.record_first_visit(host, p, "coordinator", TODAY, {}, ["staff_shortage"]),
                     lambda: steps.save_concept_document(host, p, DEVELOPMENT_CONCEPT, "stranger", content())):
            with pytest.raises(StepRefused) as err:
                call()
            assert err.value.code == "forbidden"
        assert p.journal[-1].step == "enrolled" and p.indicators_met == frozenset()


def test_steps_out_of_order_are_refused(project, host):
    with edit(project) as site:
        region, muni, school = site["66"], site["66"]["m1"], site["66"]["m1"]["s1"]
        steps.enrol(host, region, ["66-1-1"], YEAR, "region66")
        p = steps.participation_of(school, YEAR)
        steps.assign_curator(host, p, users_of(site)["curator"], "coordinator")
        with pytest.raises(StepRefused, match="профиль школы ещё не загружен"):
            steps.record_first_visit(host, p, "curator", TODAY, {}, ["staff_shortage"])
        with pytest.raises(StepRefused, match="после первого посещения"):
            steps.save_concept_document(host, p, DEVELOPMENT_CONCEPT, "head", content())
        steps.import_risk_profiles(host, region, [(2, "66-1-1", "staff_shortage", "high")], YEAR, "region66")
        steps.record_first_visit(host, p, "curator", TODAY, {}, ["staff_shortage"])
        doc = steps.save_concept_document(host, p, DEVELOPMENT_CONCEPT, "head", content())
        from core.workflow import WorkflowError
        with pytest.raises(WorkflowError, match="недоступно"):
            fire(host, doc, "confirm", "curator")  # confirming an unsent document
        steps.draw_sample(host, muni, YEAR, "coordinator", chosen=["66-1-1"])
        steps.enrol(host, region, ["66-1-2"], YEAR, "region66")
        outside = steps.participation_of(site["66"]["m1"]["s2"], YEAR)
        with pytest.raises(StepRefused, match="не вошла в выборку"):
            steps.assign_reviewer(host, outside, users_of(site)["reviewer"], "coordinator")
        steps.assign_reviewer(host, p, users_of(site)["reviewer"], "coordinator")
        with pytest.raises(StepRefused, match="только документы, подтверждённые куратором"):
            steps.review_document(host, doc, "reviewer", {})


def test_enrolment_names_unknown_codes_and_enrols_nothing(project, host):
    with edit(project) as site:
        with pytest.raises(StepRefused, match="нет школ с кодами: 99-9-9, 24-1-1"):
            steps.enrol(host, site["66"], ["66-1-1", "99-9-9", "24-1-1"], YEAR, "region66")
        assert steps.participation_of(site["66"]["m1"]["s1"], YEAR) is None


def test_a_bad_risk_profile_row_refuses_the_whole_file(project, host):
    with edit(project) as site:
        steps.enrol(host, site["66"], ["66-1-1", "66-1-2"], YEAR, "region66")
        with pytest.raises(StepRefused) as err:
            steps.import_risk_profiles(host, site["66"], [(2, "66-1-1", "staff_shortage", "high"),
                                                          (3, "66-1-2", "no_such_factor", "high"),
                                                          (4, "66-1-3", "staff_shortage", "очень")], YEAR, "region66")
        assert any(e.startswith("Строка 3") for e in err.value.details)
        assert any(e.startswith("Строка 4") and "не участвует" in e for e in err.value.details)
        assert steps.participation_of(site["66"]["m1"]["s1"], YEAR).risk_profile == {}


def test_every_save_is_a_version_and_two_versions_can_be_compared(project, host):
    with edit(project) as site:
        p = _visited(host, site)
        steps.save_concept_document(host, p, DEVELOPMENT_CONCEPT, "head", content("Цель первая"))
        doc = steps.save_concept_document(host, p, DEVELOPMENT_CONCEPT, "head", content("Цель вторая"))
        assert [v.number for v in doc.versions] == [1, 2]
        diff = steps.compare_versions(doc, 1, 2)
        assert "-goals: Цель первая" in diff and "+goals: Цель вторая" in diff


def test_a_concept_document_with_an_invalid_form_is_refused(project, host):
    with edit(project) as site:
        p = _visited(host, site)
        bad = content()
        bad["measures"] = []
        with pytest.raises(StepRefused, match="хотя бы одна мера"):
            steps.save_concept_document(host, p, DEVELOPMENT_CONCEPT, "head", bad)
        assert p.documents() == []


def test_a_document_after_the_deadline_is_marked_late(project, host):
    with edit(project) as site:
        p = _visited(host, site)
        doc = steps.save_concept_document(host, p, DEVELOPMENT_CONCEPT, "head", content())
        assert doc.due == doc.deadline == datetime.date(YEAR, 3, 30)
        fire(host, doc, "submit", "head", now=datetime.datetime(YEAR, 4, 2, tzinfo=datetime.timezone.utc))
        assert doc.late


def test_krasnoyarsk_moves_the_deadline_and_sverdlovsk_adds_a_risk_factor_and_criterion(host):
    assert host.deadlines("24", YEAR)["concept_documents"] == datetime.date(YEAR, 4, 15)
    assert "assessment_objectivity" in {f["code"] for f in host.risk_factors("66")}
    assert "rsoko_indicators" in {c["code"] for c in host.review_criteria("66", ANTI_RISK_PROGRAMME)}
    assert "rsoko_indicators" not in {c["code"] for c in host.review_criteria("24", ANTI_RISK_PROGRAMME)}


def _visited(host, site):
    steps.enrol(host, site["66"], ["66-1-1"], YEAR, "region66")
    p = steps.participation_of(site["66"]["m1"]["s1"], YEAR)
    steps.import_risk_profiles(host, site["66"], [(2, "66-1-1", "staff_shortage", "high")], YEAR, "region66")
    steps.assign_curator(host, p, users_of(site)["curator"], "coordinator")
    steps.record_first_visit(host, p, "curator", TODAY, {}, ["staff_shortage"])
    return p


def test_a_transition_does_not_rewrite_a_concept_documents_texts():
    import transaction
    import ZODB

    from core.project500.model import ConceptDocument
    db = ZODB.DB(None)
    conn = db.open()
    doc = conn.root()["doc"] = ConceptDocument("Концепция", DEVELOPMENT_CONCEPT, "concept_document", "head")
    doc.content = {"goals": "Повысить качество обучения"}
    doc.versions = ("v1",)
    transaction.commit()
    texts_serial, doc_serial = doc._texts._p_serial, doc._p_serial
    doc.workflow_state = "confirmed"
    transaction.commit()
    assert doc._p_serial != doc_serial and doc._texts._p_serial == texts_serial
    assert doc.content == {"goals": "Повысить качество обучения"} and doc.versions == ("v1",)
    db.close()


def test_a_concept_document_stored_before_texts_had_their_own_record_reads_and_saves():
    from core.project500.model import ConceptDocument
    doc = ConceptDocument("Концепция", DEVELOPMENT_CONCEPT, "concept_document", "head")
    # NB: the shape of a record written by an earlier version of OKO Case.
    del doc._texts
    vars(doc).update(versions=("v1",), content={"goals": "Старая цель"})
    assert doc.versions == ("v1",) and doc.content == {"goals": "Старая цель"}
    doc.versions = doc.versions + ("v2",)
    assert doc._texts is not None and "versions" not in vars(doc) and "content" not in vars(doc)
    assert doc.versions == ("v1", "v2") and doc.content == {"goals": "Старая цель"}

"""What a state means: every workflow core runs says it, the object keeps it, and a region's own names break nothing."""
import datetime

import pytest
import transaction
import ZODB
from ZODB.DemoStorage import DemoStorage

from core import hookimpl
from core.bootstrap import bootstrap
from core.cases import fire
from core.plugins import Host, make_plugin_manager
from core.project500 import indicators, steps
from core.project500.model import ANTI_RISK_PROGRAMME, DEVELOPMENT_CONCEPT, MEDIUM_TERM_PROGRAMME
from core.project500.workflows import document_has_content
from core.security.users import make_hasher, users_of
from core.workflow import ACCEPTED, EDITABLE, IN_PROGRESS, MEANINGS, SUBMITTED, Workflow
from tests.factories import make_document, make_tree, make_user
from tests.unit.test_project500 import content

YEAR = 2026


class RenamedReview:
    """Region 54 checks school documents with states and transitions of its own names."""

    @hookimpl
    def oko_plugin_info(self):
        return {"name": "renamed-review", "version": "0", "regions": ["54"]}

    @hookimpl
    def oko_workflows(self, region):
        seen = {"curator": {"view"}, "municipal_coordinator": {"view"}, "regional_operator": {"view"}}
        wf = Workflow("document_review", "Проверка документа (54)", "chernovik")
        wf.add_state("chernovik", "Черновик", {**seen, "school_head": {"view", "edit"}}, meaning=EDITABLE)
        wf.add_state("u_kuratora", "У куратора", {**seen, "school_head": {"view"}}, meaning=SUBMITTED,
                     period="document_review")
        wf.add_state("prinyat", "Принят", {**seen, "school_head": {"view"}}, meaning=ACCEPTED)
        wf.add_transition("otpravit", "Отправить", "chernovik", "u_kuratora", roles=("school_head",),
                          guard=document_has_content)
        wf.add_transition("prinyat", "Принять", "u_kuratora", "prinyat", roles=("curator",))
        return {"document_review": wf}


@pytest.fixture
def host():
    """The installed plugins and region 54's renamed review."""
    host = Host(make_plugin_manager())
    host.register(RenamedReview(), name="renamed-review")
    return host


@pytest.fixture
def site():
    """A site with the test tree and the people of the 500+ project in 54/m1/s1 (not committed)."""
    db = ZODB.DB(DemoStorage())
    conn = db.open()
    root = bootstrap(conn.root())
    make_tree(root)
    hasher = make_hasher("fast")
    make_user(root, "region54", hasher, [("regional_operator", "54")])
    make_user(root, "coordinator54", hasher, [("municipal_coordinator", "54/m1")])
    make_user(root, "curator54", hasher)
    make_user(root, "head54", hasher, [("school_head", "54/m1/s1")])
    make_user(root, "head", hasher, [("school_head", "66/m1/s1")])
    yield root
    transaction.abort()
    conn.close()
    db.close()


@pytest.mark.parametrize("region", [None, "66", "24", "54"])
def test_every_state_of_every_workflow_core_runs_says_what_it_means(region):
    for workflow in Host(make_plugin_manager()).workflows(region).values():
        for state in workflow.states.values():
            assert state.meaning in MEANINGS, f"{region}: {workflow.name}.{state.name}"


def test_a_move_writes_the_meaning_of_the_new_state_on_the_object(host, site):
    doc = make_document(host, site, "66/m1/s1")
    assert (doc.workflow_state, doc.workflow_meaning) == ("draft", EDITABLE)
    fire(host, doc, "submit", "head")
    assert (doc.workflow_state, doc.workflow_meaning) == ("submitted", SUBMITTED)


def test_a_region_with_its_own_state_names_still_counts_confirmed_concept_documents(host, site):
    users = users_of(site)
    steps.enrol(host, site["54"], ["54-1-1"], YEAR, "region54")
    p = steps.participation_of(site["54"]["m1"]["s1"], YEAR)
    steps.import_risk_profiles(host, site["54"], [(2, "54-1-1", "staff_shortage", "high")], YEAR, "region54")
    steps.assign_curator(host, p, users["curator54"], "coordinator54")
    steps.record_first_visit(host, p, "curator54", datetime.date(YEAR, 2, 20), {}, ["staff_shortage"])
    docs = [steps.save_concept_document(host, p, DEVELOPMENT_CONCEPT, "head54", content()),
            steps.save_concept_document(host, p, MEDIUM_TERM_PROGRAMME, "head54", content()),
            steps.save_concept_document(host, p, ANTI_RISK_PROGRAMME, "head54", content(),
                                        risk_factor="staff_shortage")]
    for doc in docs:
        fire(host, doc, "otpravit", "head54")
        assert doc.submitted_at is not None and doc.due == doc.history[-1].at.date() + datetime.timedelta(days=10)
        with pytest.raises(steps.StepRefused):
            steps.save_concept_document(host, p, doc.document_type, "head54", content("Другое"),
                                        risk_factor=doc.risk_factor)
    assert "concept_confirmed" not in p.indicators_met
    for doc in docs:
        fire(host, doc, "prinyat", "curator54")
    assert {d.workflow_state for d in docs} == {"prinyat"}
    assert "concept_confirmed" in p.indicators_met
    assert indicators.counts(site["54"], YEAR)["concept_confirmed"] == 1
    assert [step for step, _, _ in steps.next_steps(host, "54", p)] == ["confirming_documents"]


def test_the_evolve_step_gives_stored_objects_and_snapshots_the_meaning_of_their_state(host, site):
    from core.attestation_monitoring import quarterly
    from core.attestation_monitoring.evolve import state_meanings
    from core.cmm import bank as cmm_bank
    from core.cmm.evolve import awaiting_items
    from core.cmm.model import bank_of
    from core.evolve import workflow_meanings
    from tests.plugins.attestation import ITEMS
    doc = make_document(host, site, "66/m1/s1")
    fire(host, doc, "submit", "head")
    item = cmm_bank.create_item(host, bank_of(site, create=True), ITEMS[0], None)
    cmm_bank.move(host, item, "submit", None)
    for obj in (doc, item):
        del obj.workflow_meaning  # as a record stored before the step
    old = [{"state": "testing", "title": "Проходит тестирование", "count": 2},
           {"state": "scored", "title": "Оценён", "count": 3}]
    folder = quarterly.folder_of(site["66"], create=True)
    folder.add("2026-q1", quarterly.Snapshot(2026, 1, {"states": old}, "region66", None))
    for step in (workflow_meanings, awaiting_items, state_meanings):
        step(site)
    assert (doc.workflow_meaning, item.workflow_meaning) == (SUBMITTED, SUBMITTED)
    assert [(s["state"], s["meaning"]) for s in folder["2026-q1"].figures["states"]] == [
        ("testing", IN_PROGRESS), ("scored", SUBMITTED)]

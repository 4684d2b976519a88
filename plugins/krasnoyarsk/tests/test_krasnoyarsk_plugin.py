"""Krasnoyarsk (24): the parents' community in an anti-risk programme, the head's withdrawal, its own deadline
and the consultations log, tested with the installed fixtures (``oko_site``, ``oko_login``) alone."""
import datetime

import pytest

from core.plugin import Refused
from oko_krasnoyarsk import consultations


def test_an_anti_risk_programme_says_how_the_parents_take_part_and_is_confirmed(oko_site):
    with oko_site.edit() as site:
        participation = oko_site.project500(site)
        with pytest.raises(Refused, match="Участие родительского сообщества"):
            oko_site.concept_document(participation)
        doc = oko_site.concept_document(participation, extra={"parent_community": "Управляющий совет школы"},
                                        confirm=True)
        assert doc.workflow_state == "confirmed" and doc.content["parent_community"] == "Управляющий совет школы"


def test_concept_documents_are_due_on_15_april(oko_host, oko_region):
    assert oko_host.deadlines(oko_region, 2027)["concept_documents"] == datetime.date(2027, 4, 15)


def test_the_head_withdraws_a_document_sent_by_mistake_on_its_page(oko_site, oko_login):
    with oko_site.edit() as site:
        oko_site.fire(oko_site.add_document(site), "submit", "school_head")
    page = oko_login("school_head").get(f"/{oko_site.people.school}/doc-1/")
    page = oko_site.form(page, "@@transition").submit("transition", value="withdraw", status=303).follow()
    assert "Черновик" in page.text


def test_a_coordinators_request_is_a_task_of_the_regional_operator(oko_site, oko_login):
    with oko_site.edit() as site:
        consultations.log_request(oko_site.host, site[oko_site.region], "m1", {
            "requested_on": datetime.date.today().isoformat(), "requester": "Гимназия № 1",
            "topic": "Порядок аттестации кандидатов", "channel": "phone"}, "municipal_coordinator")
    tasks = oko_login("regional_operator").get("/api/v1/tasks").json["tasks"]
    due = (datetime.date.today() + datetime.timedelta(days=consultations.ANSWER_DAYS)).isoformat()
    assert [(t["path"], t["due"], t["transitions"]) for t in tasks] == [("/24/consultations/1", due, ["answer"])]


def test_a_school_heads_attestation_passes_the_regions_interview_and_ends_in_a_drafted_order(oko_site):
    with oko_site.edit() as site:
        campaign = oko_site.leader_attestation_to_order(site)
        dossier = campaign.participants["school_head"]
        stages = {s["code"]: s for s in oko_site.host.items("oko_attestation_stages", oko_site.region,
                                                             category="head")}
        recorded = {code for code, s in stages.items() if s.get("kind") == "recorded"}
        assert recorded and recorded <= set(dossier.stage_results), "the region's own stage was entered"
        assert dossier.decision == "passed" and set(campaign.acts) == {"protocol", "order"}


def test_a_teacher_reaches_the_commissions_decision_by_every_step(oko_site):
    with oko_site.edit() as site:
        dossier = oko_site.teacher_to_decision(site)
        assert dossier.step == "record_result" and dossier.decision[0] == "established"
        assert [e.step for e in dossier.journal][-4:] == ["give_consent", "expert_drawn", "review", "decide"]

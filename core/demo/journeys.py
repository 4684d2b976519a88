"""The long journeys a plugin changes, walked for any region through the domains' own steps.

``build_region`` gives a region its people; these take them, step by step as
the people would, to the end of the two attestations, so a plugin's test can
check what its hooks change on the way (a stage of its own, a threshold, a
template, a deadline, the required documents, the review criteria):

- ``leader_attestation_to_order``: a campaign of the school heads opened, the
  first school's head scheduled, registered, tested, the case scored by two
  experts of the other municipality, the region's recorded stages entered,
  the threshold calculated, the commission met and decided, and the
  protocol and the order drafted in the region's register;
- ``teacher_to_decision``: a teacher of the first school planned, the data
  sent, the account opened, the materials uploaded and sent, consent given,
  the portfolio reviewed by the region's expert and the commission's
  decision recorded.

A step the region's plugin refuses (a blueprint its bank cannot fill, a
document its template lacks) raises that step's Russian refusal, so the test
fails saying what is missing.
"""
import datetime
import io

from core.attestation import campaign as leader_campaign
from core.attestation import commission as leader_commission
from core.attestation import registration, scoring, sitting, threshold
from core.attestation.stages import stages_for
from core.cmm.federal import load_federal_bank
from core.cmm.model import bank_of
from core.demo.common import DEMO_PASSWORD as PASSWORD
from core.demo.files import demo_docx
from core.demo.region import node, plan_teacher
from core.security.roles import grant
from core.security.users import demo_user, users_of
from core.teachers import steps as teachers
from core.teachers.documents import required_documents
from core.teachers.model import decisions_for

# Two experts of the second municipality: a leader's case is scored by two experts from elsewhere.
CASE_EXPERTS = [("expert_m2a", "Вторушина Алла Сергеевна"), ("expert_m2b", "Третьяков Олег Ильич")]
CASE_TEXT = ("Соберу данные: результаты ВПР по классам, посещаемость, темы с наибольшей долей ошибок. "
             "На методическом совете разберём причины, скорректируем рабочие программы и через четверть "
             "проверим динамику.")
# The share of the most points the experts and the recorded stages give: above any usual threshold.
SHARE = 0.8
COMMISSION = ("commission_chair", "commission_secretary", "commission_member")


def _answer(item):
    """The right answer of a drawn item (the case: a reasoned text)."""
    right = tuple(item.answer or ())
    if item.kind == "single":
        return right[0] if right else item.options[0][0]
    if item.kind == "multiple":
        return list(right) or [item.options[0][0]]
    if item.kind == "case":
        return CASE_TEXT
    return right[0] if right else "—"


def leader_attestation_to_order(host, site, people, hasher, password=PASSWORD, today=None):
    """The school head of ``people.school`` attested this year, up to the drafted protocol and order.

    Returns the campaign; ``campaign.acts`` names the protocol and the order,
    ``campaign.participants["school_head"]`` is the head's dossier.
    """
    today = today or datetime.date.today()
    region = node(site, people.code)
    if not len(bank_of(site, create=True)):
        load_federal_bank(host, site)
    for login, title in CASE_EXPERTS:
        grant(node(region, "m2"), demo_user(site, login, title, password, hasher), "expert")
    users = users_of(site)
    operator = "regional_operator"
    campaign = leader_campaign.open_campaign(host, region, today.year, operator)
    leader_campaign.schedule(host, campaign, users["school_head"], people.schools[0], "head", today, operator)
    for login, _ in CASE_EXPERTS:
        leader_campaign.add_expert(campaign, users[login], operator)
    for role in COMMISSION:
        leader_commission.appoint(campaign, users[role], role, operator)
    dossier = campaign.participants["school_head"]
    registration.register(host, dossier, {"education": "Высшее педагогическое; КПК «Управление школой»"},
                          True, "school_head")
    test = sitting.start_test(host, dossier, "school_head")
    for item in test.items:
        sitting.save_answer(host, dossier, item.code, _answer(item), "school_head")
    sitting.submit_test(host, dossier, "school_head")
    for code in dossier.case_codes:
        answer = campaign.answers[code]
        for expert in answer.experts:
            points = {c["code"]: round(c["max"] * SHARE) for c in answer.item.rubric}
            scoring.score_case(host, answer, expert, points)
    for stage in stages_for(host, people.code, "head"):
        if stage.get("kind") == "recorded":
            # NB: build_region's users log in with their role's name: whoever the stage names enters it.
            role = next(r for r in stage.get("roles", ()) if r in users)
            scoring.record_stage_result(host, dossier, stage["code"],
                                        round(float(stage.get("max_score", 100)) * SHARE, 2), role)
    threshold.calculate(host, campaign, "head", operator, "Все результаты получены")
    leader_commission.hold_meeting(host, campaign, today, region.title, list(COMMISSION), "commission_secretary")
    leader_commission.decide(host, campaign, dossier, leader_commission.suggested(campaign, dossier) or "passed",
                             "commission_chair", comment="Решение по результатам этапов аттестации")
    leader_commission.draft_acts(host, campaign, {
        "protocol_number": "1", "responsible_name": "начальник отдела аттестации Петрова А. С.",
        "signatory_name": "И. И. Иванов"}, "commission_secretary")
    return campaign


def _material(title):
    return io.BytesIO(demo_docx(title, "Материалы аттестации")), f"{title}.docx", None


def teacher_to_decision(host, site, people, decision=None, post="primary_teacher", category="first",
                        days=30, today=None):
    """A teacher of ``people.school`` taken by every step of the teacher attestation up to the commission's
    decision (``decision``: the first the category allows when left out). Returns the dossier.
    """
    today = today or datetime.date.today()
    users = users_of(site)
    dossier = plan_teacher(host, site, people, post, category, days, today=today)
    year = dossier.__parent__
    if year.schedule_order is None:
        teachers.draft_schedule(host, year, "attestation_officer", {
            "city": people.title, "officer_name": "Аттестационная С. Ю.", "signatory_post": "Директор",
            "signatory_name": "М. Н. Директорова"})
    teachers.send_data(host, dossier, "attestation_officer")
    teachers.open_account(host, dossier, "municipal_coordinator", users["teacher"])
    for document in required_documents(host, people.code, dossier):
        teachers.upload_material(host, dossier, document["code"], _material(document["title"]), "teacher")
    teachers.submit_materials(host, dossier, "teacher")
    teachers.give_consent(host, dossier, "teacher")
    if not dossier.experts:
        teachers.draw_waiting(host, node(site, people.code), "regional_operator")
    criteria = host.review_criteria(people.code, teachers.REVIEW_DOCUMENT_TYPE)
    teachers.review(host, dossier, dossier.experts[0], {c["code"]: (True, "") for c in criteria})
    teachers.decide(host, dossier, "commission_chair", decision or decisions_for(dossier.category)[0],
                    protocol="Протокол № 1")
    return dossier

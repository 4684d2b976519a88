"""The leader attestation in the API: the same steps as the pages, on the same domain code.

{path} is a region (open a campaign), a campaign (``…/leader-attestation-2026``:
schedule, experts, threshold), a dossier (``…/participants/<login>``:
registration, the test) or an anonymous case answer (``…/answers/<code>``:
the expert's view and score). A refused step answers ``forbidden`` 403,
``order`` 409, ``invalid`` 400 (with ``details``); nothing is kept. What the
API says of a case answer is what the expert's page shows: no attestee.
"""
import datetime

from pyramid.view import view_config

from core.api.validation import ApiError
from core.api.validation import iso_date as _date
from core.attestation import (
    Campaign,
    CaseAnswer,
    Dossier,
    access,
    commission,
    registration,
    scoring,
    sitting,
    threshold,
)
from core.attestation import campaign as steps
from core.attestation.model import DECISIONS
from core.attestation.stages import stages_for
from core.cases import state_title
from core.resources import Region, path_of, region_code_of
from core.security.choosing import require_allowed
from core.security.permissions import REVIEW, VIEW

TREE = "api_tree"


def _iso(value):
    return value.isoformat() if isinstance(value, (datetime.date, datetime.datetime)) else value


def threshold_body(entry):
    """A threshold entry: the value, the rule, how many results, who, when, why."""
    if entry is None:
        return None
    return {"category": entry.category, "threshold": entry.threshold, "rule": entry.rule,
            "results": entry.results, "actor": entry.actor, "at": entry.at.isoformat(), "reason": entry.reason,
            "frozen": entry.frozen}


def dossier_body(host, d):
    """What the API says of a dossier (to its attestee, the operators and the commission)."""
    region = region_code_of(d)
    return {"path": path_of(d), "attestee": d.attestee, "person": d.person, "category": d.category,
            "school": {"code": d.school_code, "title": d.school_title, "path": d.school_path},
            "municipality": d.municipality, "sitting": d.sitting.isoformat(), "state": d.workflow_state,
            "state_title": state_title(host, d), "portfolio": dict(d.portfolio), "consent_at": _iso(d.consent_at),
            "started_at": _iso(d.started_at), "deadline_at": _iso(d.deadline_at),
            "submitted_at": _iso(d.submitted_at), "remaining_seconds": sitting.remaining(d),
            "stages": [{"code": s["code"], "title": s["title"], "result": d.stage_results.get(s["code"])}
                       for s in stages_for(host, region, d.category)],
            "total": d.total, "threshold": threshold_body(threshold.threshold_for(d.campaign, d.category)),
            "decision": d.decision,
            "decision_title": DECISIONS[d.category][d.decision][0] if d.decision else None,
            "history": [{"transition": e.transition, "to_state": e.to_state, "actor": e.actor,
                         "at": e.at.isoformat(), "comment": e.comment} for e in d.history]}


def campaign_body(host, c):
    """The campaign: settings, the schedule, experts, commission, thresholds and their log."""
    exposure = c.exposure
    return {"path": path_of(c), "year": c.project_year, "time_limit": c.time_limit,
            "exposure": {"percent": round(c.exposure_share * 100), "planned": sitting.planned_tests(c),
                         "limit": sitting.exposure_limit(c),
                         "drawn": exposure.tests if exposure is not None else 0},
            "meeting": {"date": c.meeting.date.isoformat(), "place": c.meeting.place,
                        "present": list(c.meeting.present)} if c.meeting is not None else None,
            "participants": [{"path": path_of(d), "attestee": d.attestee, "person": d.person,
                              "category": d.category, "school": d.school_code, "sitting": d.sitting.isoformat(),
                              "state": d.workflow_state, "total": d.total, "decision": d.decision}
                             for d in sorted(c.dossiers(), key=lambda d: (d.sitting, d.person))],
            "experts": [{"login": user.login, "title": user.title, "works_in": where}
                        for user, where in steps.expert_pool(c)],
            "commission": c.commission(),
            "thresholds": {k: threshold_body(v) for k, v in sorted(c.thresholds.items())},
            "threshold_log": [threshold_body(e) for e in c.threshold_log],
            "frozen_at": _iso(c.frozen_at), "unassigned_answers": scoring.unassigned(c), "acts": dict(c.acts)}


def _item_body(item, saved):
    body = {"code": item.code, "kind": item.kind, "stem": item.stem,
            "options": [{"key": k, "text": t} for k, t in item.options], "max_score": item.max_score,
            "answer": list(saved) if isinstance(saved, tuple) else saved}
    if item.kind == "case":
        body["rubric"] = [dict(r) for r in item.rubric]
    return body


def test_body(d):
    """The attestee's test: items without their keys, the saved answers, the time left."""
    return {"state": d.workflow_state, "remaining_seconds": sitting.remaining(d), "deadline_at": _iso(d.deadline_at),
            "items": [_item_body(i, d.answers.get(i.code)) for i in sitting.items_of(d)]}


def case_body(answer, login):
    """An anonymous case answer as its expert sees it: the code, the case, the rubric, the text."""
    mine = answer.scored_by(login)
    return {"code": answer.code, "stem": answer.item.stem, "rubric": [dict(r) for r in answer.item.rubric],
            "max_score": answer.max_score, "text": answer.text,
            "my_score": {"points": mine.points, "criteria": dict(mine.criteria), "at": mine.at.isoformat()}
            if mine else None, "agreed": answer.final is not None}


def _view(context, name, method, op, permission):
    return view_config(route_name=TREE, context=context, name=name, request_method=method, renderer="json",
                       permission=permission, openapi=op)


# -- the region and the campaign -------------------------------------------------------------

@_view(Region, "leader-attestation", "POST", "openAttestationCampaign", access.OPEN_CAMPAIGN.permission)
def open_campaign(context, request):
    """Open (or get) the region's campaign of a year."""
    body = request.api_body
    c = steps.open_campaign(request.registry.oko, context, body["year"], request.authenticated_userid,
                            body.get("time_limit", 90))
    return {"campaign": campaign_body(request.registry.oko, c)}


@_view(Campaign, "campaign", "GET", "getAttestationCampaign", VIEW)
def campaign(context, request):
    """The campaign (tests whose time is up are handed in as it is read)."""
    sitting.expire_all(request.registry.oko, context)
    return {"campaign": campaign_body(request.registry.oko, context)}


@_view(Campaign, "participants", "POST", "scheduleAttestee", access.SCHEDULE.permission)
def schedule(context, request):
    """Put a leader or a candidate on the schedule."""
    body = request.api_body
    user = require_allowed(context, "region", steps.user_of(context, body["login"]))
    d = steps.schedule(request.registry.oko, context, user, body["school"], body["category"],
                       _date(body["sitting"], "sitting"), request.authenticated_userid)
    request.response.status = 201
    return {"dossier": dossier_body(request.registry.oko, d)}


@_view(Campaign, "experts", "POST", "addAttestationExpert", access.ADD_EXPERT.permission)
def add_expert(context, request):
    """Add an expert to the pool (where the expert works is read from the expert's roles)."""
    body = request.api_body
    steps.add_expert(context, require_allowed(context, "region", steps.user_of(context, body["login"])),
                     request.authenticated_userid)
    return {"campaign": campaign_body(request.registry.oko, context)}


@_view(Campaign, "settings", "POST", "configureAttestationCampaign", access.CONFIGURE.permission)
def configure(context, request):
    """Change the time limit and the exposure limit; both are checked before either is kept."""
    body = request.api_body
    steps.configure(context, request.authenticated_userid, body.get("time_limit"), body.get("exposure_percent"))
    return {"campaign": campaign_body(request.registry.oko, context)}


@_view(Campaign, "threshold", "POST", "calculateThreshold", access.CALCULATE_THRESHOLD.permission)
def calculate_threshold(context, request):
    """(Re)calculate a category's threshold, logged with the reason; refused once frozen."""
    body = request.api_body
    entry = threshold.calculate(request.registry.oko, context, body["category"],
                                request.authenticated_userid, body["reason"])
    return {"threshold": threshold_body(entry)}


# -- the commission: composition, meeting, decisions, acts --------------------------------------

@_view(Campaign, "commission", "POST", "appointCommissionMember", access.APPOINT_COMMISSION.permission)
def appoint(context, request):
    """Appoint the chair, the secretary or a member of the commission."""
    body = request.api_body
    commission.appoint(context, require_allowed(context, "region", steps.user_of(context, body["login"])), body["role"],
                       request.authenticated_userid)
    return {"campaign": campaign_body(request.registry.oko, context)}


@_view(Campaign, "commission-meeting", "POST", "holdCommissionMeeting", access.HOLD_MEETING.permission)
def meeting(context, request):
    """Open the commission's meeting (the secretary or the chair): the thresholds are frozen."""
    body = request.api_body
    commission.hold_meeting(request.registry.oko, context, _date(body["date"], "date"), body.get("place", ""),
                            body["present"], request.authenticated_userid)
    return {"campaign": campaign_body(request.registry.oko, context)}


@_view(Campaign, "decisions", "POST", "decideAttestee", access.DECIDE.permission)
def decide(context, request):
    """Record the commission's decision on one attestee (a comment when it departs from the threshold)."""
    body = request.api_body
    folder = context.participants
    d = folder.get(body["participant"]) if folder is not None else None
    if d is None:
        raise ApiError(400, "step_invalid", "Нет такого аттестуемого в кампании.",
                       [{"field": "participant", "message": "нет в графике"}])
    commission.decide(request.registry.oko, context, d, body["decision"], request.authenticated_userid,
                      body.get("comment", ""))
    return {"dossier": dossier_body(request.registry.oko, d)}


@_view(Campaign, "attestation-acts", "POST", "draftAttestationActs", access.DRAFT_ACTS.permission)
def draft_acts(context, request):
    """Draft the protocol and the order approving the results in the region's register."""
    protocol, order = commission.draft_acts(request.registry.oko, context, dict(request.api_body),
                                            request.authenticated_userid)
    request.response.status = 201
    return {"protocol": path_of(protocol), "order": path_of(order),
            "campaign": campaign_body(request.registry.oko, context)}


# -- the dossier: registration and the test ----------------------------------------------------

@_view(Dossier, "dossier", "GET", "getDossier", VIEW)
def dossier(context, request):
    """The dossier (its test handed in as it is read once time is up)."""
    sitting.expire(request.registry.oko, context)
    return {"dossier": dossier_body(request.registry.oko, context)}


@_view(Dossier, "registration", "POST", "registerAttestee", access.REGISTER.permission)
def register(context, request):
    """The attestee's portfolio and consent."""
    body = request.api_body
    registration.register(request.registry.oko, context, body["portfolio"], body["consent"],
                          request.authenticated_userid)
    return {"dossier": dossier_body(request.registry.oko, context)}


@_view(Dossier, "test", "GET", "getTest", VIEW)
def test(context, request):
    """The attestee's test and saved answers (handed in as it is read once time is up)."""
    sitting.expire(request.registry.oko, context)
    return {"test": test_body(context)}


@_view(Dossier, "test-start", "POST", "startTest", access.START_TEST.permission)
def start(context, request):
    """Start the test: draw it and start the clock."""
    sitting.start_test(request.registry.oko, context, request.authenticated_userid)
    return {"test": test_body(context)}


@_view(Dossier, "answers", "POST", "saveAnswer", access.SAVE_ANSWER.permission)
def answer(context, request):
    """Save one answer; refused after the time limit or after submission."""
    body = request.api_body
    sitting.save_answer(request.registry.oko, context, body["item"], body["answer"],
                        request.authenticated_userid)
    return {"saved": True, "item": body["item"], "remaining_seconds": sitting.remaining(context)}


@_view(Dossier, "test-submit", "POST", "submitTest", access.SUBMIT_TEST.permission)
def submit(context, request):
    """Hand the test in; a second submission is refused."""
    sitting.submit_test(request.registry.oko, context, request.authenticated_userid)
    return {"dossier": dossier_body(request.registry.oko, context)}


# -- the expert: an anonymous case answer --------------------------------------------------------

def _assigned(request, answer):
    if request.authenticated_userid not in answer.experts:
        raise ApiError(403, "step_forbidden", "Этот ответ не назначен вам на оценивание.")


@_view(CaseAnswer, "case", "GET", "getCaseAnswer", REVIEW)
def case(context, request):
    """The anonymous answer assigned to the expert."""
    _assigned(request, context)
    return {"case": case_body(context, request.authenticated_userid)}


@_view(CaseAnswer, "scores", "POST", "scoreCaseAnswer", access.SCORE_CASE.permission)
def score(context, request):
    """Score the answer by the rubric (points per criterion)."""
    _assigned(request, context)
    body = request.api_body
    scoring.score_case(request.registry.oko, context, request.authenticated_userid, body["points"],
                       body.get("comment", ""))
    return {"case": case_body(context, request.authenticated_userid)}

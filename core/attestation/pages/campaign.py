"""A campaign's page: the schedule, experts, results series, thresholds, the meeting, decisions, acts.

The regional operator manages the campaign (``manage_project`` on the
region); the commission (local roles on the campaign) reads it, and its
secretary or chair holds the meeting and records decisions.
"""
import datetime
from types import SimpleNamespace

from pyramid.view import view_config

from core.acts import document_defaults
from core.attestation import AttestationRefused, Campaign, access, commission, scoring, series, sitting, threshold
from core.attestation import campaign as steps
from core.attestation.model import CAMPAIGN_PREFIX, CATEGORIES, COMMISSION_ROLES, DECISIONS
from core.attestation.pages._common import done, refused, template
from core.attestation.stages import stages_for
from core.cases import state_title
from core.declension import dative
from core.numbers import number
from core.refused import Refused
from core.resources import Region
from core.security.choosing import pick
from core.security.permissions import MANAGE_PROJECT, VIEW
from core.views.layout import person

PAGE = template("campaign")
REGION_PAGE = template("region")
OPERATORS = {"regional_operator", "federal_operator"}
SECRETARIES = {"commission_secretary", "commission_chair"}


def _date(value):
    try:
        return datetime.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


# -- the region: opening a campaign ------------------------------------------------------

def region_page(request, region, **extra):
    """The data of the region's attestation page: its campaigns and the form to open one."""
    names = [n for n in region.keys(start=CAMPAIGN_PREFIX, limit=20) if n.startswith(CAMPAIGN_PREFIX)]
    return {"region": region, "campaigns": [region[n] for n in reversed(names)],
            "year": datetime.date.today().year, "error": None, "details": [], **extra}


@view_config(context=Region, name="leader-attestation", request_method="GET", renderer=REGION_PAGE,
             permission=MANAGE_PROJECT)
def region_campaigns(context, request):
    """The region's attestation campaigns."""
    return region_page(request, context)


@view_config(context=Region, name="leader-attestation", request_method="POST", renderer=REGION_PAGE,
             permission=access.OPEN_CAMPAIGN.permission)
def open_campaign(context, request):
    """Open (or go to) the campaign of a year."""
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = 0
    try:
        c = steps.open_campaign(request.registry.oko, context, year, request.authenticated_userid,
                                request.POST.get("time_limit") or 90)
    except Refused as exc:
        return refused(request, exc, REGION_PAGE, region_page(request, context))
    return done(request, request.resource_url(c), f"Кампания аттестации {c.project_year} года открыта.")


# -- the campaign ------------------------------------------------------------------------

def participant_rows(request, host, c):
    """The schedule: one row per dossier, by sitting date and name."""
    rows = []
    for d in sorted(c.dossiers(), key=lambda d: (d.sitting, d.person)):
        rows.append(SimpleNamespace(
            d=d, url=request.resource_url(d), category=CATEGORIES[d.category], state=state_title(host, d),
            suggested=commission.suggested(c, d),
            decision=DECISIONS[d.category][d.decision][0] if d.decision else ""))
    return rows


def campaign_page(request, c, **extra):
    """The data of the campaign page."""
    host = request.registry.oko
    roles = request.roles_on(c)
    region = c.__parent__
    composition = c.commission()
    return {
        "c": c, "rows": participant_rows(request, host, c), "categories": CATEGORIES,
        "doc_defaults": document_defaults(host, region),
        "stages": {CATEGORIES[k]: ", ".join(s["title"] for s in stages_for(host, region.__name__, k))
                   for k in CATEGORIES},
        "is_operator": bool(roles & OPERATORS), "is_secretary": bool(roles & SECRETARIES),
        "experts": [(user.login, user.title, where) for user, where in steps.expert_pool(c)],
        "commission": [(COMMISSION_ROLES[role], person(request, login)) for role, logins in composition.items()
                       for login in logins],
        "members": [(login, person(request, login)) for logins in composition.values() for login in logins],
        "roles": COMMISSION_ROLES, "thresholds": [(CATEGORIES[k], e) for k, e in sorted(c.thresholds.items())],
        "log": list(reversed(c.threshold_log)), "unassigned": scoring.unassigned(c),
        "acts": {kind: request.resource_url(request.root) + path.lstrip("/") for kind, path in c.acts.items()},
        "decisions": DECISIONS, "verdicts": {"passed": "проходит", "failed": "не проходит"}, "today": datetime.date.today(), "error": None, "details": [], **extra}


@view_config(context=Campaign, request_method="GET", renderer=PAGE, permission=VIEW)
def campaign_view(context, request):
    """The campaign: schedule, experts, commission, thresholds and, for the commission, the meeting.

    Tests whose time is up are handed in as the page is read (``sitting.expire_all``).
    """
    sitting.expire_all(request.registry.oko, context)
    return campaign_page(request, context)


def _step(context, request, run, message):
    try:
        result = run()
    except Refused as exc:
        return refused(request, exc, PAGE, campaign_page(request, context))
    return done(request, request.resource_url(context), message(result) if callable(message) else message)


def _post(name, step):
    return view_config(context=Campaign, name=name, request_method="POST", renderer=PAGE, permission=step.permission)


@_post("schedule", access.SCHEDULE)
def schedule(context, request):
    """Put a leader or a candidate on the schedule."""
    p = request.POST
    host, actor = request.registry.oko, request.authenticated_userid
    return _step(context, request, lambda: steps.schedule(
        host, context, pick(context, "region", p.get("login")), p.get("school", ""), p.get("category", ""),
        _date(p.get("sitting")), actor), lambda d: f"В график включён(а) {d.person}.")


@_post("experts", access.ADD_EXPERT)
def add_expert(context, request):
    """Add an expert to the pool (where the expert works is read from the expert's roles)."""
    p = request.POST
    return _step(context, request, lambda: steps.add_expert(
        context, pick(context, "region", p.get("login")), request.authenticated_userid),
        "Эксперт добавлен.")


@_post("appoint", access.APPOINT_COMMISSION)
def appoint(context, request):
    """Appoint the chair, the secretary or a member of the commission."""
    p = request.POST
    return _step(context, request, lambda: commission.appoint(
        context, pick(context, "region", p.get("login")), p.get("role", ""), request.authenticated_userid),
        "Состав комиссии изменён.")


@_post("series", access.IMPORT_SERIES)
def import_series(context, request):
    """Load the schools' results series (XLSX or CSV: school code, year, indicator, value)."""
    upload = request.POST.get("file")

    def run():
        if not hasattr(upload, "file"):
            raise AttestationRefused("Выберите файл с результатами школ.", "invalid")
        host = request.registry.oko
        return series.import_series(host, context, host.upload_limits.read(upload.file),
                                    upload.filename, request.authenticated_userid)
    return _step(context, request, run, lambda n: f"Динамика результатов загружена: школ — {n}.")


@_post("close-expired", access.CLOSE_EXPIRED)
def close_expired(context, request):
    """Hand in the tests whose time is up."""
    return _step(context, request, lambda: sitting.close_expired(request.registry.oko, context,
                                                                 request.authenticated_userid),
                 lambda n: f"Завершено тестов с истёкшим временем: {n}.")


@_post("assign-pending", access.ASSIGN_PENDING)
def assign_pending(context, request):
    """Give experts to the answers that wait for them."""
    return _step(context, request, lambda: scoring.assign_pending(request.registry.oko, context,
                                                                  request.authenticated_userid),
                 lambda n: f"Эксперты назначены: ответов — {n}.")


@_post("threshold", access.CALCULATE_THRESHOLD)
def calculate_threshold(context, request):
    """(Re)calculate a category's pass threshold, saying why."""
    p = request.POST
    return _step(context, request, lambda: threshold.calculate(
        request.registry.oko, context, p.get("category", ""), request.authenticated_userid, p.get("reason", "")),
        lambda e: f"Порог категории «{CATEGORIES[e.category]}»: {number(e.threshold)}.")


@_post("meeting", access.HOLD_MEETING)
def meeting(context, request):
    """Open the commission's meeting (the thresholds are frozen)."""
    p = request.POST
    return _step(context, request, lambda: commission.hold_meeting(
        request.registry.oko, context, _date(p.get("date")), p.get("place", ""), p.getall("present"),
        request.authenticated_userid), "Заседание открыто, пороги зафиксированы.")


@_post("decide", access.DECIDE)
def decide(context, request):
    """Record the commission's decision on one attestee."""
    p = request.POST
    folder = context.participants
    d = folder.get(p.get("participant", "")) if folder is not None else None

    def run():
        if d is None:
            raise AttestationRefused("Нет такого аттестуемого.", "invalid")
        commission.decide(request.registry.oko, context, d, p.get("decision", ""), request.authenticated_userid,
                          p.get("comment", ""))
        return d
    return _step(context, request, run, lambda d: f"Решение по {dative(d.person)} записано.")


@_post("acts", access.DRAFT_ACTS)
def draft_acts(context, request):
    """Draft the protocol and the order approving the results."""
    values = {k: request.POST.get(k, "") for k in ("protocol_number", "responsible_name", "signatory_post",
                                                   "signatory_name", "city")}
    return _step(context, request, lambda: commission.draft_acts(request.registry.oko, context, values,
                                                                 request.authenticated_userid),
                 "Протокол и приказ об утверждении результатов сформированы (черновики в реестре актов региона).")


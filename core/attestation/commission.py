"""The commission: its composition, its meeting, a decision per attestee, the protocol and the order.

The chair, the secretary and the members hold their roles on the campaign.
The meeting freezes the thresholds; the secretary (or the chair) records a
decision per scored attestee; then the protocol (``commission_protocol``) and
the order approving the results (``order_attestation_results``) are drafted
in the region's register through ``core.acts.draft_act``, their annex filled
from the dossiers, which the acts keep as their cases.
"""
import datetime

from core import acts
from core.attestation import access, threshold
from core.attestation._common import move, users
from core.attestation.model import CATEGORIES, COMMISSION_ROLES, DECISIONS, AttestationRefused, Meeting, now_or
from core.declension import accusative
from core.resources import find_root, path_of, traverse_path
from core.security.roles import grant, revoke
from core.workflow import DECIDED, SUBMITTED, means


def appoint(campaign, user, role, actor, now=None):
    """Make ``user`` the chair, the secretary or a member of the campaign's commission."""
    access.APPOINT_COMMISSION.require(campaign, actor)
    if role not in COMMISSION_ROLES:
        raise AttestationRefused(f"Нет такой роли в комиссии: «{role}».", "invalid")
    if user.login in campaign.experts:
        raise AttestationRefused("Эксперт, оценивающий кейсы, не входит в комиссию.", "invalid")
    if campaign.participants is not None and user.login in campaign.participants:
        raise AttestationRefused("Аттестуемый не может входить в комиссию.", "invalid")
    if role in ("commission_chair", "commission_secretary"):
        for login in campaign.commission()[role]:
            if login != user.login:
                revoke(campaign, users(campaign)[login], role, actor, via="commission", now=now)
    grant(campaign, user, role, actor, via="commission", now=now)
    share_acts(campaign)
    campaign.record("commission", actor, f"{user.title}: {COMMISSION_ROLES[role]}", now=now)


def dismiss(campaign, user, role, actor, now=None):
    """Take ``user`` off the commission (its role ``role``)."""
    access.DISMISS_COMMISSION.require(campaign, actor)
    if role not in COMMISSION_ROLES:
        raise AttestationRefused(f"Нет такой роли в комиссии: «{role}».", "invalid")
    revoke(campaign, user, role, actor, via="commission", now=now)
    share_acts(campaign)
    campaign.record("commission_dismissed", actor, f"{user.title}: {COMMISSION_ROLES[role]}", now=now)


def hold_meeting(host, campaign, date, place, present, actor, now=None):
    """Open the commission's meeting: who is present; the thresholds are frozen from now on."""
    access.HOLD_MEETING.require(campaign, actor)
    if campaign.meeting is not None:
        raise AttestationRefused(f"Заседание уже проведено {campaign.meeting.date:%d.%m.%Y}.")
    composition = campaign.commission()
    members = {login for logins in composition.values() for login in logins}
    problems = []
    if not composition["commission_chair"] or not composition["commission_secretary"]:
        problems.append("в комиссии должны быть председатель и секретарь")
    if not isinstance(date, datetime.date):
        problems.append("укажите дату заседания")
    unknown = sorted(set(present) - members)
    if unknown:
        problems.append("не члены комиссии: " + ", ".join(unknown))
    if len(set(present) & members) * 2 <= len(members):
        problems.append("нет кворума: присутствует не больше половины состава")
    if not any(means(d, SUBMITTED) for d in campaign.dossiers()):
        problems.append("нет аттестуемых, ожидающих решения")
    if problems:
        raise AttestationRefused("Заседание не открыто: " + "; ".join(problems) + ".", "invalid", problems)
    threshold.freeze(host, campaign, actor, now=now)
    campaign.meeting = Meeting(date, (place or "").strip()[:300], tuple(sorted(set(present))), actor, now_or(now))
    campaign.record("meeting", actor, f"{date:%d.%m.%Y}, присутствуют: {len(present)}", now=now)
    return campaign.meeting


def share_acts(campaign):
    """Let the commission as it is now (chair, secretary, members) read the campaign's drafted acts.

    The acts live in the region's register, where the commission holds no
    role; each act gets the commission as its readers (``core.acts.set_readers``)
    and no one else, and follows the composition when it changes.
    """
    if not campaign.acts:
        return
    members = {login for logins in campaign.commission().values() for login in logins}
    root = find_root(campaign)
    for path in campaign.acts.values():
        act = traverse_path(root, path)
        if act is not None:
            acts.set_readers(act, users(campaign), members)


def suggested(campaign, dossier):
    """The decision the threshold suggests: "passed" or "failed" (None without a threshold)."""
    passes = threshold.passes(campaign, dossier)
    return None if passes is None else ("passed" if passes else "failed")


def decide(host, campaign, dossier, decision, actor, comment="", now=None):
    """Record the commission's decision on one attestee (at the meeting, after all results are in)."""
    access.DECIDE.require(campaign, actor)
    if campaign.meeting is None:
        raise AttestationRefused("Решения принимаются на заседании комиссии: сначала откройте заседание.")
    if decision not in DECISIONS[dossier.category]:
        raise AttestationRefused(f"Неизвестное решение «{decision}».", "invalid")
    if means(dossier, DECIDED):
        raise AttestationRefused("Решение по этому аттестуемому уже принято.")
    comment = (comment or "").strip()
    if decision != suggested(campaign, dossier) and not comment:
        raise AttestationRefused("Решение расходится с порогом: укажите обоснование.", "invalid")

    def record(entry):
        # NB: part of the step: the listeners of "decide" read the decision on the dossier.
        dossier.decision = decision
        dossier.decision_comment = comment
    move(host, dossier, "decide", actor, comment or DECISIONS[dossier.category][decision][0], now=now,
         then=record)


def initials(title):
    """"Директорова Мария Николаевна" -> "М. Н. Директорова"."""
    parts = (title or "").split()
    if len(parts) < 2:
        return title or ""
    return " ".join(f"{p[0]}." for p in parts[1:3]) + " " + parts[0]


def _person(campaign, login):
    user = users(campaign).get(login)
    return user.title if user is not None else login


def annex(campaign):
    """The decided attestees, for the acts' tables: ``(dossier, protocol row, order row)``."""
    rows = []
    for d in sorted(campaign.dossiers(), key=lambda d: d.person):
        if not means(d, DECIDED):
            continue
        protocol_words, order_words = DECISIONS[d.category][d.decision]
        post = f"{CATEGORIES[d.category]}, {d.school_title}"
        # NB: the total as the threshold is written (74,33), never rounded to a whole number.
        score = round(d.total, 2) if d.total is not None else None
        rows.append((d, {"name": d.person, "post": post, "score": score, "decision": protocol_words},
                     {"name": d.person, "post": CATEGORIES[d.category], "school": d.school_title,
                      "score": score, "result": order_words}))
    return rows


def _draft(host, region, template_name, values, actor, cases, now):
    # NB: the template's defaults (scope of the commission, agenda) first, ours over them.
    try:
        template = acts.template_for(host, region, template_name)
        full = {**acts.initial_values(template, region, host=host), **values}
        return acts.draft_act(host, region, template_name, full, actor, cases=cases, now=now)
    except acts.ActRefused as exc:
        raise AttestationRefused(f"Документ не сформирован: {exc}", "invalid") from None


def draft_acts(host, campaign, values, actor, now=None):
    """Draft the protocol and the order approving the results in the region's register.

    ``values``: ``protocol_number``, ``city``, ``responsible_name``,
    ``signatory_post``, ``signatory_name`` (the rest comes from the meeting
    and the dossiers). Refused until every attestee with results is decided,
    or when the acts are already drafted.
    """
    access.DRAFT_ACTS.require(campaign, actor)
    meeting = campaign.meeting
    if meeting is None:
        raise AttestationRefused("Сначала проведите заседание комиссии.")
    if campaign.acts:
        raise AttestationRefused("Протокол и приказ уже сформированы.")
    if any(means(d, SUBMITTED) for d in campaign.dossiers()):
        raise AttestationRefused("Не по всем аттестуемым принято решение комиссии.")
    rows = annex(campaign)
    if not rows:
        raise AttestationRefused("Нет решений комиссии для протокола.")
    missing = [name for name in ("protocol_number", "responsible_name", "signatory_name")
               if not str(values.get(name) or "").strip()]
    if missing:
        raise AttestationRefused("Заполните: " + ", ".join(missing) + ".", "invalid", missing)
    region = campaign.__parent__
    composition = campaign.commission()
    chair = _person(campaign, composition["commission_chair"][0])
    secretary = _person(campaign, composition["commission_secretary"][0])
    present = [_person(campaign, login) for login in meeting.present]
    cases = [path_of(d) for d, _, _ in rows]
    defaults = acts.document_defaults(host, region)
    city = values.get("city") or defaults["city"] or region.title
    protocol = _draft(host, region, "commission_protocol", {
        "authority_name": defaults["authority"], "meeting_date": meeting.date,
        "place": meeting.place or city,
        "chair_name": initials(chair), "secretary_name": initials(secretary),
        "present": "\n".join(present),
        "heard": f"{accusative(initials(secretary))} о результатах аттестации руководителей и кандидатов {campaign.project_year} года.",
        "decisions": [p for _, p, _ in rows], "votes_for": len(meeting.present), "votes_against": 0,
        "votes_abstained": 0}, actor, cases, now)
    order = _draft(host, region, "order_attestation_results", {
        "authority_name": defaults["authority"], "city": city,
        "protocol_number": str(values["protocol_number"]).strip(), "protocol_date": meeting.date,
        "responsible_name": values["responsible_name"].strip(),
        "notify_days": int(values.get("notify_days") or 5), "attestees": [o for _, _, o in rows],
        "signatory_post": values.get("signatory_post") or defaults["head_post"],
        "signatory_name": values["signatory_name"].strip()}, actor, cases, now)
    campaign.acts = {"protocol": path_of(protocol), "order": path_of(order)}
    share_acts(campaign)
    campaign.record("acts", actor, "протокол и приказ сформированы", now=now)
    return protocol, order

"""Blind double scoring of management cases, a third expert on divergence, results per stage.

On submission each case answer is copied into an anonymous ``CaseAnswer``
under an opaque code and given to two experts of the campaign's pool, never
one who works in the attestee's school or municipality, as the experts'
own roles say (``core.security.workplaces``), the least loaded first. Each expert
scores it by the case's rubric; the region's ``oko_score_agreement`` either
agrees the score or asks for a third expert. The agreed score comes back to
the dossier through the campaign's anonymisation key; when every stage has
a result the dossier is scored.
"""
import hashlib
import secrets

from core.attestation import access
from core.attestation._common import move, users
from core.attestation.model import ANSWERS, AttestationRefused, CaseAnswer, CaseAnswers, ExpertScore, now_or
from core.attestation.stages import stage_of, stages_for, total_of
from core.catalog import reindex
from core.resources import find_root, region_code_of, traverse_path
from core.security.roles import grant, require_role
from core.security.workplaces import conflict
from core.workflow import UNDER_REVIEW, means

EXPERTS_PER_ANSWER = 2


def answers_folder(campaign):
    """The anonymised answers folder, made with the first answer."""
    folder = campaign.answers
    if folder is None:
        folder = campaign.add(ANSWERS, CaseAnswers("Обезличенные ответы на кейсы"))
    return folder


def _new_code(folder):
    # NB: digits, grouped as a person reads them aloud («Кейс 4832-1093»): nothing of the attestee in it.
    while True:
        n = secrets.randbelow(10 ** 8)
        code = f"{n // 10 ** 4:04d}-{n % 10 ** 4:04d}"
        if code not in folder:
            return code


def owner_of(answer):
    """The dossier an answer was written for, through the campaign's key (domain use only)."""
    campaign = answer.__parent__.__parent__
    return campaign.participants[campaign.keys[answer.code]]


def send_to_experts(host, dossier, items, now=None):
    """Anonymise the dossier's answers to case ``items`` and give each to two experts."""
    campaign = dossier.campaign
    folder = answers_folder(campaign)
    codes = []
    for item in items:
        code = _new_code(folder)
        text = dossier.answers.get(item.code, "")
        answer = folder.add(code, CaseAnswer(code, item, text))
        campaign.keys[code] = dossier.__name__
        codes.append(code)
        if not text:
            # NB: nothing to read: an empty answer scores nothing, no expert's time spent.
            answer.final, answer.final_rule = 0.0, "Ответ не дан"
        else:
            assign_experts(host, campaign, answer, EXPERTS_PER_ANSWER, now=now)
    dossier.case_codes = dossier.case_codes + tuple(codes)


def _load(campaign):
    return dict(getattr(campaign, "expert_load", None) or {})


def _change_load(campaign, login, delta):
    load = _load(campaign)
    load[login] = max(0, load.get(login, 0) + delta)
    campaign.expert_load = load


def assign_experts(host, campaign, answer, count, actor=None, now=None):
    """Assign experts until the answer has ``count``: never of the attestee's school or municipality, least
    loaded first; ``actor`` None when the process gives the answer out (on submission, on divergence).

    Returns the logins assigned now (fewer when the pool is short: the answer
    then waits for ``assign_pending`` after the pool grows).
    """
    owner = owner_of(answer)
    load = _load(campaign)
    site = find_root(campaign)
    site_users = users(campaign)
    school = traverse_path(site, owner.school_path) if owner.school_path else None
    candidates = [login for login in campaign.experts
                  if login not in answer.experts and login != owner.attestee and login in site_users
                  and school is not None and conflict(site, site_users[login], school) is None]
    # NB: ties broken by a hash of the answer and the expert: no order to guess, the same every time.
    candidates.sort(key=lambda login: (load.get(login, 0),
                                       hashlib.sha256(f"{answer.code}|{login}".encode()).hexdigest()))
    chosen = candidates[:max(0, count - len(answer.experts))]
    for login in chosen:
        grant(answer, site_users[login], "expert", actor, via="assign_experts", now=now)
        _change_load(campaign, login, 1)
    answer.experts = answer.experts + tuple(chosen)
    due = answer.due
    if chosen:
        # NB: the experts given the answer now have the region's ``case_scoring`` period to score it.
        period = host.deadlines(region_code_of(answer), campaign.project_year).get("case_scoring")
        if period is not None:
            due = (now_or(now) + period).date()
    _refresh(answer, due)
    return chosen


def assign_pending(host, campaign, actor, now=None):
    """Give experts to the answers still short of them (after the pool grew); returns how many got one."""
    access.ASSIGN_PENDING.require(campaign, actor)
    folder = campaign.answers
    count = 0
    for answer in (folder.values() if folder is not None else ()):
        wanted = 3 if answer.third_requested else EXPERTS_PER_ANSWER
        if answer.final is None and len(answer.experts) < wanted:
            count += bool(assign_experts(host, campaign, answer, wanted, actor, now=now))
    return count


def unassigned(campaign):
    """How many answers wait for experts the pool does not have."""
    folder = campaign.answers
    return sum(1 for a in (folder.values() if folder is not None else ())
               if a.final is None and len(a.experts) < (3 if a.third_requested else EXPERTS_PER_ANSWER))


def _refresh(answer, due=None):
    """Who the answer awaits now (and, when given, by when): its experts until every one has scored."""
    waiting = answer.final is None and any(answer.scored_by(login) is None for login in answer.experts)
    roles = frozenset({"expert"}) if waiting else frozenset()
    changed = []
    if answer.awaiting_roles != roles:
        answer.awaiting_roles = roles
        changed.append("awaiting")
    if due is not None and answer.due != due:
        answer.due = due
        changed.append("due")
    if changed:
        reindex(answer, changed)


def check_points(answer, points):
    """``((criterion, points), ...)`` in rubric order, or AttestationRefused naming each bad criterion."""
    problems, rows = [], []
    for criterion in answer.item.rubric:
        raw = (points or {}).get(criterion["code"])
        try:
            value = float(str(raw).replace(",", ".")) if raw not in (None, "") else None
        except ValueError:
            value = None
        if value is None:
            problems.append(f"«{criterion['title']}»: укажите балл")
        elif not 0 <= value <= criterion["max"]:
            problems.append(f"«{criterion['title']}»: балл от 0 до {criterion['max']}")
        else:
            rows.append((criterion["code"], value))
    if problems:
        raise AttestationRefused("Оценка не сохранена: " + "; ".join(problems) + ".", "invalid", problems)
    return tuple(rows)


def score_case(host, answer, actor, points, comment="", now=None):
    """An assigned expert scores an answer by its rubric; agreement or a third expert follows.

    Refused, changing nothing, for an expert the answer is not assigned to,
    a second score by the same expert, an agreed answer, or bad points.
    """
    # NB: assignment first: it is the stricter check, and says to an expert what is wrong.
    if actor not in answer.experts:
        raise AttestationRefused("Этот ответ не назначен вам на оценивание.", "forbidden")
    access.SCORE_CASE.require(answer, actor)
    if answer.final is not None:
        raise AttestationRefused("Оценка этого ответа уже согласована.")
    if answer.scored_by(actor) is not None:
        raise AttestationRefused("Вы уже оценили этот ответ: повторная оценка не принимается.")
    rows = check_points(answer, points)
    total = sum(value for _, value in rows)
    percent = round(100.0 * total / answer.max_score, 2) if answer.max_score else 0.0
    answer.scores = answer.scores + (ExpertScore(actor, now_or(now), rows, total, percent,
                                                 (comment or "").strip()[:3000]),)
    campaign = answer.__parent__.__parent__
    _change_load(campaign, actor, -1)
    _agree(host, campaign, answer, actor, now)
    _refresh(answer)
    if answer.final is not None:
        check_complete(host, owner_of(answer), actor, now=now)
    return answer


def _agree(host, campaign, answer, actor, now):
    if len(answer.scores) < 2 or any(answer.scored_by(login) is None for login in answer.experts):
        return
    region = region_code_of(answer)
    agreed = host.score_agreement(region, [s.percent for s in answer.scores])
    if agreed and agreed.get("third_expert") and len(answer.experts) < 3:
        answer.third_requested = True
        assign_experts(host, campaign, answer, 3, now=now)
        return
    if not agreed or "score" not in agreed:
        raise AttestationRefused("Правило согласования оценок региона не дало итоговую оценку.", "order")
    answer.final = round(float(agreed["score"]) * answer.max_score / 100.0, 2)
    answer.final_rule = agreed.get("rule", "")


def record_stage_result(host, dossier, stage_code, points, actor, now=None):
    """Enter the result of a ``recorded`` stage (a regional interview, a project) by a role the stage names."""
    region = region_code_of(dossier)
    stage = stage_of(host, region, dossier.category, stage_code)
    if stage is None or stage.get("kind") != "recorded":
        raise AttestationRefused(f"В этой аттестации нет этапа «{stage_code}» с оценкой вручную.", "invalid")
    require_role(dossier, actor, stage.get("roles", ()), access.MESSAGE, AttestationRefused)
    if not means(dossier, UNDER_REVIEW):
        raise AttestationRefused("Результат этапа вносится после тестирования и до решения комиссии.")
    try:
        points = float(points)
    except (TypeError, ValueError):
        points = -1
    if not 0 <= points <= float(stage.get("max_score", 100)):
        raise AttestationRefused(f"Балл этапа — от 0 до {stage.get('max_score', 100)}.", "invalid")
    dossier.stage_results = {**dossier.stage_results, stage_code: points}
    check_complete(host, dossier, actor, now=now)


def check_complete(host, dossier, actor, now=None):
    """Bring the agreed case scores into the dossier; when every stage has a result, it is scored."""
    if not means(dossier, UNDER_REVIEW):
        return
    region = region_code_of(dossier)
    campaign = dossier.campaign
    if any(s.get("kind") == "cases" for s in stages_for(host, region, dossier.category)):
        finals = [campaign.answers[code].final for code in dossier.case_codes]
        if all(f is not None for f in finals):
            dossier.stage_results = {**dossier.stage_results, "cases": round(sum(finals), 2)}
    total = total_of(host, region, dossier)
    if total is not None:
        dossier.total = total
        move(host, dossier, "complete", actor, system=True, now=now)

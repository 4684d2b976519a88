"""Sitting the test: a server-side time limit, each answer saved as it is given, scoring on submission.

The start time and the deadline are stored on the dossier when the test
starts; every answer is checked against the deadline here, not in the page,
so a reload or a dropped connection loses nothing and a late answer is
refused whatever the browser says.

Expiry needs no one to press a button: wherever a sitting is observed after
its deadline (the attestee's pages, the operator's and the commission's
campaign page, the API, ``oko remind``) ``expire`` hands the test in there
and then, as the attestee would have with the answers saved by the
deadline. This is a write on a read, and acceptable because it is:

- idempotent: only a dossier still ``testing`` past ``deadline_at`` moves,
  and it is stamped with the deadline, not with the moment it was seen, so
  whoever sees it first, the result is the same;
- conflict-safe: two requests expiring the same dossier at once both write
  it, ZODB refuses the second commit with a ConflictError, and pyramid_retry
  replays that request, which then finds the test handed in and writes
  nothing.

The operator's button (``close_expired``) stays, for a campaign nobody looks at.
"""
import dataclasses
import datetime
import hashlib
import math

from core.attestation import access
from core.attestation import scoring as cases
from core.attestation._common import move
from core.attestation.model import CAMPAIGN_PREFIX, AttestationRefused, now_or
from core.attestation.stages import has_stage
from core.cmm import assembly, scoring
from core.cmm.bank import published_items
from core.resources import Region, path_of, region_code_of
from core.workflow import DECIDED, EDITABLE, IN_PROGRESS, OPEN, SUBMITTED, UNDER_REVIEW, means

MAX_SHORT = 500
MAX_CASE = 20000
# What the states of a dossier whose test is handed in mean: being scored, awaiting the commission, decided.
HANDED_IN = (UNDER_REVIEW, SUBMITTED, DECIDED)


def _cmm():
    # NB: imported when used: the bank (core.cmm) is another module's, and
    # the campaign's pages must load even where it is being upgraded.
    return assembly, scoring


def seed_of(dossier):
    """The seed a dossier's test is drawn with: the same dossier always draws the same test."""
    digest = hashlib.sha256(f"{path_of(dossier)}|{dossier.project_year}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def planned_tests(campaign):
    """How many tests the campaign plans: everyone put on its schedule."""
    folder = campaign.participants
    return len(folder) if folder is not None else 0


def _limit(campaign):
    # (max_share, expected_tests) of the campaign's Exposure: no share at 100 %.
    share = campaign.exposure_share
    return (share, max(1, planned_tests(campaign))) if share < 1 else (None, None)


def exposure_limit(campaign):
    """Tests one item may appear in under the campaign's setting now (None: no limit)."""
    share, planned = _limit(campaign)
    return None if share is None else max(1, math.ceil(share * planned))


def exposure_of(campaign):
    """The campaign's item exposure counter (made with the first test), limited by the campaign's setting.

    The limit is ``ceil(share x planned tests)``: it grows as the schedule
    grows, and a lower share applies from the next test on.
    """
    assembly, _ = _cmm()
    if campaign.exposure is None:
        campaign.exposure = assembly.Exposure()
    exposure = campaign.exposure
    if (exposure.max_share, exposure.expected_tests) != _limit(campaign):
        exposure.max_share, exposure.expected_tests = _limit(campaign)
    return exposure


@dataclasses.dataclass(frozen=True)
class Rehearsal:
    """What drawing the tests of everyone not yet started would give, now, with the exposure limit.

    ``ready``: how many tests could be drawn; ``refused``: ``[(person, reason)]``;
    ``lowest``: roughly the lowest exposure share the bank allows (0..1).
    """

    ready: int
    refused: tuple
    lowest: float


def rehearse(host, campaign):
    """Draw, and keep nothing of, the tests of everyone who has not started: can the bank serve them all?

    A batch: the published pool is built once and handed to every draw
    (``assemble_test(pool=...)``); the counts go to a scratch copy of the
    campaign's exposure, so nothing is written.
    """
    assembly, _ = _cmm()
    region = campaign.__parent__
    pool = published_items(host, region)
    scratch = assembly.Exposure()
    if campaign.exposure is not None:
        scratch.counts.update(campaign.exposure.counts)
    scratch.max_share, scratch.expected_tests = _limit(campaign)
    ready, refused, lowest, seen = 0, [], 0.0, set()
    for d in sorted(campaign.dossiers(), key=lambda d: (d.sitting, d.person)):
        if not means(d, OPEN, EDITABLE):
            continue
        try:
            assembly.assemble_test(host, region, d.category, d.school_type, seed_of(d), scratch,
                                   municipality=d.municipality, pool=pool)
            ready += 1
        except assembly.BlueprintUnsatisfiable as exc:
            refused.append((d.person, str(exc)))
        if (d.category, d.school_type) not in seen:
            seen.add((d.category, d.school_type))
            fitting = [v for v in pool if v.fits(d.category, d.school_type)]
            blueprint = assembly.blueprint_for(host, region.code, d.category, d.school_type)
            lowest = max(lowest, assembly.lowest_share(fitting, blueprint))
    return Rehearsal(ready, tuple(refused), lowest)


def _attestee(step, dossier, actor):
    step.require(dossier, actor)
    if dossier.attestee != actor:
        raise AttestationRefused("Тест проходит сам аттестуемый.", "forbidden")


def start_test(host, dossier, actor, now=None):
    """Draw the attestee's test (seeded, by the blueprint) and start the clock."""
    _attestee(access.START_TEST, dossier, actor)
    now = now_or(now)
    if means(dossier, OPEN):
        raise AttestationRefused("Сначала зарегистрируйтесь: заполните портфолио и дайте согласие.")
    if not means(dossier, EDITABLE):
        raise AttestationRefused("Тестирование уже начато.")
    if now.date() < dossier.sitting:
        raise AttestationRefused(f"Тестирование откроется {dossier.sitting:%d.%m.%Y}.")
    assembly, _ = _cmm()
    campaign = dossier.campaign
    try:
        test = assembly.assemble_test(host, campaign.__parent__, dossier.category, dossier.school_type,
                                      seed_of(dossier), exposure_of(campaign), municipality=dossier.municipality,
                                      now=now)
    except assembly.BlueprintUnsatisfiable as exc:
        raise AttestationRefused(str(exc), "order") from None
    dossier.test = test
    dossier.started_at = now
    dossier.deadline_at = now + datetime.timedelta(minutes=campaign.time_limit)
    move(host, dossier, "start", actor, now=now)
    return test


def items_of(dossier):
    """The items of the dossier's test, in order (empty before it starts)."""
    return list(dossier.test.items) if dossier.test is not None else []


def item_of(dossier, code):
    """The item ``code`` of the dossier's test, or None."""
    return next((i for i in items_of(dossier) if i.code == code), None)


def remaining(dossier, now=None):
    """Seconds left to answer (0 when time is up or the test is not running)."""
    if not means(dossier, IN_PROGRESS) or dossier.deadline_at is None:
        return 0
    return max(0, int((dossier.deadline_at - now_or(now)).total_seconds()))


def option_codes(item):
    """The keys an answer to a choice item may name."""
    return [key for key, _ in item.options]


def option_titles(item):
    """``[(key, text)]`` of a choice item's options."""
    return list(item.options)


def clean_answer(item, value):
    """The answer to ``item`` as stored, or AttestationRefused saying what is wrong with it."""
    if item.kind == "single":
        value = value[0] if isinstance(value, (list, tuple)) and len(value) == 1 else value
        if not isinstance(value, str) or value not in option_codes(item):
            raise AttestationRefused("Выберите один из вариантов ответа.", "invalid")
        return value
    if item.kind == "multiple":
        values = [value] if isinstance(value, str) else list(value or ())
        if not values or any(not isinstance(v, str) or v not in option_codes(item) for v in values):
            raise AttestationRefused("Отметьте один или несколько вариантов ответа.", "invalid")
        return tuple(sorted(set(values), key=option_codes(item).index))
    limit = MAX_CASE if item.kind == "case" else MAX_SHORT
    if not isinstance(value, str):
        raise AttestationRefused("Ответ должен быть текстом.", "invalid")
    value = value.strip()
    if len(value) > limit:
        raise AttestationRefused(f"Ответ длиннее {limit} знаков.", "invalid")
    return value


def save_answer(host, dossier, item_code, value, actor, now=None):
    """Keep one answer as it is given; refused after the time limit or after submission."""
    _attestee(access.SAVE_ANSWER, dossier, actor)
    now = now_or(now)
    if means(dossier, *HANDED_IN):
        raise AttestationRefused("Тест уже сдан: ответы больше не принимаются.")
    if not means(dossier, IN_PROGRESS):
        raise AttestationRefused("Тестирование не начато.")
    if now > dossier.deadline_at:
        raise AttestationRefused(
            f"Время тестирования истекло в {dossier.deadline_at.astimezone():%H:%M}: ответ не принят.")
    item = item_of(dossier, item_code)
    if item is None:
        raise AttestationRefused(f"В вашем тесте нет задания «{item_code}».", "invalid")
    dossier.answers[item.code] = clean_answer(item, value)
    dossier.answer_log = dossier.answer_log + ((item.code, now),)
    return dossier.answers[item.code]


def submit_test(host, dossier, actor, now=None, system=False, comment=""):
    """Hand the test in: closed items scored, case answers anonymised and given to experts.

    ``system`` hands it in for the attestee once the time is up. A second
    submission is refused and changes nothing.
    """
    if not system:
        _attestee(access.SUBMIT_TEST, dossier, actor)
    if means(dossier, *HANDED_IN):
        raise AttestationRefused("Тест уже сдан: повторная сдача не принимается.")
    if not means(dossier, IN_PROGRESS):
        raise AttestationRefused("Тестирование не начато.")
    _, scoring = _cmm()
    region = region_code_of(dossier)
    closed, case_items = {}, []
    for item in items_of(dossier):
        if item.kind == "case":
            case_items.append(item)
            continue
        answer = dossier.answers.get(item.code)
        closed[item.code] = float(scoring.score_closed(item, answer))
    dossier.closed_scores = closed
    dossier.submitted_at = now_or(now)
    results = dict(dossier.stage_results)
    if has_stage(host, region, dossier.category, "test"):
        results["test"] = round(sum(closed.values()), 2)
    dossier.stage_results = results
    move(host, dossier, "submit", actor, comment, system=system, now=now)
    if has_stage(host, region, dossier.category, "cases"):
        cases.send_to_experts(host, dossier, case_items, now=now)
    cases.check_complete(host, dossier, actor, now=now)


# The actor of a test handed in because its time ran out.
EXPIRY_ACTOR = "system"
EXPIRY_COMMENT = "Время тестирования истекло: тест сдан автоматически с ответами, сохранёнными до срока."


def expired(dossier, now=None):
    """Whether the dossier's test is still running although its time is up."""
    return (means(dossier, IN_PROGRESS) and dossier.deadline_at is not None
            and now_or(now) > dossier.deadline_at)


def expire(host, dossier, now=None):
    """Hand in the test if its time is up (see the module's docstring); returns whether it did.

    Stamped with the deadline, so it does not matter when or by whom it is seen.
    """
    if not expired(dossier, now):
        return False
    submit_test(host, dossier, EXPIRY_ACTOR, now=dossier.deadline_at, system=True, comment=EXPIRY_COMMENT)
    return True


def timed_out(dossier):
    """Whether the test was handed in because its time ran out (not by the attestee)."""
    return any(e.transition == "submit" and e.actor == EXPIRY_ACTOR for e in dossier.history)


def expire_all(host, campaign, now=None):
    """Hand in every test of the campaign whose time is up; returns how many."""
    return sum(expire(host, d, now) for d in campaign.dossiers() if means(d, IN_PROGRESS))


def expire_site(host, site, now=None):
    """Hand in every test of every region's campaigns whose time is up (``oko remind``); returns how many."""
    count = 0
    for region in site.values():
        if isinstance(region, Region):
            names = [n for n in region.keys(start=CAMPAIGN_PREFIX, limit=50) if n.startswith(CAMPAIGN_PREFIX)]
            count += sum(expire_all(host, region[name], now) for name in names)
    return count


def close_expired(host, campaign, actor, now=None):
    """Hand in every test whose time is up (the operator's button); returns how many."""
    access.CLOSE_EXPIRED.require(campaign, actor)
    return expire_all(host, campaign, now)

"""The monitoring's statistics against values computed by hand on small data sets."""
import datetime
import math
from types import SimpleNamespace as NS

import pytest

from core.attestation.workflow import leader_attestation
from core.attestation_monitoring import stats
from core.attestation_monitoring.report import item_stats, pass_rates

# Ten attestees: whether each answered the item right, and each one's rest score.
ITEM = [1, 0, 0, 1, 1, 0, 1, 1, 0, 1]
CRITERION = [0.95, 0.85, 0.30, 0.75, 0.20, 0.45, 0.65, 0.90, 0.10, 0.55]


def test_difficulty_of_a_right_or_wrong_item_is_the_share_answered_right():
    assert stats.difficulty(ITEM) == 0.6
    assert stats.difficulty([0.5, 1.0, 0.25]) == pytest.approx(0.5833333)
    assert stats.difficulty([]) is None


def test_point_biserial_equals_the_textbook_formula():
    # r_pb = (M1 - M0) / s_n * sqrt(p q), with s_n the population deviation of the criterion
    right = [c for i, c in zip(ITEM, CRITERION) if i]
    wrong = [c for i, c in zip(ITEM, CRITERION) if not i]
    m1, m0 = sum(right) / 6, sum(wrong) / 4           # 0.6666.., 0.425
    mean = sum(CRITERION) / 10                        # 0.57
    s_n = math.sqrt(sum((c - mean) ** 2 for c in CRITERION) / 10)
    expected = (m1 - m0) / s_n * math.sqrt(0.6 * 0.4)
    assert stats.point_biserial(ITEM, CRITERION) == pytest.approx(expected)
    # and by hand: M1 = 4.0/6, M0 = 1.7/4, s_n = sqrt(0.816/10): 0.241667 / 0.285657 * 0.489898
    assert stats.point_biserial(ITEM, CRITERION) == pytest.approx(0.4145, abs=1e-4)


def test_point_biserial_is_undefined_without_variance_or_enough_answers():
    assert stats.point_biserial([1, 1, 1], [0.2, 0.5, 0.9]) is None
    assert stats.point_biserial([1, 0], [0.9, 0.1]) is None


def test_upper_lower_index_compares_the_top_and_bottom_27_percent():
    # 27 % of 10 is 3: bottom by criterion 0.10, 0.20, 0.30 answered 0, 1, 0; top 0.85, 0.90, 0.95 answered 0, 1, 1
    assert stats.group_size(10) == 3
    assert stats.upper_lower(ITEM, CRITERION) == pytest.approx(2 / 3 - 1 / 3)
    assert stats.upper_lower([1], [0.5]) is None
    assert stats.upper_lower([1, 0], [0.9, 0.1]) == 1.0


def _version(code, max_score=1.0, closed=True, kind="single"):
    return NS(code=code, version=1, closed=closed, max_score=max_score, kind=kind, competence="strategy",
              level="federal", stem=f"Задание {code}")


STATES = leader_attestation().states


def _dossier(name, items, scores, state="submitted", **extra):
    return NS(__name__=name, test=NS(items=items), closed_scores=scores, workflow_state=state,
              workflow_meaning=STATES[state].meaning, case_codes=(), **extra)


def test_item_statistics_of_a_small_campaign():
    a, b, c = _version("a"), _version("b", 2.0, kind="multiple"), _version("c")
    dossiers = [
        _dossier("p1", (a, b), {"a": 1.0, "b": 2.0}),
        _dossier("p2", (a, b), {"a": 0.0, "b": 2.0}),
        _dossier("p3", (a, c), {"a": 1.0, "c": 0.0}),
        _dossier("p4", (b, c), {"b": 0.0, "c": 1.0}),
        # drawn but not yet handed in: counts in exposure, not in answers
        _dossier("p5", (a, c), {}, state="testing"),
    ]
    rows = {r.code: r for r in item_stats(NS(answers=None), dossiers)}
    assert {k: r.exposure for k, r in rows.items()} == {"a": 4, "b": 3, "c": 3}
    assert {k: r.answers for k, r in rows.items()} == {"a": 3, "b": 3, "c": 2}
    assert rows["a"].difficulty == pytest.approx(2 / 3)
    assert rows["b"].difficulty == pytest.approx(2 / 3)          # 2/2, 2/2, 0/2
    assert rows["c"].difficulty == 0.5
    # rest scores of item a: p1 b 2/2 = 1.0, p2 1.0, p3 c 0/1 = 0.0 -> r of (1, 0, 1) with (1, 1, 0)
    assert rows["a"].point_biserial == pytest.approx(-0.5)
    # D of a: k = 1; lowest rest p3 (answered 1); highest the last of the equal 1.0, p2 (answered 0) -> 0 - 1
    assert rows["a"].upper_lower == -1.0
    # item c: p3 rest (a) = 1.0 answered 0, p4 rest (b) = 0.0 answered 1 -> D = 0 - 1
    assert rows["c"].upper_lower == -1.0


def _passing(category, total, state="scored", decision=None, muni="m1", school_type="urban"):
    return NS(category=category, total=total, workflow_state=state, workflow_meaning=STATES[state].meaning,
              decision=decision, municipality=muni, municipality_title=f"Муниципалитет {muni}", school_type=school_type)


def test_pass_rates_by_category_school_type_and_municipality():
    campaign = NS(thresholds={"head": NS(threshold=50.0), "candidate": NS(threshold=40.0)})
    dossiers = [
        _passing("head", 60, muni="m1", school_type="urban"),                       # passes the threshold
        _passing("head", 45, muni="m1", school_type="rural"),                       # below it
        _passing("head", 30, state="decided", decision="passed", muni="m2"),        # the commission decides
        _passing("candidate", 41, muni="m2", school_type="rural"),                  # passes
        _passing("candidate", None, state="testing", muni="m2"),                    # not assessed yet
        _passing("candidate", None, state="withdrawn", muni="m2"),                  # not counted at all
    ]
    overall, cats, types, munis = pass_rates(campaign, dossiers)
    assert (overall.participants, overall.assessed, overall.passed) == (5, 4, 3)
    assert overall.rate == 0.75
    by = {r.code: (r.participants, r.assessed, r.passed, r.rate) for r in cats}
    assert by == {"head": (3, 3, 2, 2 / 3), "candidate": (2, 1, 1, 1.0)}
    by = {r.code: (r.assessed, r.passed) for r in types}
    assert by == {"urban": (2, 2), "rural": (2, 1)}
    by = {r.code: (r.participants, r.assessed, r.passed) for r in munis}
    assert by == {"m1": (2, 2, 1), "m2": (3, 2, 2)}


def test_a_quarter_has_begun_only_from_its_first_day():
    from core.attestation_monitoring.quarterly import quarter_of, quarter_start
    assert quarter_start(2026, 3) == datetime.date(2026, 7, 1)
    assert [quarter_of(datetime.date(2026, m, 15)) for m in (1, 3, 4, 6, 7, 9, 10, 12)] == [1, 1, 2, 2, 3, 3, 4, 4]

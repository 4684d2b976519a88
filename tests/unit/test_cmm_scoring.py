"""Automatic scoring of closed items: the rules, one answer at a time and in bulk."""
import pytest

from core.cmm.model import ItemVersion
from core.cmm.scoring import NotClosed, normalise, score_closed, score_tests


def version(kind, answer, options=(("a", "А"), ("b", "Б"), ("c", "В")), max_score=1.0, code=None):
    """An item version of ``kind``."""
    return ItemVersion(code=code or f"t-{kind}", version=1, kind=kind, competence="law", level="federal",
                       school_types={"urban"}, categories={"head"}, stem="Текст задания для проверки",
                       options=options if kind in ("single", "multiple") else (), answer=answer,
                       max_score=max_score)


def test_single_choice_scores_the_correct_key_only():
    item = version("single", ("b",), max_score=2)
    assert score_closed(item, "b") == 2.0
    assert score_closed(item, ["b"]) == 2.0
    assert score_closed(item, "a") == 0.0
    assert score_closed(item, None) == 0.0


def test_multiple_choice_needs_exactly_the_correct_set():
    item = version("multiple", ("a", "c"))
    assert score_closed(item, ["c", "a"]) == 1.0
    assert score_closed(item, "a, c") == 1.0
    assert score_closed(item, ["a"]) == 0.0
    assert score_closed(item, ["a", "b", "c"]) == 0.0


def test_short_answers_are_compared_normalised():
    item = version("short", ("Программа развития", "5,5"))
    assert score_closed(item, "  программа   РАЗВИТИЯ. ") == 1.0
    assert score_closed(item, "«Программа развития»") == 1.0
    assert score_closed(item, "5.5") == 1.0
    assert score_closed(item, "программа") == 0.0
    assert normalise("Ёлка") == "елка"


def test_a_case_is_not_scored_automatically():
    case = ItemVersion(code="c1", version=1, kind="case", competence="law", level="federal",
                       school_types={"urban"}, categories={"head"}, stem="Опишите ваши действия",
                       rubric=({"code": "k", "title": "К", "max": 5},), max_score=5)
    with pytest.raises(NotClosed):
        score_closed(case, "ответ")


def test_bulk_scoring_equals_scoring_one_by_one():
    items = [version("single", ("a",), code="s1"), version("multiple", ("a", "b"), code="m1"),
             version("short", ("пять",), code="x1", max_score=2)]
    answers = [["a", ["b", "a"], "Пять"], ["b", ["a"], "шесть"], [None, None, None]]
    totals = score_tests([items] * 3, answers)
    assert totals == [sum(score_closed(i, a) for i, a in zip(items, row)) for row in answers] == [4.0, 0.0, 0.0]
    detailed = score_tests([items], [{"s1": "a", "x1": "пять"}], per_item=True)
    assert detailed == [(3.0, (1.0, 0.0, 2.0))]

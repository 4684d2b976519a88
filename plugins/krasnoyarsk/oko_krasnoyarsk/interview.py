"""The structured interview built on the monitoring of the leader's results (seed 001).

The seed names the instruments: "the structure of the monitoring of the
results of the leader's work and of the effectiveness of management" and
"the structure of the interview on the results of the monitoring". Here:

- the **monitoring** of a leader is the school's results series over 3–5
  years (``core.attestation.series``, imported by the regional operator);
  each indicator becomes a trend: first and last year, the change, its
  direction;
- the **interview** asks one question per trend (the largest changes first,
  at most ``MAX_MONITORING_QUESTIONS``), each quoting the figures it rests
  on, then the model's standing questions on decisions, development and
  openness. Without a series the interview says so and asks the leader to
  present the results instead.

The commission opens the interview (its questions are fixed then: a later
import does not change an interview under way), scores every question from
0 to ``QUESTION_MAX`` and the stage result is the share of the maximum times
``INTERVIEW_MAX`` points.
"""
import dataclasses
import datetime

from persistent import Persistent

from core.plugin import (
    AttestationRefused,
    find_root,
    meaning_of,
    now_or,
    number,
    record_stage_result,
    series_of,
    traverse_path,
)
from oko_krasnoyarsk.attestation import (
    INTERVIEW,
    INTERVIEW_MAX,
    OPEN_INTERVIEW,
    OPEN_STATES,
    SCORE_INTERVIEW,
    points,
    record_of,
    require_scoring_state,
)

QUESTION_MAX = 3
MAX_MONITORING_QUESTIONS = 6
BLOCKS = {
    "results": "Результаты мониторинга деятельности руководителя",
    "decisions": "Управленческие решения и их эффективность",
    "development": "Развитие образовательной организации и педагогов",
    "openness": "Открытость и взаимодействие с участниками образовательных отношений",
}
# code, block, question: the model's part of the interview that every leader is asked.
STANDING_QUESTIONS = (
    ("decisions", "decisions", "Какие управленческие решения за последние три года вы считаете наиболее "
                               "результативными и по каким данным мониторинга вы это видите?"),
    ("programme", "development", "Как результаты мониторинга учтены в программе развития школы и в планах "
                                 "на ближайший год?"),
    ("staff", "development", "Как по итогам мониторинга организовано профессиональное развитие педагогов "
                             "(наставничество, повышение квалификации)?"),
    ("openness", "openness", "Как вы информируете родителей, педагогов и учредителя о результатах школы и "
                             "учитываете их мнение?"),
)
NO_MONITORING = ("По школе нет данных мониторинга за 3–5 лет: расскажите, какие результаты школы за последние "
                 "три года вы считаете главными и на чём основана ваша оценка.")


@dataclasses.dataclass(frozen=True)
class Trend:
    """One indicator of the monitoring: where it started, where it is, how it moved."""

    indicator: str
    first_year: int
    first: float
    last_year: int
    last: float
    years: tuple  # ((year, value), ...)

    @property
    def change(self):
        """The change from the first year to the last."""
        return round(self.last - self.first, 4)

    @property
    def relative(self):
        """The change relative to the first value (the absolute one when it was 0)."""
        return abs(self.change) / abs(self.first) if self.first else abs(self.change)

    @property
    def direction(self):
        """"рост", "снижение" or "без изменений"."""
        return "рост" if self.change > 0 else "снижение" if self.change < 0 else "без изменений"

    def text(self):
        """The figures a question rests on, as the commission reads them."""
        return (f"«{self.indicator}»: {number(self.first)} ({self.first_year}) → "
                f"{number(self.last)} ({self.last_year}), {self.direction}")


@dataclasses.dataclass(frozen=True)
class Question:
    """One question of an interview: its block, its text and the monitoring figures it rests on."""

    code: str
    block: str
    text: str
    basis: str = ""
    max: int = QUESTION_MAX


class Interview(Persistent):
    """A dossier's interview: the questions fixed when it was opened, then the commission's scores."""

    def __init__(self, questions, trends, opened_by, opened_at):
        self.questions = tuple(questions)
        self.trends = tuple(trends)
        self.opened_by = opened_by
        self.opened_at = opened_at
        self.scores = {}          # question code -> points
        self.notes = ""
        self.held_on = None
        self.scored_by = None
        self.scored_at = None
        self.points = None        # the stage result, out of INTERVIEW_MAX

    @property
    def max_points(self):
        """The most the questions give together."""
        return sum(q.max for q in self.questions)

    @property
    def raw_total(self):
        """The sum of the questions' scores."""
        return sum(self.scores.values())


def school_of(dossier):
    """The attestee's school (None when it has gone from the tree)."""
    return traverse_path(find_root(dossier), dossier.school_path) if dossier.school_path else None


def monitoring_of(dossier):
    """The leader's monitoring: a Trend per indicator of the school's series with two years or more."""
    school = school_of(dossier)
    trends = []
    for indicator, years in sorted(series_of(school).items() if school is not None else ()):
        ordered = sorted((int(y), float(v)) for y, v in years.items())
        if len(ordered) < 2:
            continue
        (y0, v0), (y1, v1) = ordered[0], ordered[-1]
        trends.append(Trend(indicator, y0, v0, y1, v1, tuple(ordered)))
    return trends


def build_questions(trends):
    """The interview's questions: the largest changes of the monitoring first, then the standing ones."""
    chosen = sorted(trends, key=lambda t: (-t.relative, t.indicator))[:MAX_MONITORING_QUESTIONS]
    questions = []
    for n, trend in enumerate(chosen, start=1):
        if trend.change:
            ask = (f"Показатель «{trend.indicator}» за {trend.first_year}–{trend.last_year} годы: {trend.direction}. "
                   f"Чем вы объясняете эту динамику и какие управленческие решения к ней привели?")
        else:
            ask = (f"Показатель «{trend.indicator}» за {trend.first_year}–{trend.last_year} годы не изменился. "
                   f"Как вы оцениваете этот результат и что планируете изменить?")
        questions.append(Question(f"m{n}", "results", ask, trend.text()))
    if not questions:
        questions.append(Question("m0", "results", NO_MONITORING, "Данных мониторинга нет"))
    questions.extend(Question(code, block, text) for code, block, text in STANDING_QUESTIONS)
    return questions


def interview_of(dossier):
    """The dossier's interview, or None before the commission opens it."""
    record = record_of(dossier)
    return record.interview if record is not None else None


def open_interview(host, dossier, actor, now=None):
    """The commission opens the interview: its questions are drawn from the monitoring and fixed."""
    OPEN_INTERVIEW.require(dossier, actor)
    if meaning_of(dossier) not in OPEN_STATES:
        raise AttestationRefused("Собеседование проводится до решения комиссии.")
    if interview_of(dossier) is not None:
        raise AttestationRefused("Собеседование уже подготовлено: вопросы зафиксированы.")
    trends = monitoring_of(dossier)
    interview = Interview(build_questions(trends), trends, actor, now_or(now))
    record_of(dossier, create=True).interview = interview
    return interview


def score_interview(host, dossier, scores, actor, held_on=None, notes="", now=None):
    """The commission scores every question; the stage result enters the attestee's total.

    ``scores`` maps question codes to points (0..QUESTION_MAX). Refused,
    changing nothing, when the interview is not opened, a score is missing
    or out of range, the test is not yet submitted, or the stage is scored.
    """
    SCORE_INTERVIEW.require(dossier, actor)
    interview = interview_of(dossier)
    if interview is None:
        raise AttestationRefused("Сначала подготовьте собеседование: вопросы по результатам мониторинга.")
    if interview.points is not None:
        raise AttestationRefused("Собеседование уже оценено.")
    require_scoring_state(dossier)
    given, problems = {}, []
    for n, question in enumerate(interview.questions, start=1):
        value, problem = points((scores or {}).get(question.code), question.max, f"Вопрос {n}")
        if problem:
            problems.append(problem)
        else:
            given[question.code] = value
    if not isinstance(held_on, datetime.date):
        problems.append("укажите дату собеседования")
    if problems:
        raise AttestationRefused("Оценка собеседования не сохранена: " + "; ".join(problems) + ".", "invalid",
                                 problems)
    result = round(INTERVIEW_MAX * sum(given.values()) / interview.max_points, 2)
    # NB: the federal step checks the role and the state again and may move the dossier to "scored";
    # the interview keeps its scores only once the result is in.
    record_stage_result(host, dossier, INTERVIEW, result, actor, now=now)
    interview.scores = given
    interview.notes = (notes or "").strip()[:3000]
    interview.held_on = held_on
    interview.scored_by = actor
    interview.scored_at = now_or(now)
    interview.points = result
    return interview

"""The log of consultations for municipalities and its indicator, the share of requests answered.

The seed's measure: "consultation services on the use of the model of
attestation in municipalities, by request, during the year"; its indicator
"100% of requests are provided with a consultation". A municipal coordinator
(or the regional operator) logs a municipality's request; the regional
operator's centre answers it. The log is ``/24/consultations/``, made with
the first request; each request is a case object with a workflow
(``krsk_consultation``: open -> answered), so an open request is a task of
the regional operator, due ``ANSWER_DAYS`` days after it came.

The indicator, per municipality and for the region: requests of the year,
answered, their share, met when every request is answered (target 100%).
"""
import dataclasses
import datetime

import colander
from persistent import Persistent

from core.plugin import (
    ACCEPTED,
    OPEN,
    Awaited,
    Folder,
    Municipality,
    Refused,
    Step,
    Workflow,
    WorkflowError,
    fire,
    invalid_messages,
    meaning_of,
    percent,
)

LOG = "consultations"
WORKFLOW = "krsk_consultation"
ANSWER_DAYS = 10
TARGET = 1.0
LOGGERS = ("municipal_coordinator", "regional_operator")
CONSULTANTS = ("regional_operator",)
CHANNELS = {"phone": "Телефон", "email": "Электронная почта", "webinar": "Вебинар",
            "meeting": "Очная встреча", "visit": "Выезд в муниципалитет"}


class ConsultationRefused(Refused):
    """A step of the consultations log was refused; the message is Russian and nothing changed.

    ``code`` is ``forbidden`` (403), ``order`` (409) or ``invalid`` (400, the default here).
    """

    ERROR = "consultation_{code}"


# Who takes the log's steps (``core.plugin.Step``): the log's pages and the steps below read them.
LOG_REQUEST = Step("krasnoyarsk.log_consultation_request", LOGGERS, ConsultationRefused,
                   "Запрос регистрирует координатор этого муниципалитета или региональный оператор.")
ANSWER_REQUEST = Step("krasnoyarsk.answer_consultation_request", CONSULTANTS, ConsultationRefused,
                      "Консультацию регистрирует региональный оператор.")


def has_answer(obj):
    """Guard: a request is answered with a date and what was advised."""
    if not obj.answer or obj.answered_on is None:
        return "Укажите дату и содержание консультации."
    return None


def consultation_workflow():
    """A municipality's request for a consultation.

    ::

        open ──answer──▶ answered

    The regional operator answers (date, form, what was advised); the
    municipal coordinator sees its own municipality's requests. Open means
    open (the answer is due ``ANSWER_DAYS`` after the request), answered
    means accepted: the indicator counts it.
    """
    wf = Workflow(WORKFLOW, "Запрос муниципалитета на консультацию", "open")
    seen = {"federal_operator": {"view"}, "municipal_coordinator": {"view"}}
    wf.add_state("open", "Ожидает консультации", {**seen, "regional_operator": {"view", "edit"}}, meaning=OPEN)
    wf.add_state("answered", "Консультация оказана", {**seen, "regional_operator": {"view"}}, meaning=ACCEPTED)
    wf.add_transition("answer", "Оказать консультацию", "open", "answered", roles=CONSULTANTS, guard=has_answer)
    return wf.check()


class ConsultationLog(Folder):
    """The region's log of consultation requests, numbered in the order they came."""

    type_name = "krsk_consultation_log"
    type_title = "Журнал консультаций муниципалитетов"
    catalogued = False

    def __init__(self):
        super().__init__("Журнал консультаций муниципалитетов")
        self.last_number = 0


class Consultation(Persistent):
    """One municipality's request for a consultation and, once given, the consultation."""

    type_name = "krsk_consultation"
    type_title = "Запрос на консультацию"
    is_case = True

    def __init__(self, number, municipality, requested_on, requester, topic, channel, logged_by):
        self.number = number
        self.title = f"Запрос № {number}: {municipality.title}"
        self.municipality = municipality.code
        self.municipality_title = municipality.title
        self.requested_on = requested_on
        self.requester = requester
        self.topic = topic
        self.channel = channel
        self.logged_by = logged_by
        self.answered_on = None
        self.answered_by = None
        self.answer = ""
        self.deadline = requested_on + datetime.timedelta(days=ANSWER_DAYS)
        self.due = self.deadline
        self.workflow_name = WORKFLOW
        self.workflow_state = None
        self.history = ()
        self.__name__ = None
        self.__parent__ = None

    @property
    def answered(self):
        """Whether the consultation was given."""
        return meaning_of(self) == ACCEPTED


def awaited(host, entry):
    """What an open request awaits: the regional operator's consultation on its question, by its deadline."""
    if entry.answered:
        return []
    topic = entry.topic if len(entry.topic) <= 80 else entry.topic[:79] + "…"
    return [Awaited("answer", f"Оказать консультацию: {topic}", frozenset(CONSULTANTS), None, entry.due)]


def process():
    """The log's requests as a process (``oko_processes``): «Мои задачи» of the regional operator name the question."""
    return {"code": "krsk_consultations", "title": "Запросы муниципалитетов на консультацию",
            "type_name": Consultation.type_name, "awaited": awaited}


def log_of(region, create=False):
    """The region's consultations log (made with the first request when ``create``)."""
    log = region.get(LOG)
    if log is None and create:
        log = region.add(LOG, ConsultationLog())
    return log


class RequestSchema(colander.MappingSchema):
    """What a municipality's request says."""

    requested_on = colander.SchemaNode(colander.Date(), title="Дата запроса")
    requester = colander.SchemaNode(colander.String(), title="Кто обратился (ФИО, должность)",
                                    validator=colander.Length(min=3, max=300))
    topic = colander.SchemaNode(colander.String(), title="Вопрос", validator=colander.Length(min=5, max=3000))
    channel = colander.SchemaNode(colander.String(), title="Форма обращения", validator=colander.OneOf(list(CHANNELS)))


class AnswerSchema(colander.MappingSchema):
    """What a consultation given says."""

    answered_on = colander.SchemaNode(colander.Date(), title="Дата консультации")
    answer = colander.SchemaNode(colander.String(), title="Содержание консультации",
                                 validator=colander.Length(min=5, max=5000))


def _clean(schema, values, what):
    try:
        return schema.deserialize(values or {})
    except colander.Invalid as exc:
        messages = invalid_messages(exc)
        raise ConsultationRefused(f"{what}: " + "; ".join(messages), "invalid", messages) from None


def log_request(host, region, municipality_code, values, actor, now=None):
    """Log a municipality's request; the municipal coordinator logs its own, the regional operator any."""
    municipality = region.get((municipality_code or "").strip())
    if not isinstance(municipality, Municipality):
        raise ConsultationRefused(f"В регионе нет муниципалитета «{municipality_code}».")
    LOG_REQUEST.require(municipality, actor)
    clean = _clean(RequestSchema(), values, "Запрос не зарегистрирован")
    today = (now or datetime.datetime.now(datetime.timezone.utc)).date()
    if clean["requested_on"] > today:
        raise ConsultationRefused("Запрос не зарегистрирован: дата запроса ещё не наступила.")
    log = log_of(region, create=True)
    number = log.last_number + 1
    entry = Consultation(number, municipality, clean["requested_on"], clean["requester"].strip(),
                         clean["topic"].strip(), clean["channel"], actor)
    host.workflow(region.code, WORKFLOW).initialize(entry, actor, now)
    log.last_number = number
    log.add(str(number), entry)
    return entry


def answer_request(host, entry, values, actor, now=None):
    """The regional operator records the consultation given; a request is answered once."""
    if entry.answered:
        raise ConsultationRefused(f"По запросу № {entry.number} консультация уже оказана "
                                  f"{entry.answered_on:%d.%m.%Y}.", "order")
    ANSWER_REQUEST.require(entry, actor)
    clean = _clean(AnswerSchema(), values, "Консультация не сохранена")
    if clean["answered_on"] < entry.requested_on:
        raise ConsultationRefused("Консультация не сохранена: дата консультации раньше даты запроса.")
    entry.answered_on, entry.answer, entry.answered_by = clean["answered_on"], clean["answer"].strip(), actor
    try:
        fire(host, entry, "answer", actor, now=now)
    except WorkflowError as exc:
        entry.answered_on, entry.answer, entry.answered_by = None, "", None
        raise ConsultationRefused(str(exc), "forbidden" if exc.code == "forbidden" else "order") from None
    return entry


def requests(region, year=None, municipality=None):
    """The log's requests (of ``year``, of one municipality), oldest first."""
    log = log_of(region)
    if log is None:
        return []
    return [e for e in log.values()
            if (year is None or e.requested_on.year == year) and (municipality is None or e.municipality == municipality)]


@dataclasses.dataclass(frozen=True)
class Share:
    """The indicator of one municipality (or of the region): requests, answered, the share, met."""

    code: str
    title: str
    requests: int
    answered: int

    @property
    def share(self):
        """Answered / requests (None without requests)."""
        return self.answered / self.requests if self.requests else None

    @property
    def met(self):
        """Whether every request is answered (the target, 100%)."""
        return self.share is None or self.share >= TARGET

    @property
    def percent(self):
        """The share as Russian text, "—" without requests."""
        return percent(self.share)


def indicator(region, year=None):
    """``(per municipality, region)``: the share of requests answered, every municipality listed."""
    counts: dict[str, tuple[int, int]] = {}
    for entry in requests(region, year):
        asked, answered = counts.get(entry.municipality, (0, 0))
        counts[entry.municipality] = (asked + 1, answered + entry.answered)
    rows = [Share(m.code, m.title, *counts.get(m.code, (0, 0)))
            for m in sorted((m for m in region.values() if isinstance(m, Municipality)), key=lambda m: m.title)]
    total = Share(region.code, region.title, sum(r.requests for r in rows), sum(r.answered for r in rows))
    return rows, total

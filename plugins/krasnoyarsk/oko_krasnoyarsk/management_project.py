"""The management project of the Krasnoyarsk model: its structure, the suggested topics, the criteria.

The seed asks for "the structure of a management project, the criteria of its
assessment, the suggested topics of management projects". The attestee
writes the project in the personal account (a form: a topic from the list or
its own, then the sections of the structure) until the commission scores
it; each save is a new version, the last one is scored. The commission
scores it by the criteria (whole points, ``max`` each); the sum, at most
``PROJECT_MAX``, is the stage result.
"""
import colander
from persistent import Persistent

from core.plugin import (
    AttestationRefused,
    invalid_messages,
    meaning_of,
    now_or,
    record_stage_result,
)
from oko_krasnoyarsk.attestation import (
    OPEN_STATES,
    PROJECT,
    SCORE_PROJECT,
    SUBMIT_PROJECT,
    points,
    record_of,
    require_scoring_state,
)

OWN_TOPIC = "own"
# The suggested topics (примерная тематика управленческих проектов).
TOPICS = (
    ("low_results", "Переход школы в эффективный режим работы: преодоление низких образовательных результатов"),
    ("vsoko", "Развитие внутренней системы оценки качества образования на основе данных мониторинга"),
    ("mentoring", "Система наставничества и профессионального роста молодых педагогов"),
    ("network", "Сетевое взаимодействие сельской (малокомплектной) школы с организациями края"),
    ("career", "Профориентация обучающихся с учётом кадровых потребностей Красноярского края"),
    ("literacy", "Формирование функциональной грамотности обучающихся"),
    ("inclusion", "Инклюзивная образовательная среда для обучающихся с ОВЗ"),
    ("parents", "Вовлечение родителей в управление школой и образовательный процесс"),
    ("digital", "Цифровая образовательная среда школы"),
    ("safety", "Безопасная и комфортная образовательная среда"),
)
# The structure of a project: section code, title, the least it says.
SECTIONS = (
    ("problem", "Проблема и её обоснование данными мониторинга", 50),
    ("goal", "Цель проекта", 10),
    ("tasks", "Задачи", 20),
    ("plan", "План мероприятий: этапы, сроки, ответственные", 50),
    ("resources", "Ресурсы: кадровые, финансовые, материально-технические", 20),
    ("results", "Ожидаемые результаты и показатели их достижения", 30),
    ("risks", "Риски и способы их снижения", 20),
)
# The criteria of assessment: code, title, most points. Their maxima add up to PROJECT_MAX.
CRITERIA = (
    {"code": "relevance", "title": "Актуальность: проблема обоснована данными мониторинга результатов школы",
     "max": 5},
    {"code": "goal", "title": "Цель и задачи конкретны, измеримы и соответствуют проблеме", "max": 5},
    {"code": "plan", "title": "План мероприятий реалистичен, согласован с задачами и сроками", "max": 5},
    {"code": "resources", "title": "Ресурсы проекта определены и достаточны", "max": 5},
    {"code": "results", "title": "Результаты измеримы, показатели позволяют оценить эффект", "max": 5},
    {"code": "risks", "title": "Риски выявлены, предусмотрены меры их снижения", "max": 5},
)
TOPIC_TITLES = dict(TOPICS)


def _topic_chosen(node, value):
    if value["topic"] == OWN_TOPIC and len((value.get("own_topic") or "").strip()) < 10:
        error = colander.Invalid(node)
        error["own_topic"] = "Сформулируйте собственную тему (не короче 10 знаков)"
        raise error


def project_schema():
    """The form of a management project: the topic, then a field per section of the structure."""
    schema = colander.SchemaNode(colander.Mapping(), name="project", title="Управленческий проект", validator=_topic_chosen)
    schema.add(colander.SchemaNode(
        colander.String(), name="topic", title="Тема проекта",
        validator=colander.OneOf([code for code, _ in TOPICS] + [OWN_TOPIC]),
        description="Выберите тему из примерной тематики или предложите свою"))
    schema.add(colander.SchemaNode(colander.String(), name="own_topic", title="Собственная тема",
                                   missing="", validator=colander.Length(max=300)))
    for code, title, least in SECTIONS:
        schema.add(colander.SchemaNode(colander.String(), name=code, title=title,
                                       validator=colander.Length(min=least, max=10000)))
    return schema


class Project(Persistent):
    """A dossier's management project: its versions (the last one counts) and the commission's scores."""

    def __init__(self):
        self.versions = ()        # ({"topic", "topic_title", sections...}, at), oldest first
        self.scores = {}          # criterion code -> points
        self.comment = ""
        self.scored_by = None
        self.scored_at = None
        self.points = None        # the stage result, out of PROJECT_MAX

    @property
    def current(self):
        """The last saved version's content."""
        return self.versions[-1][0] if self.versions else None

    @property
    def submitted_at(self):
        """When the last version was saved."""
        return self.versions[-1][1] if self.versions else None

    @property
    def topic(self):
        """The project's topic as the attestee chose or wrote it."""
        return self.current["topic_title"] if self.versions else ""


def project_of(dossier):
    """The dossier's management project, or None before the attestee writes one."""
    record = record_of(dossier)
    return record.project if record is not None else None


def submit_project(host, dossier, values, actor, now=None):
    """The attestee saves the project (a new version); refused once the commission has scored it."""
    SUBMIT_PROJECT.require(dossier, actor)
    if dossier.attestee != actor:
        raise SUBMIT_PROJECT.refused()
    if meaning_of(dossier) not in OPEN_STATES:
        raise AttestationRefused("Проект можно представить только до решения комиссии.")
    project = project_of(dossier)
    if project is not None and project.points is not None:
        raise AttestationRefused("Проект уже оценён комиссией: изменить его нельзя.")
    try:
        clean = project_schema().deserialize(values or {})
    except colander.Invalid as exc:
        messages = invalid_messages(exc)
        raise AttestationRefused("Проект не сохранён: " + "; ".join(messages), "invalid", messages) from None
    own = clean["topic"] == OWN_TOPIC
    content = {"topic": clean["topic"], "topic_title": clean["own_topic"].strip() if own else TOPIC_TITLES[clean["topic"]],
               **{code: clean[code].strip() for code, _, _ in SECTIONS}}
    if project is None:
        project = record_of(dossier, create=True).project = Project()
    project.versions = project.versions + ((content, now_or(now)),)
    return project


def score_project(host, dossier, scores, actor, comment="", now=None):
    """The commission scores the project by the criteria; the sum enters the attestee's total.

    Refused, changing nothing, without a project, with a missing or
    out-of-range score, before the test is submitted, or when already scored.
    """
    SCORE_PROJECT.require(dossier, actor)
    project = project_of(dossier)
    if project is None:
        raise AttestationRefused("Аттестуемый ещё не представил управленческий проект.")
    if project.points is not None:
        raise AttestationRefused("Проект уже оценён.")
    require_scoring_state(dossier)
    given, problems = {}, []
    for criterion in CRITERIA:
        value, problem = points((scores or {}).get(criterion["code"]), criterion["max"], criterion["title"])
        if problem:
            problems.append(problem)
        else:
            given[criterion["code"]] = value
    if problems:
        raise AttestationRefused("Оценка проекта не сохранена: " + "; ".join(problems) + ".", "invalid", problems)
    result = float(sum(given.values()))
    record_stage_result(host, dossier, PROJECT, result, actor, now=now)
    project.scores = given
    project.comment = (comment or "").strip()[:3000]
    project.scored_by = actor
    project.scored_at = now_or(now)
    project.points = result
    return project

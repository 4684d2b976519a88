"""A region of any code with the people who work in it: what a plugin's tests and `oko check-plugin` start from.

``build_region(site, host, hasher, "74")`` adds region 74 with two
municipalities of three schools (urban, rural, small) and a user in every
role, each logging in with the role's own name (``curator``,
``school_head``...) and ``password``::

    74                      regional_operator, methodologist, cmm_author; the
                            teacher attestation's expert and commission
    74/m1                   municipal_coordinator
    74/m1/s1 (urban)        school_head, attestation_officer, teacher; curator
    74/m1/s2 (rural)        school_head2; curator
    74/m1/s3 (small), 74/m2/s1..s3
    (root)                  federal_operator

The journeys a plugin changes most are walked through the domains' own
steps, as a person would take them: the 500+ project up to a school's
concept document confirmed (``enrol_project500``, ``visited``,
``concept_document``), a school document added and fired
(``add_school_document``), a teacher planned for attestation
(``plan_teacher``).
"""
import dataclasses
import datetime
import io

from core.cases import add_document, fire
from core.demo.common import DEMO_PASSWORD as PASSWORD
from core.demo.common import TYPE_TITLES
from core.demo.files import demo_docx
from core.project500 import steps as project500
from core.project500.model import ANTI_RISK_PROGRAMME
from core.resources import Municipality, Region, School, find_root
from core.security.roles import grant
from core.security.users import demo_user, users_of
from core.teachers import commission as teachers_commission
from core.teachers import experts as teachers_experts
from core.teachers import steps as teachers

SCHOOL_TYPES = ("urban", "rural", "small")

# login, full name, role, where: "" the root, else a path below the region ("" the region itself).
PEOPLE = [
    ("federal_operator", "Фёдорова Анна Петровна", "federal_operator", None),
    ("regional_operator", "Регионова Ольга Викторовна", "regional_operator", ""),
    ("methodologist", "Методистова Галина Петровна", "methodologist", ""),
    ("cmm_author", "Разработчиков Леонид Ефимович", "cmm_author", ""),
    ("municipal_coordinator", "Муниципальная Елена Ивановна", "municipal_coordinator", "m1"),
    ("curator", "Кураторов Павел Андреевич", "curator", "m1/s1 m1/s2"),
    ("school_head", "Директорова Мария Николаевна", "school_head", "m1/s1"),
    ("school_head2", "Школьников Виктор Павлович", "school_head", "m1/s2"),
    ("attestation_officer", "Аттестационная Светлана Юрьевна", "attestation_officer", "m1/s1"),
    ("teacher", "Учителев Денис Олегович", "teacher", "m1/s1"),
    # NB: the expert and the commission are appointed by the teacher attestation's own steps.
    ("expert", "Экспертова Ирина Львовна", "expert", None),
    ("commission_chair", "Председателев Константин Ильич", "commission_chair", None),
    ("commission_secretary", "Секретарёва Наталья Борисовна", "commission_secretary", None),
    ("commission_member", "Членов Артём Викторович", "commission_member", None),
]


@dataclasses.dataclass(frozen=True)
class RegionPeople:
    """What ``build_region`` made: the region's code, its paths, and the login of each role."""

    code: str
    title: str
    #: ``{login: role}`` of every user made.
    logins: dict
    #: The codes of the schools made, in order (``74-1-1``...).
    schools: tuple = ()

    @property
    def school(self):
        """The path of the first school (urban), where the head, the officer and the teacher work."""
        return f"{self.code}/m1/s1"

    @property
    def school2(self):
        """The path of the second school (rural), the curator's other one."""
        return f"{self.code}/m1/s2"

    @property
    def municipality(self):
        """The path of the first municipality."""
        return f"{self.code}/m1"


def node(site, path):
    """The node of ``site`` at a slash-separated ``path`` ("" is the site itself)."""
    obj = site
    for name in filter(None, path.split("/")):
        obj = obj[name]
    return obj


def region_title(host, code):
    """The region's title as its plugin names it (``oko_plugin_info``'s ``title``), else «Регион 74»."""
    for row in host.listing():
        if code in row["regions"] and row["title"] and row["name"] != "regional_overrides":
            return row["title"]
    return f"Регион {code}"


def build_tree(site, code, title, municipalities=2, schools=3):
    """The region ``code`` with ``municipalities`` of ``schools`` schools each, types cycling urban, rural, small."""
    region = site.add(code, Region(code, title))
    for m in range(1, municipalities + 1):
        muni = region.add(f"m{m}", Municipality(f"{code}-m{m}", f"Муниципалитет {m} ({title})"))
        for s in range(1, schools + 1):
            kind = SCHOOL_TYPES[(s - 1) % 3]
            muni.add(f"s{s}", School(f"{code}-{m}-{s}", f"{TYPE_TITLES[kind]} № {s} (муниципалитет {m})", kind))
    return region


def build_region(site, host, hasher, code, title=None, password=PASSWORD, municipalities=2, schools=3):
    """Add region ``code`` (its tree and a user in every role) to ``site``; returns its ``RegionPeople``.

    The teacher attestation's expert and commission are appointed by the
    regional operator's steps; every other role is granted where it is held.
    """
    title = title or region_title(host, code)
    region = build_tree(site, code, title, municipalities, schools)
    logins = {}
    for login, name, role, where in PEOPLE:
        user = demo_user(site, login, name, password, hasher)
        logins[login] = role
        for path in (where.split(" ") if where is not None else ()):
            grant(node(region, path), user, role)
        if role == "federal_operator":
            grant(site, user, role)
    users = users_of(site)
    teachers_experts.add_expert(region, users["expert"], "regional_operator")
    for login in ("commission_chair", "commission_secretary", "commission_member"):
        teachers_commission.appoint(region, users[login], login, "regional_operator")
    schools = tuple(s.code for m in sorted(region.values(), key=lambda m: m.__name__) for s in m.values())
    return RegionPeople(code, title, logins, schools)


def add_school_document(host, site, people, title="Программа развития", actor="school_head", path=None, name=None):
    """A school document (a real .docx) added by ``actor`` to the first school (or ``path``), in draft."""
    school = node(site, path or people.school)
    name = name or f"doc-{len(school) + 1}"
    content = demo_docx(title, school.title)
    return add_document(host, school, name, title, "school_document", actor,
                        (io.BytesIO(content), f"{title}.docx", None))


def enrol_project500(host, site, people, year=None, levels=("high", "medium")):
    """The region's schools made by ``build_region`` in the 500+ project for ``year``, surveyed: each with the
    first risk factors at ``levels``. Returns the first school's participation.
    """
    year = year or datetime.date.today().year
    region = node(site, people.code)
    codes = list(people.schools)
    project500.enrol(host, region, codes, year, "regional_operator")
    factors = [f["code"] for f in host.risk_factors(people.code)]
    rows = [(n, code, factors[k], level) for n, code in enumerate(codes, start=2)
            for k, level in enumerate(levels) if k < len(factors)]
    project500.import_risk_profiles(host, region, rows, year, "regional_operator")
    return project500.participation_of(node(site, people.school), year)


def visited(host, participation, today=None):
    """The participation's school with its curator (contract signed) and first visit: its risks activated."""
    users = users_of(find_root(participation))
    project500.record_seminar(host, participation, True, "municipal_coordinator")
    project500.assign_curator(host, participation, users["curator"], "municipal_coordinator", "signed")
    project500.record_first_visit(host, participation, "curator", today or datetime.date.today(), {},
                                  sorted(participation.risk_profile)[:1])
    return participation


CONCEPT = {"goals": "Снизить долю обучающихся с рисками учебной неуспешности.",
           "tasks": "Организовать наставничество; обновить систему внутришкольного оценивания.",
           "expected_results": "Доля обучающихся, освоивших программу, не ниже 95 %."}


def concept_document(host, participation, document_type=ANTI_RISK_PROGRAMME, extra=None, submit=True,
                     confirm=False):
    """The school head's concept document of ``document_type`` (``extra``: the region's own fields), sent and
    confirmed by the curator as asked. An anti-risk programme is written for the first activated risk."""
    year = participation.project_year
    content = {**CONCEPT, "measures": [{
        "measure": "Методический семинар для учителей по формирующему оцениванию", "deadline": f"{year}-04-15",
        "responsible": "Заместитель директора по УВР", "indicator": "Доля учителей, прошедших семинар",
        "expected_result": "Не менее 90 % учителей"}], **(extra or {})}
    risk = sorted(participation.activated_risks)[0] if document_type == ANTI_RISK_PROGRAMME else None
    doc = project500.save_concept_document(host, participation, document_type, "school_head", content,
                                           risk_factor=risk)
    if submit or confirm:
        fire(host, doc, "submit", "school_head")
    if confirm:
        fire(host, doc, "confirm", "curator")
    return doc


def plan_teacher(host, site, people, post="primary_teacher", category="first", days=30, today=None):
    """A teacher of the first school planned for attestation in ``days`` (the officer appointed first)."""
    today = today or datetime.date.today()
    school = node(site, people.school)
    planned = today + datetime.timedelta(days=days)
    year = teachers.school_year_of(planned)
    if teachers.year_of(school, year) is None or teachers.year_of(school, year).officer is None:
        teachers.appoint_officer(host, school, year, users_of(site)["attestation_officer"], "school_head", {
            "authority_name": school.title, "city": "г. Образцово", "school_year": f"{year}/{year + 1}",
            "officer_name": "Аттестационная Светлана Юрьевна", "officer_post": "заместителя директора по УВР",
            "schedule_due": datetime.date(year, 8, 31), "signatory_post": "Директор",
            "signatory_name": "М. Н. Директорова"})
    return teachers.plan_teacher(host, school, "Учителев Денис Олегович", post, category, planned,
                                 "attestation_officer", today=today)

"""Demo data: three regions, their municipalities and schools, a user for every role."""
import io
import random

from core import acts
from core.cases import add_document, fire
from core.declension import genitive
from core.demo import attestation as attestation_demo
from core.demo import cmm as cmm_demo
from core.demo import results as results_demo
from core.demo import roadmaps as roadmaps_demo
from core.demo import teachers as teachers_demo
from core.demo.common import DEMO_PASSWORD, TYPE_TITLES  # noqa: F401  (DEMO_PASSWORD: read from here)
from core.demo.files import demo_docx
from core.orgimport import Row, apply
from core.project500 import snapshots, steps
from core.project500.model import ANTI_RISK_PROGRAMME
from core.resources import traverse_path
from core.security.roles import ROLES, grant
from core.security.users import demo_user

REGIONS = {
    "66": ("Свердловская область", [("ekaterinburg", "Екатеринбург"), ("nizhny-tagil", "Нижний Тагил"),
                                    ("kamensk-uralsky", "Каменск-Уральский")]),
    "24": ("Красноярский край", [("krasnoyarsk", "Красноярск"), ("norilsk", "Норильск"),
                                 ("achinsk", "Ачинск")]),
    "54": ("Новосибирская область", [("novosibirsk", "Новосибирск"), ("berdsk", "Бердск"),
                                     ("iskitim", "Искитим")]),
}
SCHOOLS_PER_TYPE = 66

# login, full name, role, where: a path below the root ("" is the root), or the
# first/second demo school of Yekaterinburg, where the curator works; None where
# a domain step hands the role out (the teachers' demo appoints the region's
# commission and puts the expert in its pool).
USERS = [
    ("federal", "Фёдорова Анна Петровна", "federal_operator", ""),
    ("region66", "Уральцев Игорь Сергеевич", "regional_operator", "66"),
    ("region24", "Енисеева Ольга Викторовна", "regional_operator", "24"),
    ("coordinator", "Муниципальная Елена Ивановна", "municipal_coordinator", "66/ekaterinburg"),
    ("curator", "Кураторов Павел Андреевич", "curator", "first second"),
    ("head", "Директорова Мария Николаевна", "school_head", "first"),
    ("head2", "Школьников Виктор Павлович", "school_head", "second"),
    ("officer", "Аттестационная Светлана Юрьевна", "attestation_officer", "first"),
    ("teacher", "Учителев Денис Олегович", "teacher", "first"),
    ("expert", "Экспертова Ирина Львовна", "expert", None),
    ("chair", "Председателев Константин Ильич", "commission_chair", None),
    ("secretary", "Секретарёва Наталья Борисовна", "commission_secretary", None),
    ("member", "Членов Артём Викторович", "commission_member", None),
    ("methodologist", "Методистова Галина Петровна", "methodologist", "66"),
    ("cmm_author", "Разработчиков Леонид Ефимович", "cmm_author", "66"),
]


def demo_rows():
    """Org rows of the demo: every municipality gets schools of every type."""
    rows, n = [], 0
    for region, (region_name, munis) in REGIONS.items():
        for i in range(SCHOOLS_PER_TYPE * 3):
            kind = ("urban", "rural", "small")[i % 3]
            code, title = munis[i % len(munis)]
            n += 1
            rows.append(Row(n, region, region_name, code, title, f"{region}-{n:04d}",
                            f"{TYPE_TITLES[kind]} № {i + 1} ({title})", kind))
    return rows


def logins(site):
    """``[(login, role title, where)]`` of the demo users stored in ``site``.

    The users above first, in their order; then everyone the verticals' and
    the plugins' demos added (a second expert, a candidate, the federal CMM
    author...), by login, with the roles they were granted.
    """
    users = site.services["users"]
    rows, listed = [], set()

    def where(user):
        places = [traverse_path(site, path) for path in user.grants]
        # NB: not the cases a role is held on (a dossier an expert reviews names a teacher).
        titles = [p.title for p in places if p is not None and not getattr(p, "is_case", False)]
        return ", ".join(dict.fromkeys(titles)) or "—"
    for login, _, role, _ in USERS:
        user = users.get(login)
        if user is not None:
            rows.append((login, ROLES[role], where(user)))
            listed.add(login)
    for login in sorted(set(users.keys()) - listed):
        user = users[login]
        # NB: pseudo-roles (an attestee on its own dossier, an act's reader) are not roles one logs in for.
        roles = sorted({r for granted in user.grants.values() for r in granted if r in ROLES}, key=list(ROLES).index)
        if roles:
            rows.append((login, ", ".join(ROLES[r] for r in roles), where(user)))
    return rows


def build(site, host, hasher):
    """Fill an empty site with demo data."""
    apply(site, demo_rows())
    ekb = site["66"]["ekaterinburg"]
    schools = sorted(ekb.keys())
    first, second = ekb[schools[0]], ekb[schools[1]]
    for login, title, role, where in USERS:
        user = demo_user(site, login, title, DEMO_PASSWORD, hasher)
        targets = []
        for place in (where.split(" ") if where is not None else ()):
            node = {"first": first, "second": second}.get(place)
            if node is None:
                node = site
                for name in filter(None, place.split("/")):
                    node = node[name]
            targets.append(node)
        for target in targets:
            grant(target, user, role)
    rnd = random.Random(66)
    for school, head in ((first, "head"), (second, "head2")):
        for k, title in enumerate(["Программа развития", "Антирисковая программа", "Отчёт о самообследовании"]):
            doc = add_document(host, school, f"doc-{k + 1}", title, "school_document", head,
                               (io.BytesIO(demo_docx(title, school.title)), f"{title}.docx", None))
            if rnd.random() < 0.8:
                fire(host, doc, "submit", head)
    build_project500(site, host, ekb, first)
    build_acts(site, host, ekb)
    roadmaps_demo.build(site, first)
    teachers_demo.build(site, host, hasher, first, DEMO_PASSWORD)
    results_demo.build(site, host, first)
    cmm_demo.build(site, host, hasher, DEMO_PASSWORD)
    # NB: last: the leader attestation draws its demo tests from the CMM demo bank.
    attestation_demo.build(site, host, hasher, DEMO_PASSWORD, first, second)
    host.pm.hook.oko_demo_data(site=site, host=host, hasher=hasher, password=DEMO_PASSWORD)


def build_project500(site, host, municipality, first, year=None):
    """The 500+ project under way in a municipality: twelve schools, the first one visited."""
    import datetime

    year = year or datetime.date.today().year
    region = municipality.__parent__
    codes = sorted(s.code for s in municipality.values())[:12]
    steps.enrol(host, region, codes, year, "region66")
    factors = [f["code"] for f in host.risk_factors(region.code)]
    rows = [(n, code, factors[(n + k) % len(factors)], ("high", "medium", "low")[(n + k) % 3])
            for n, code in enumerate(codes, start=2) for k in range(3)]
    # NB: the survey's results come in over three weeks, each week's indicators kept (the dashboard's table).
    today = datetime.date.today()
    for week, part in enumerate((codes[:4], codes[4:8], codes[8:])):
        steps.import_risk_profiles(host, region, [r for r in rows if r[1] in part], year, "region66")
        snapshots.take_all(region, year, today - datetime.timedelta(days=7 * (2 - week)))
    users = site.services["users"]
    p = steps.participation_of(first, year)
    steps.record_seminar(host, p, True, "coordinator")
    steps.assign_curator(host, p, users["curator"], "coordinator", "signed")
    steps.record_first_visit(host, p, "curator", datetime.date.today(), {}, sorted(p.risk_profile)[:1])
    content = {"goals": "Снизить долю обучающихся с рисками учебной неуспешности.",
               "tasks": "Организовать наставничество; обновить систему внутришкольного оценивания.",
               "expected_results": "Доля обучающихся, освоивших программу, не ниже 95 %.",
               "measures": [{"measure": "Методический семинар для учителей по формирующему оцениванию",
                             "deadline": f"{year}-04-15", "responsible": "Заместитель директора по УВР",
                             "indicator": "Доля учителей, прошедших семинар",
                             "expected_result": "Не менее 90 % учителей"}]}
    doc = steps.save_concept_document(host, p, ANTI_RISK_PROGRAMME, "head", content,
                                      risk_factor=sorted(p.activated_risks)[0])
    fire(host, doc, "submit", "head")


def build_acts(site, host, municipality):
    """A municipal roadmap order drafted by the methodologist and sent for signature."""
    import datetime

    year = datetime.date.today().year
    values = {"authority_name": f"Департамент образования Администрации города {genitive(municipality.title)}",
              "city": f"г. {municipality.title}", "territory": f"муниципального образования «город {municipality.title}»",
              "year": year, "coordinator_name": "главного специалиста Муниципальную Елену Ивановну",
              "measures": [
                  {"period": f"Февраль {year}", "measure": "Установочный семинар для школ и кураторов",
                   "result": "Школы и кураторы знают порядок работы", "indicator": "Доля ОО, принявших участие",
                   "responsible": "Муниципальный координатор"},
                  {"period": f"До 30 марта {year}", "measure": "Размещение концептуальных документов",
                   "result": "Документы подтверждены кураторами", "indicator": "Доля ОО с подтверждёнными документами",
                   "responsible": "Руководители ОО, кураторы"}],
              "signatory_post": "Начальник Департамента образования", "signatory_name": "И. И. Иванов"}
    act = acts.draft_act(host, municipality, "order_municipal_roadmap_500", values, "methodologist")
    acts.fire_act(host, act, "submit", "methodologist")

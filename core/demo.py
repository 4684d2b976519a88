"""Demo data: three regions, their municipalities and schools, a user for every role."""
import io
import random

from .cases import add_document, fire
from .orgimport import Row, apply
from .security.roles import ROLES, grant
from .security.users import add_user

DEMO_PASSWORD = "oko-demo-2026"

REGIONS = {
    "66": ("Свердловская область", [("ekaterinburg", "Екатеринбург"), ("nizhny-tagil", "Нижний Тагил"),
                                    ("kamensk-uralsky", "Каменск-Уральский")]),
    "24": ("Красноярский край", [("krasnoyarsk", "Красноярск"), ("norilsk", "Норильск"),
                                 ("achinsk", "Ачинск")]),
    "54": ("Новосибирская область", [("novosibirsk", "Новосибирск"), ("berdsk", "Бердск"),
                                     ("iskitim", "Искитим")]),
}
SCHOOLS_PER_TYPE = 66
TYPE_TITLES = {"urban": "МАОУ СОШ", "rural": "МКОУ сельская СОШ", "small": "МКОУ малокомплектная ООШ"}

# login, full name, role, where: a path below the root ("" is the root), or the
# first/second demo school of Yekaterinburg, where the curator works.
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
    ("expert", "Экспертова Ирина Львовна", "expert", "66"),
    ("chair", "Председателев Константин Ильич", "commission_chair", "66"),
    ("secretary", "Секретарёва Наталья Борисовна", "commission_secretary", "66"),
    ("member", "Членов Артём Викторович", "commission_member", "66"),
    ("methodologist", "Методистова Галина Петровна", "methodologist", "66"),
    ("cmm_author", "Разработчиков Леонид Ефимович", "cmm_author", "66"),
]


def demo_docx(title, school):
    """A small Word document as a school would write it."""
    import docx
    document = docx.Document()
    document.add_heading(title, 0)
    document.add_paragraph(school)
    for heading, text in (("Цели", "Повышение качества образования и снижение доли неуспевающих."),
                          ("Задачи", "Обновить систему внутришкольного оценивания; организовать наставничество."),
                          ("Ожидаемые результаты", "Доля обучающихся, освоивших программу, не ниже 95 %.")):
        document.add_heading(heading, level=1)
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


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
    """``[(login, role title, where)]`` of the demo users stored in ``site``."""
    from .resources import traverse_path
    users = site.services["users"]
    rows = []
    for login, _, role, _ in USERS:
        user = users.get(login)
        if user is not None:
            places = [traverse_path(site, path) for path in user.grants]
            rows.append((login, ROLES[role], ", ".join(p.title for p in places if p is not None)))
    return rows


def build(site, host, hasher):
    """Fill an empty site with demo data."""
    apply(site, demo_rows())
    ekb = site["66"]["ekaterinburg"]
    schools = sorted(ekb.keys())
    first, second = ekb[schools[0]], ekb[schools[1]]
    for login, title, role, where in USERS:
        user = add_user(site, login, title, DEMO_PASSWORD, hasher)
        targets = []
        for place in where.split(" "):
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

"""Demo data of the leader attestation: region 66's campaign with participants at different stages.

The school heads ``head`` and ``head2`` of Yekaterinburg and a candidate are
on the schedule; ``head`` has sat the test (its case is with two experts from
other municipalities), ``head2`` has registered, the candidate is scheduled
for next week. Experts come from Nizhny Tagil and Kamensk-Uralsky (and the
region's ``expert``); the demo commission (``chair``, ``secretary``,
``member``) holds its roles on the campaign. Built after the CMM demo bank.
"""
import datetime

from core.attestation import AttestationRefused, commission, registration, sitting
from core.attestation import campaign as steps
from core.security.roles import grant
from core.security.users import demo_user, users_of

# login, full name, role, where (a path below the root)
USERS = [
    ("expert2", "Тагильцева Оксана Викторовна", "expert", "66/nizhny-tagil"),
    ("expert3", "Каменских Роман Олегович", "expert", "66/kamensk-uralsky"),
    ("candidate", "Кандидатов Илья Сергеевич", "teacher", None),
]
CASE_TEXT = ("Сначала соберу данные: результаты ВПР по классам и учителям, посещаемость, темы с наибольшей "
             "долей ошибок. На методическом совете разберём причины, скорректируем рабочие программы, "
             "назначим наставников молодым учителям и через четверть проверим динамику.")


def _node(site, path):
    node = site
    for name in filter(None, path.split("/")):
        node = node[name]
    return node


def build(site, host, hasher, password, first, second, year=None):
    """Open region 66's campaign and bring its participants to their stages."""
    year = year or datetime.date.today().year
    users = users_of(site)
    for login, title, role, where in USERS:
        user = demo_user(site, login, title, password, hasher)
        grant(_node(site, where) if where else second, user, role)
    region = site["66"]
    c = steps.open_campaign(host, region, year, "region66", time_limit=90)
    today = datetime.date.today()
    steps.schedule(host, c, users["head"], first.code, "head", today, "region66")
    steps.schedule(host, c, users["head2"], second.code, "head", today, "region66")
    steps.schedule(host, c, users["candidate"], second.code, "candidate", today + datetime.timedelta(days=7),
                   "region66")
    for login in ("expert", "expert2", "expert3"):
        steps.add_expert(c, users[login], "region66")
    for login, role in (("chair", "commission_chair"), ("secretary", "commission_secretary"),
                        ("member", "commission_member")):
        commission.appoint(c, users[login], role, "region66")
    first.results_series = {"Средний балл ОГЭ по математике": {year - 4 + k: v for k, v in
                                                               enumerate((3.6, 3.7, 3.6, 3.9, 4.0))},
                            "Доля выпускников с аттестатом, %": {year - 4 + k: v for k, v in
                                                                 enumerate((96.0, 97.5, 97.0, 98.5, 99.0))}}
    for login, d in (("head", c.participants["head"]), ("head2", c.participants["head2"])):
        registration.register(host, d, {"education": "Высшее педагогическое; КПК «Менеджмент в образовании»",
                                        "results": "Рост среднего балла ОГЭ по математике за пять лет"},
                              True, login)
    d = c.participants["head"]
    try:
        test = sitting.start_test(host, d, "head")
    except AttestationRefused:
        # NB: without the CMM demo bank (or with a blueprint it cannot fill) the head stays registered.
        return c
    for item in test.items:
        answer = {"single": lambda i: i.options[0][0], "multiple": lambda i: [i.options[0][0]],
                  "short": lambda i: (i.answer or ("—",))[0], "case": lambda i: CASE_TEXT}[item.kind](item)
        sitting.save_answer(host, d, item.code, answer, "head")
    sitting.submit_test(host, d, "head")
    return c

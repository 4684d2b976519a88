"""Demo data of the Krasnoyarsk model: a campaign of region 24 with an interview and a project, and the consultations log.

``head24`` (a school of Krasnoyarsk) is on region 24's schedule today, has
written a management project, sat the test, and the experts of Norilsk and
Achinsk agreed the cases; the demo commission has held the interview on the
monitoring of the school's results and scored the project, so the dossier
waits for the commission's decision. The municipal coordinators of
Krasnoyarsk and Norilsk have logged requests for consultations; all but
one are answered (the share of requests answered: 80 %).
"""
import datetime

from core.plugin import (
    AttestationRefused,
    School,
    add_attestation_expert,
    appoint_commission_member,
    demo_user,
    grant,
    open_attestation_campaign,
    register_attestee,
    save_answer,
    schedule_attestee,
    score_case,
    start_test,
    submit_test,
    users_of,
)
from oko_krasnoyarsk import consultations, interview, management_project
from oko_krasnoyarsk.attestation import REGION

# login, full name, role, where (below region 24)
USERS = [
    ("head24", "Сибирцева Анна Михайловна", "school_head", None),
    ("coordinator24", "Енисейский Пётр Ильич", "municipal_coordinator", "krasnoyarsk"),
    ("coordinator24n", "Заполярная Инна Юрьевна", "municipal_coordinator", "norilsk"),
    ("expert24a", "Ачинская Лариса Петровна", "expert", "achinsk"),
    ("expert24b", "Норильский Глеб Андреевич", "expert", "norilsk"),
]
PROJECT = {
    "topic": "vsoko", "own_topic": "",
    "problem": "По данным мониторинга доля выпускников, поступивших в вузы края, за четыре года снизилась "
               "с 61 до 52 %, при росте среднего балла ОГЭ по математике.",
    "goal": "К 2028 году довести долю выпускников, поступивших в вузы края, до 60 %.",
    "tasks": "Обновить внутреннюю систему оценки качества; открыть профильные группы; заключить договоры с вузами.",
    "plan": "Сентябрь — анализ данных ВСОКО; октябрь — профильные группы 10-х классов; январь–май — сетевые "
            "курсы с СФУ; июнь — анализ результатов и корректировка.",
    "resources": "Заместитель директора по УВР, два методиста; договор с СФУ; 150 тыс. руб. из внебюджетных средств.",
    "results": "Доля поступивших в вузы края не ниже 60 %; охват профильным обучением 80 % старшеклассников.",
    "risks": "Отток педагогов старших классов — наставничество и стимулирующие выплаты.",
}
REQUESTS = [
    ("krasnoyarsk", 40, "Заместитель руководителя управления образования", "Как составить график аттестации "
     "руководителей на год?", "email", "Направлен образец графика, разъяснены сроки регистрации участников."),
    ("krasnoyarsk", 25, "Специалист по аттестации", "Какие документы входят в портфолио руководителя?", "phone",
     "Разъяснён состав портфолио и порядок согласия на обработку персональных данных."),
    ("norilsk", 30, "Начальник отдела кадров", "Как сформировать муниципальную аттестационную комиссию?",
     "webinar", "Проведён вебинар для муниципалитетов; материалы размещены на сайте центра оценки."),
    ("norilsk", 12, "Методист ММЦ", "Как оценивается управленческий проект?", "meeting",
     "Разобраны критерии оценки управленческого проекта и примерная тематика."),
    ("krasnoyarsk", 3, "Директор школы", "Как готовиться к собеседованию по результатам мониторинга?", "email", None),
]


def _place(region, where):
    return region[where] if where else None


def build(site, host, hasher, password):
    """Region 24's campaign with the Krasnoyarsk stages under way, and the consultations log."""
    if REGION not in site:
        return None
    region = site[REGION]
    users = users_of(site)
    school = next(s for s in region["krasnoyarsk"].values() if isinstance(s, School))
    for login, title, role, where in USERS:
        user = demo_user(site, login, title, password, hasher)
        grant(_place(region, where) or school, user, role)
    _consultations(host, region)
    return _campaign(host, region, school, users)


def _consultations(host, region):
    today = datetime.date.today()
    for muni, days_ago, requester, topic, channel, answer in REQUESTS:
        day = today - datetime.timedelta(days=days_ago)
        actor = "coordinator24" if muni == "krasnoyarsk" else "coordinator24n"
        entry = consultations.log_request(host, region, muni, {"requested_on": day.isoformat(), "requester": requester,
                                                               "topic": topic, "channel": channel}, actor)
        if answer:
            consultations.answer_request(host, entry, {"answered_on": (day + datetime.timedelta(days=2)).isoformat(),
                                                       "answer": answer}, "region24")


def _campaign(host, region, school, users):
    today = datetime.date.today()
    year = today.year
    c = open_attestation_campaign(host, region, year, "region24", time_limit=90)
    schedule_attestee(host, c, users["head24"], school.code, "head", today, "region24")
    for login in ("expert24a", "expert24b"):
        add_attestation_expert(c, users[login], "region24")
    for login, role in (("chair", "commission_chair"), ("secretary", "commission_secretary"),
                        ("member", "commission_member")):
        if login in users:
            appoint_commission_member(c, users[login], role, "region24")
    school.results_series = {
        "Средний балл ОГЭ по математике": {year - 4 + k: v for k, v in enumerate((3.5, 3.6, 3.8, 3.9, 4.1))},
        "Доля выпускников, поступивших в вузы края, %": {year - 4 + k: v for k, v in enumerate((61, 60, 57, 55, 52))},
        "Доля педагогов с первой и высшей категорией, %": {year - 4 + k: v for k, v in enumerate((48, 50, 55, 57, 60))},
    }
    d = c.participants["head24"]
    register_attestee(host, d, {"education": "Высшее педагогическое; КПК «Менеджмент в образовании»"}, True,
                          "head24")
    management_project.submit_project(host, d, PROJECT, "head24")
    try:
        test = start_test(host, d, "head24")
    except AttestationRefused:
        # NB: without the CMM demo bank the attestee stays registered, its project written.
        return c
    for item in test.items:
        answer = {"single": lambda i: i.options[0][0], "multiple": lambda i: [i.options[0][0]],
                  "short": lambda i: (i.answer or ("—",))[0],
                  "case": lambda i: PROJECT["problem"] + " " + PROJECT["plan"]}[item.kind](item)
        save_answer(host, d, item.code, answer, "head24")
    submit_test(host, d, "head24")
    for code in d.case_codes:
        answer = c.answers[code]
        for expert in answer.experts:
            score_case(host, answer, expert, {r["code"]: r["max"] * 0.7 for r in answer.item.rubric})
    if "member" in users:
        held = interview.open_interview(host, d, "member")
        interview.score_interview(host, d, {q.code: 2 for q in held.questions}, "member", held_on=today,
                                  notes="Руководитель уверенно анализирует данные мониторинга.")
        management_project.score_project(host, d, {k["code"]: 4 for k in management_project.CRITERIA}, "member",
                                         comment="Проект опирается на данные мониторинга; риски описаны кратко.")
    return c

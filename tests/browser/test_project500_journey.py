"""The key journey of the 500+ project in a real browser: the curator confirms a school's
anti-risk programme from "Мои задачи", and the municipal coordinator reads the indicators."""
import datetime

import pytest
from playwright.sync_api import expect

from core.cases import fire
from core.project500 import steps
from core.project500.model import ANTI_RISK_PROGRAMME, DEVELOPMENT_CONCEPT, MEDIUM_TERM_PROGRAMME
from core.security.users import users_of
from tests.browser.test_journey import log_in, shot
from tests.factories import edit, make_user

pytestmark = pytest.mark.browser

YEAR = datetime.date.today().year
PROGRAMME = "Антирисковая программа: Дефицит педагогических кадров"


def content():
    return {"goals": "Повысить качество обучения", "tasks": "Обновить оценивание",
            "expected_results": "Рост результатов",
            "measures": [{"measure": "Методический семинар для учителей", "deadline": f"{YEAR}-04-01",
                          "responsible": "Заместитель директора", "indicator": "Доля учителей",
                          "expected_result": "100 %"}]}


def visited(host, site, school, risk):
    """School 66/m1/``school`` enrolled with a high ``risk``, its curator assigned and come: its participation."""
    code = site["66"]["m1"][school].code
    steps.enrol(host, site["66"], [code], YEAR, "region66")
    steps.import_risk_profiles(host, site["66"], [(2, code, risk, "high")], YEAR, "region66")
    p = steps.participation_of(site["66"]["m1"][school], YEAR)
    steps.assign_curator(host, p, users_of(site)["curator"], "coordinator", "signed")
    steps.record_first_visit(host, p, "curator", datetime.date.today(), {}, [risk])
    return p


@pytest.fixture(scope="module")
def project(live_server):
    """School 66-1-1 in the project: visited, its concept and programme confirmed, its anti-risk
    programme sent to the curator; a municipal coordinator of 66/m1."""
    app = live_server.app
    host = app.registry.oko
    with edit(app.registry._zodb_databases[""]) as site:
        make_user(site, "coordinator", app.registry.oko_hasher, [("municipal_coordinator", "66/m1")],
                  title="Координаторова Елена Петровна")
        make_user(site, "region66", app.registry.oko_hasher, [("regional_operator", "66")])
        p = visited(host, site, "s1", "staff_shortage")
        for doc_type, risk in ((DEVELOPMENT_CONCEPT, None), (MEDIUM_TERM_PROGRAMME, None),
                               (ANTI_RISK_PROGRAMME, "staff_shortage")):
            doc = steps.save_concept_document(host, p, doc_type, "head", content(), risk_factor=risk)
            fire(host, doc, "submit", "head")
            if risk is None:
                fire(host, doc, "confirm", "curator")
    return live_server


def test_curator_confirms_a_programme_and_the_coordinator_reads_the_indicators(page, project):
    server = project
    log_in(page, server, "curator")
    tasks = page.locator("h2", has_text="Мои задачи").locator("xpath=following-sibling::table[1]")
    assert PROGRAMME in tasks.inner_text()
    tasks.get_by_role("link", name=PROGRAMME).click()
    page.wait_for_url(f"{server.url}/66/m1/s1/500plus-{YEAR}/anti-risk-programme-staff_shortage/")
    assert page.locator("h1 .state").first.inner_text() == "На проверке у куратора"
    assert "Методический семинар для учителей" in page.locator("table.measures").inner_text()
    shot(page, "p500-1-programme")

    with page.expect_navigation():
        page.get_by_role("button", name="Подтвердить").click()
    assert page.locator("h1 .state").first.inner_text() == "Подтверждён куратором"
    assert "Готово" in page.locator(".msg.success").inner_text()
    shot(page, "p500-2-confirmed")
    page.get_by_role("link", name=f"Школа № 1 (66-1), проект «500+» {YEAR}").click()
    roadmap = page.locator("#roadmap").inner_text()
    assert "Концептуальные документы размещены и подтверждены куратором\tвыполнено" in roadmap, roadmap
    with page.expect_navigation():
        page.get_by_role("button", name="Выйти").click()

    log_in(page, server, "coordinator")
    page.locator("h2", has_text="Мои организации").locator("xpath=following-sibling::table[1]").get_by_role(
        "link", name="Муниципалитет 66-1").click()
    page.wait_for_url(server.url + "/66/m1/")
    page.get_by_role("link", name="Проект «500+»").click()
    page.wait_for_url(f"{server.url}/66/m1/@@project500")
    row = page.locator("#school-66-1-1")
    assert "Школа № 1 (66-1)" in row.inner_text() and "Кураторов Павел Андреевич" in row.inner_text()
    shot(page, "p500-3-municipality")

    dashboard = page.get_by_role("link", name="Показатели проекта")
    if dashboard.count() == 0:
        pytest.skip("нет страницы показателей <муниципалитет>/@@indicators-500 (core/project500/pages/dashboard.py)")
    dashboard.click()
    page.wait_for_url(f"{server.url}/66/m1/@@indicators-500?year={YEAR}")
    cells = page.locator('tr[data-code="concept_confirmed"] td').all_inner_texts()
    assert cells[1] == "Доля ОО, разместивших концептуальные документы, подтверждённые куратором", cells
    assert (cells[2], cells[3], cells[4].replace("\xa0", " ")) == ("1", "1", "100,0 %"), cells
    shot(page, "p500-4-dashboard")
    failed = [r for r in page.responses if r[0] >= 400]
    assert not failed, failed


@pytest.fixture(scope="module")
def second_school(project):
    """School 66-1-2 in the project too, visited by its curator; its head ``head2``."""
    app, host = project.app, project.app.registry.oko
    with edit(app.registry._zodb_databases[""]) as site:
        make_user(site, "head2", app.registry.oko_hasher, [("school_head", "66/m1/s2")])
        visited(host, site, "s2", "low_motivation")
    return project


def test_the_head_adds_and_removes_measures_in_the_table_of_a_development_concept(page, second_school):
    server = second_school
    log_in(page, server, "head2")
    page.goto(f"{server.url}/66/m1/s2/500plus-{YEAR}/@@concept?type=development_concept")
    rows = page.locator("table.measures tr.deform-seq-item")
    expect(rows).to_have_count(1)
    # one measure at least: the only row cannot be removed
    expect(rows.first.locator(".deform-close-button")).to_be_hidden()
    page.get_by_role("link", name="Добавить меру").click()
    expect(rows).to_have_count(2)
    expect(rows.first.locator(".deform-close-button")).to_be_visible()
    for n, row in enumerate(rows.all()):
        row.locator("textarea[name=measure]").fill(f"Мера {n + 1}: наставничество")
        row.locator("input[name=deadline]").fill(f"{YEAR}-05-0{n + 1}")
        row.locator("input[name=responsible]").fill("Заместитель директора")
        row.locator("input[name=indicator]").fill("Доля учеников")
        row.locator("textarea[name=expected_result]").fill("Рост мотивации")
    rows.first.locator(".deform-close-button").click()
    expect(rows).to_have_count(1)
    for name in ("goals", "tasks", "expected_results"):
        page.locator(f"textarea[name={name}]").fill("Повысить учебную мотивацию")
    with page.expect_navigation():
        page.get_by_role("button", name="Сохранить версию").click()
    assert page.locator("#refusal").count() == 0, page.locator("main").inner_text()
    measures = page.locator("table.measures").inner_text()
    assert "Мера 2: наставничество" in measures and "Мера 1" not in measures, measures

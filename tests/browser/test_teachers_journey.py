"""The key journey of teacher attestation in a real browser: the teacher uploads the materials from
"Мои задачи" and gives consent; the officer's dashboard shows the teacher moved on to the experts."""
import datetime

import pytest

from core.teachers import steps
from core.teachers.model import school_year_of, year_name
from tests.browser.test_journey import log_in, shot
from tests.factories import edit, make_user, valid_pdf

pytestmark = pytest.mark.browser

D = datetime.date.today() + datetime.timedelta(days=15)
YEAR = f"/66/m1/s1/{year_name(school_year_of(D))}/"


@pytest.fixture(scope="module")
def attestation(live_server):
    """A primary-school teacher of 66/m1/s1 whose account is open (D in 15 days): the officer, the coordinator."""
    app = live_server.app
    host, hasher = app.registry.oko, app.registry.oko_hasher
    with edit(app.registry._zodb_databases[""]) as site:
        make_user(site, "officer", hasher, [("attestation_officer", "66/m1/s1")], title="Аттестационная Светлана")
        make_user(site, "coord", hasher, [("municipal_coordinator", "66/m1")])
        anna = make_user(site, "anna", hasher, title="Иванова Анна Петровна")
        d = steps.plan_teacher(host, site["66"]["m1"]["s1"], "Иванова Анна Петровна", "primary_teacher", "first", D,
                               "officer")
        steps.send_data(host, d, "officer")
        steps.open_account(host, d, "coord", anna)
        path = "/66/m1/s1/" + d.__parent__.__name__ + "/" + d.__name__ + "/"
    live_server.dossier = path
    return live_server


def log_out(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Выйти").click()


def board_row(page, step):
    """The names on the dashboard's table of ``step``."""
    return page.locator(f"#step-{step} + table").inner_text()


def test_the_teacher_uploads_materials_and_consents_and_the_officer_sees_the_dashboard_change(page, attestation):
    server = attestation
    log_in(page, server, "officer")
    page.goto(server.url + YEAR)
    assert "Иванова Анна Петровна" in board_row(page, "upload_materials")
    assert page.locator("#step-review").count() == 0
    shot(page, "teachers-1-dashboard-before")
    log_out(page)

    log_in(page, server, "anna")
    with page.expect_navigation():
        page.get_by_role("link", name="Мои задачи").click()
    assert "загрузить аттестационные материалы" in page.locator("main").inner_text()
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name="Иванова Анна Петровна").click()
    codes = [c.get_attribute("class")[4:] for c in page.locator("#documents td[class^=doc-]").all()]
    assert sorted(codes) == ["application", "lesson_technology_map", "results_description"]
    # Sending before every document is there is refused, with the missing ones named.
    with page.expect_navigation():
        page.get_by_role("button", name="Отправить материалы").click()
    assert "Технологическая карта урока" in page.locator("#error").inner_text()
    for code in codes:
        row = page.locator("#documents tr", has=page.locator(f"td.doc-{code}"))
        row.locator("input[type=file]").set_input_files(
            {"name": f"{code}.pdf", "mimeType": "application/pdf", "buffer": valid_pdf()})
        with page.expect_navigation():
            row.get_by_role("button", name="Загрузить").click()
        assert page.locator("#documents tr", has=page.locator(f"td.doc-{code}")).get_by_role(
            "link", name=f"{code}.pdf").count() == 1
    with page.expect_navigation():
        page.get_by_role("button", name="Отправить материалы").click()
    assert "отправлены" in page.locator(".msg.success").inner_text()
    # Consent is a box to tick: without it the application is not filed.
    with page.expect_navigation():
        page.get_by_role("button", name="Подать заявку").click()
    assert "Отметьте согласие" in page.locator("#error").inner_text()
    page.get_by_label("Согласен(на) на участие в процедуре аттестации").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Подать заявку").click()
    assert page.locator("#step").inner_text() == "экспертиза портфолио"
    shot(page, "teachers-2-consent")
    log_out(page)

    log_in(page, server, "officer")
    page.goto(server.url + YEAR)
    assert "Иванова Анна Петровна" in board_row(page, "review")
    assert page.locator("#step-upload_materials").count() == 0
    shot(page, "teachers-3-dashboard-after")

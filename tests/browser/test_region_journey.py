"""Going live in a region in real Chromium, at 1366 and at 390 px: from a site with one federal operator, the regional
operator is invited, loads the organisations from XLSX (preview, then the tree), invites the municipal coordinators
from a list; a coordinator invites a head and a curator; the head resets a forgotten password; the curator is
picked for a school with the people picker (typed, chosen from the keyboard); a suspended coordinator is out at
once; the journal shows it. Every letter is read from a real SMTP server started by the test (aiosmtpd,
``tests.mailsink``). Screenshots in OKO_SCREENSHOTS when asked for."""
import datetime

import pytest

from core.resources import Region
from tests.browser.conftest import serving
from tests.browser.test_accounts_journey import no_horizontal_scroll
from tests.browser.test_journey import shot
from tests.factories import make_user
from tests.functional.test_accounts_lists import xlsx as people_xlsx
from tests.functional.test_region_journey import COORDINATORS, ORGS, PASSWORDS
from tests.mailsink import link_in
from tests.unit.test_orgimport import xlsx

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
NEW_PASSWORD = "звонок с урока звенит весело"
YEAR = datetime.date.today().year


def _federal_only(app, site):
    make_user(site, "federal", app.registry.oko_hasher, [("federal_operator", "")], title="Федеральный Пётр Ильич")
    # NB: the federation's regions come from `oko import-orgs`; no page makes a region.
    site.add("24", Region("24", "Красноярский край"))


@pytest.fixture
def empty_region(tmp_path, mail_sink, monkeypatch):
    """A live site with one federal operator and an empty region 24, mailing through the test's SMTP server."""
    with serving(tmp_path, _federal_only) as server:
        mail_sink.clear()
        monkeypatch.setattr(server.app.registry, "oko_mailer", mail_sink.mailer, raising=False)
        yield server


class Person:
    """One person's own browser context and page."""

    def __init__(self, browser, server, width):
        self.context = browser.new_context(locale="ru-RU", viewport=SIZES[width])
        self.page = self.context.new_page()
        self.server, self.width = server, width

    def go(self, path):
        self.page.goto(self.server.url + path)

    def submit(self, button):
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=button).first.click()

    def log_in(self, login, password):
        self.go("/login")
        self.page.fill("#login", login)
        self.page.fill("#password", password)
        self.submit("Войти")

    def shot(self, name):
        shot(self.page, f"region-{self.width}-{name}")
        if self.width == "phone":
            no_horizontal_scroll(self.page)

    def accept(self, letter, password):
        """Follow the letter's link and choose a password: logged in."""
        self.page.goto(link_in(letter))
        self.page.fill("input[name=password]", password)
        self.page.fill("input[name=password-confirm]", password)
        self.submit("Задать пароль")
        assert self.page.url == self.server.url + "/", self.page.url


def invite(person, where, name, email, organisation, role):
    person.go(where + "@@people")
    person.page.fill("input[name=name]", name)
    person.page.fill("input[name=email]", email)
    person.page.select_option("select[name=organisation]", organisation)
    person.page.select_option("select[name=role]", label=role)
    person.submit("Пригласить")
    assert f"Приглашение отправлено на адрес {email}" in person.page.locator(".msg.success").inner_text()


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_a_region_goes_live_from_one_federal_operator(browser, empty_region, mail_sink, tmp_path, width):
    server, people = empty_region, []

    def person():
        people.append(Person(browser, server, width))
        return people[-1]
    try:
        federal = person()
        federal.log_in("federal", server.password)
        invite(federal, "/", "Краева Ольга Ивановна", "kraeva@kras.example", "/24", "Региональный оператор")

        operator = person()
        operator.accept(mail_sink.wait_for("kraeva@kras.example")[0], PASSWORDS["kraeva@kras.example"])
        start = operator.page.locator("#start-24")
        assert "не хватает" in start.locator("#start-24-orgs").inner_text()
        operator.shot("1-start-empty")

        # the organisations from XLSX: checked, shown, then loaded
        with operator.page.expect_navigation():
            start.locator("#start-24-orgs a").click()
        orgs = tmp_path / "организации.xlsx"
        orgs.write_bytes(xlsx(ORGS))
        operator.page.set_input_files("input[name=file]", str(orgs))
        operator.submit("Проверить файл")
        assert "школ добавлено: 3" in operator.page.locator("#summary").inner_text()
        operator.shot("2-orgs-preview")
        operator.submit("Загрузить")
        assert "Организации загружены" in operator.page.locator(".msg.success").inner_text()
        operator.shot("3-orgs-loaded")

        # the coordinators from a list
        operator.go("/24/@@people")
        listed = tmp_path / "координаторы.xlsx"
        listed.write_bytes(people_xlsx(COORDINATORS))
        operator.page.set_input_files("#import-form input[type=file]", str(listed))
        operator.submit("Проверить список")
        assert "Новых учётных записей: 2" in operator.page.locator("#summary").inner_text()
        operator.submit("Загрузить список")
        operator.go("/")
        assert "готово" in operator.page.locator("#start-24-coordinators").inner_text()
        operator.shot("4-start-after")

        coordinator = person()
        coordinator.accept(mail_sink.wait_for("gorod@m1.example")[0], PASSWORDS["gorod@m1.example"])
        invite(coordinator, "/24/m1/", "Директорова Нина Павловна", "head@s1.example", "/24/m1/s1",
               "Руководитель ОО")
        invite(coordinator, "/24/m1/", "Кураторов Игорь Олегович", "curator@m1.example", "/24/m1", "Методист")
        head = person()
        head.accept(mail_sink.wait_for("head@s1.example")[0], PASSWORDS["head@s1.example"])
        person().accept(mail_sink.wait_for("curator@m1.example")[0], PASSWORDS["curator@m1.example"])

        # the head forgets her password
        forgot = person()
        forgot.go("/forgot")
        forgot.page.fill("input[name=email]", "head@s1.example")
        forgot.submit("Получить ссылку")
        letter = mail_sink.wait_for("head@s1.example", count=2)[1]
        forgot.accept(letter, NEW_PASSWORD)
        forgot.shot("5-new-password")

        # the school in the 500+ project, its curator picked by the coordinator
        operator.go("/24/@@project500")
        operator.page.fill("#codes", "s1")
        operator.submit("Включить в проект")
        coordinator.go("/24/m1/@@project500")
        field = coordinator.page.locator("input[name=login][data-people]").first
        field.click()
        field.press_sequentially("Куратор", delay=30)
        option = coordinator.page.get_by_role("option", name="Кураторов Игорь Олегович")
        option.wait_for()
        coordinator.shot("6a-picker")
        field.press("Enter")
        assert field.input_value() == "curator@m1.example"
        coordinator.submit("Назначить куратора")
        assert "куратор — Кураторов Игорь Олегович" in coordinator.page.locator(".msg.success").inner_text()
        coordinator.shot("6-curator")

        # the coordinator of m1 suspended: her next page is the log-in page
        operator.go("/24/@@person/gorod@m1.example")
        operator.page.fill("#reason", "Перевод на другую работу")
        operator.submit("Приостановить")
        coordinator.go("/24/m1/")
        assert coordinator.page.url.startswith(server.url + "/login")

        # the journal of the region shows it all
        operator.go("/24/@@access?below=1")
        journal = operator.page.locator("#journal-table").inner_text()
        for said in ("учётная запись приостановлена", "Перевод на другую работу", "пароль задан заново по ссылке",
                     "назначена роль"):
            assert said in journal, said
        operator.shot("7-journal")
        operator.go("/24/@@access?below=1&kind=orgs")
        assert "загружены организации из файла" in operator.page.locator("#journal-table").inner_text()
    finally:
        for p in people:
            p.context.close()

"""Choosing people with the picker, roles with a term, and the journal filtered and exported (issue 18, 2, 3, 7)."""
import datetime
import io

import openpyxl
import pytest

from core.project500 import steps as project500
from core.security import roles
from core.security.audit import audit_log
from core.security.choosing import PersonRefused, pick
from core.security.roles import effective_roles, local_roles
from core.teachers import commission
from tests.factories import csrf, edit, login, make_user, node


def _journal_size(db):
    with edit(db) as site:
        return len(audit_log(site))


def _last_entry(db):
    with edit(db) as site:
        return audit_log(site).entries[audit_log(site).entries.maxKey()]

PEOPLE = "/66/m1/@@pick-people"


@pytest.fixture
def people(tree, hasher):
    """The ``tree`` and some people with names: two Семёновы in 66 (m1 and m2), an Иванов in 66/m2 and in 24."""
    with edit(tree) as site:
        make_user(site, "semenova", hasher, [("teacher", "66/m1/s1")], title="Семёнова Ёлка Петровна")
        make_user(site, "semenov", hasher, [("teacher", "66/m2/s1")], title="Семенов Пётр Ильич")
        make_user(site, "ivanov66", hasher, [("methodologist", "66/m2")], title="Иванов Иван Сергеевич")
        make_user(site, "ivanov24", hasher, [("teacher", "24/m1/s1")], title="Иванов Иван Петрович")
    return tree


def _found(testapp, url, q, status=200):
    res = testapp.get(url, {"q": q}, status=status)
    return [p["login"] for p in res.json["people"]] if status == 200 else res


def test_the_picker_finds_people_by_a_name_prefix_whatever_the_case_and_yo(testapp, people):
    login(testapp, "coordinator")
    assert _found(testapp, PEOPLE + "?rule=region", "сем") == ["semenov", "semenova"]
    assert _found(testapp, PEOPLE + "?rule=region", "СЁМЕНОВА ЁЛ") == ["semenova"]
    assert _found(testapp, PEOPLE + "?rule=region", "семенова елка") == ["semenova"]
    answer = testapp.get(PEOPLE + "?rule=region", {"q": "семёнова"}).json["people"][0]
    assert answer == {"login": "semenova", "title": "Семёнова Ёлка Петровна", "organisation": "Школа № 1 (66-1)",
                      "roles": "Педагог"}


def test_the_picker_finds_by_organisation_and_role(testapp, people):
    login(testapp, "coordinator")
    assert "ivanov66" in _found(testapp, PEOPLE + "?rule=region", "методист")
    assert set(_found(testapp, PEOPLE + "?rule=region", "педагог школа")) == {"semenova", "semenov"}


def test_another_regions_people_never_appear(testapp, people):
    login(testapp, "coordinator")
    assert _found(testapp, PEOPLE + "?rule=region", "иванов") == ["ivanov66"]
    login(testapp, "federal")
    assert _found(testapp, "/@@pick-people?rule=region", "иванов") == ["ivanov24", "ivanov66"]


def test_experts_from_elsewhere_leave_the_municipality_out(testapp, people):
    login(testapp, "coordinator")
    assert _found(testapp, "/66/m1/s1/@@pick-people?rule=elsewhere", "сем") == ["semenov"]
    assert _found(testapp, "/66/m1/s1/@@pick-people?rule=place", "сем") == ["semenova"]


def test_a_teacher_searches_nobody(testapp, people):
    login(testapp, "semenova")
    _found(testapp, "/66/m1/s1/@@pick-people?rule=region", "сем", status=403)


def _grant_form(testapp, path="/66/m1/s3"):
    return testapp.get(path + "/@@access").forms["grant-form"]


def test_a_role_is_granted_to_a_person_picked_by_name_for_a_term(testapp, people, db):
    login(testapp, "coordinator")
    form = _grant_form(testapp)
    assert form["login"].attrs["role"] == "combobox" and "data-people" in form["login"].attrs
    form["login"], form["role"] = "Семенов Пётр", "teacher"
    form["start"], form["end"] = "2026-09-01", "2027-08-31"
    page = form.submit(status=303).follow()
    assert "Роль «Педагог» назначена: Семенов Пётр Ильич с 01.09.2026 по 31.08.2027." in page.text
    row = [r for r in page.html.select("#grants tr") if "Семенов" in r.text][0]
    assert "01.09.2026" in row.text and "31.08.2027" in row.text and "coordinator".title() in row.text
    entry = _last_entry(db)
    assert (entry.action, entry.subject, entry.actor, entry.note) == (
        "grant", "semenov", "coordinator", "с 01.09.2026 по 31.08.2027")


@pytest.mark.parametrize("who, start, end, says", [
    ("nosuchperson", "", "", "Никого не найдено по «nosuchperson»"),
    ("ivanov24", "", "", "«Иванов Иван Петрович» нельзя выбрать здесь: можно выбрать людей своего региона"),
    ("Иванов Иван Петрович", "", "", "Никого не найдено по «Иванов Иван Петрович»"),
    ("semenov", "2027-09-01", "2027-08-31", "Дата окончания роли (31.08.2027) раньше даты начала (01.09.2027)"),
    ("semenov", "01.09.2027", "", "Дата начала «01.09.2027» не распознана"),
    ("сем", "", "", "По «сем» найдено несколько человек: Семенов Пётр Ильич (semenov); Семёнова"),
])
def test_a_bad_grant_is_refused_in_russian_and_writes_nothing(testapp, people, db, who, start, end, says):
    login(testapp, "coordinator")
    before = _journal_size(db)
    form = _grant_form(testapp)
    form["login"], form["role"], form["start"], form["end"] = who, "teacher", start, end
    page = form.submit(status=400)
    assert says in page.html.select_one(".msg.error").text
    assert _journal_size(db) == before
    with edit(db) as site:
        assert set(local_roles(node(site, "66/m1/s3"))) == {"head3"}


def test_a_grant_expires_by_itself_and_shows_as_history(testapp, people, db, monkeypatch):
    monkeypatch.setattr(roles, "today", lambda: datetime.date(2026, 12, 5))
    with edit(db) as site:
        school, user = node(site, "66/m1/s3"), site.services["users"]["semenov"]
        roles.grant(school, user, "teacher", "coordinator", start=datetime.date(2026, 9, 1),
                    end=datetime.date(2026, 12, 31))
        roles.grant(school, site.services["users"]["semenova"], "teacher", "coordinator",
                    start=datetime.date(2027, 1, 1))
    with edit(db) as site:
        school = node(site, "66/m1/s3")
        assert "teacher" in effective_roles(school, "semenov")
        assert "teacher" not in effective_roles(school, "semenova")  # not yet
    login(testapp, "coordinator")
    page = testapp.get("/66/m1/s3/@@access")
    assert page.html.select_one("#grants-history") is None
    assert "ещё не действует" in [r for r in page.html.select("#grants tr") if "Семёнова" in r.text][0].text

    monkeypatch.setattr(roles, "today", lambda: datetime.date(2027, 1, 1))
    with edit(db) as site:
        school = node(site, "66/m1/s3")
        assert "teacher" not in effective_roles(school, "semenov")
        assert "teacher" in effective_roles(school, "semenova")
    page = testapp.get("/66/m1/s3/@@access")
    history = page.html.select_one("#grants-history").text
    assert "Семенов Пётр Ильич" in history and "31.12.2026" in history
    assert "Семенов" not in page.html.select_one("#grants").text
    # the person's own session sees the end too: the school's page is closed to them now
    login(testapp, "semenov")
    testapp.get("/66/m1/s3/", status=403)


def test_the_api_grants_for_a_term_and_refuses_bad_terms_and_people(testapp, people, db):
    login(testapp, "coordinator")
    token = csrf(testapp)
    url = "/api/v1/tree/66/m1/s3/@@roles"
    res = testapp.post_json(url, {"login": "semenov", "role": "teacher", "start": "2026-09-01", "end": "2027-08-31"},
                            headers={"X-CSRF-Token": token})
    held = [g for g in res.json["local"] if g["login"] == "semenov"][0]
    assert (held["start"], held["end"], held["granted_by"]) == ("2026-09-01", "2027-08-31", "coordinator")
    before = _journal_size(db)
    err = testapp.post_json(url, {"login": "semenova", "role": "teacher", "start": "2027-09-01", "end": "2027-01-01"},
                            headers={"X-CSRF-Token": token}, status=400).json["error"]
    assert "раньше даты начала" in err["message"]
    err = testapp.post_json(url, {"login": "ivanov24", "role": "teacher"},
                            headers={"X-CSRF-Token": token}, status=400).json["error"]
    assert err["code"] == "person_invalid" and "нельзя выбрать здесь" in err["message"]
    testapp.post_json(url, {"login": "nosuch", "role": "teacher"}, headers={"X-CSRF-Token": token}, status=404)
    assert _journal_size(db) == before


def test_a_step_takes_a_typed_name_only_when_it_names_one_allowed_person(people, db):
    with edit(db) as site:
        school = node(site, "66/m1/s1")
        with pytest.raises(PersonRefused, match="нельзя выбрать здесь"):
            pick(school, "region", "ivanov24")
        assert pick(school, "region", "Семенов Пётр").login == "semenov"
        with pytest.raises(PersonRefused, match="найдено несколько человек"):
            pick(school, "region", "Семенов")


def test_the_journal_is_filtered_by_person_and_dates_and_exported(testapp, people, db):
    with edit(db) as site:
        user = site.services["users"]["semenov"]
        for day in (1, 10, 20):
            at = datetime.datetime(2026, 11, day, 12, tzinfo=datetime.timezone.utc)
            roles.grant(node(site, "66/m1/s3"), user, "teacher", "coordinator", now=at,
                        end=datetime.date(2027, 1, day))
    login(testapp, "coordinator")
    page = testapp.get("/66/m1/s3/@@access", {"person": "semenov", "since": "2026-11-05", "until": "2026-11-15"})
    rows = page.html.select("#journal-table tr")[1:]
    assert len(rows) == 1 and "10.11.2026" in rows[0].text
    book = openpyxl.load_workbook(io.BytesIO(testapp.get(page.html.select_one("#journal-export")["href"]).body))
    sheet = book.active
    assert sheet.max_row == 2 and sheet.cell(2, 5).value == "semenov"
    page = testapp.get("/66/m1/s3/@@access", {"person": "semenov"})
    assert len(page.html.select("#journal-table tr")) == 4
    page = testapp.get("/66/m1/s3/@@access", {"person": "nosuch@example.org"})
    assert "не найден" in page.html.select_one("#journal-error").text and not page.html.select("#journal-table")
    page = testapp.get("/66/m1/s3/@@access", {"since": "2026-11-20", "until": "2026-11-01"})
    assert "раньше его начала" in page.html.select_one("#journal-error").text


def test_a_teacher_commission_is_appointed_for_a_term_that_ends_by_itself(testapp, people, db, monkeypatch):
    monkeypatch.setattr(roles, "today", lambda: datetime.date(2026, 12, 5))
    login(testapp, "region66")
    page = testapp.get("/66/@@teachers")
    form = page.forms["teacher-commission-form"]
    form["login"], form["role"], form["end"] = "Семенов Пётр", "commission_member", "2027-06-30"
    assert "в составе аттестационной комиссии" in form.submit(status=303).follow().text
    form = testapp.get("/66/@@teachers").forms["teacher-commission-form"]
    form["login"], form["role"], form["end"] = "semenova", "commission_member", "2026-12-01"
    assert "Срок полномочий (01.12.2026) уже прошёл" in form.submit(status=400).text
    with edit(db) as site:
        assert commission.composition(node(site, "66"))["commission_member"] == ["semenov"]
    monkeypatch.setattr(roles, "today", lambda: datetime.date(2027, 7, 1))
    with edit(db) as site:
        region = node(site, "66")
        assert commission.composition(region)["commission_member"] == []
        assert "commission_member" not in effective_roles(region, "semenov")
    assert "Семенов Пётр Ильич" in testapp.get("/66/@@access").html.select_one("#grants-history").text


def test_without_the_script_an_ambiguous_name_offers_the_people_it_may_mean(testapp, people):
    login(testapp, "coordinator")
    form = _grant_form(testapp)
    form["login"], form["role"] = "сем", "teacher"
    page = form.submit(status=400)
    choices = page.html.select("#grant-form .picker-choices input[type=radio]")
    assert [c["value"] for c in choices] == ["semenov", "semenova"]
    assert "Кого вы имели в виду под «сем»?" in page.html.select_one("#grant-form .picker-choices").text
    form = page.forms["grant-form"]
    assert form["role"].value == "teacher"  # what was chosen stays chosen
    form["login"] = "semenova"
    page = form.submit(status=303).follow()
    assert "Роль «Педагог» назначена: Семёнова Ёлка Петровна." in page.text


def test_the_api_finds_people_under_the_same_rules(testapp, people):
    login(testapp, "coordinator")
    res = testapp.get("/api/v1/tree/66/m1/s1/@@find-people", {"rule": "elsewhere", "q": "сем"}).json
    assert [p["login"] for p in res["people"]] == ["semenov"] and not res["more"]
    assert testapp.get("/api/v1/tree/66/m1/@@find-people", {"q": "иванов"}).json["people"][0]["login"] == "ivanov66"
    err = testapp.get("/api/v1/tree/66/m1/@@find-people", {"rule": "everyone"}, status=400).json["error"]
    assert err["code"] == "validation"
    login(testapp, "semenova")
    testapp.get("/api/v1/tree/66/m1/s1/@@find-people", {"q": "сем"}, status=403)


def test_a_curator_is_assigned_for_a_year_and_stops_curating_by_itself(testapp, people, db, host, monkeypatch):
    monkeypatch.setattr(roles, "today", lambda: datetime.date(2026, 12, 5))
    with edit(db) as site:
        project500.enrol(host, site["66"], ["66-1-3"], 2026, "region66")
    login(testapp, "coordinator")
    page = testapp.get("/66/m1/@@project500?year=2026")
    form = [f for f in page.forms.values() if f.action.endswith("/66/m1/s3/500plus-2026/@@curator")][0]
    form["login"], form["until"] = "Семенов Пётр", "2027-08-31"
    assert "куратор — Семенов Пётр Ильич" in form.submit(status=303).follow().text
    with edit(db) as site:
        school = node(site, "66/m1/s3")
        assert "curator" in effective_roles(school, "semenov")
        monkeypatch.setattr(roles, "today", lambda: datetime.date(2027, 9, 1))
        assert "curator" not in effective_roles(school, "semenov")
    token = csrf(testapp)
    err = testapp.post_json("/api/v1/tree/66/m1/s3/500plus-2026/@@curator",
                            {"login": "semenova", "until": "2027-01-01"}, headers={"X-CSRF-Token": token}, status=400).json["error"]
    assert "Срок кураторства (01.01.2027) уже прошёл" in err["message"]

"""The officer's dashboard and the import page; the region's overdue list; the demo's attestation year."""
import datetime

import pytest
import webtest

from core.teachers.importer import COLUMNS
from tests.factories import csrf, edit, login, make_user, node

TODAY = datetime.date.today()


@pytest.fixture
def officer(testapp, tree, hasher):
    """The test app logged in as the attestation officer of 66/m1/s1."""
    with edit(tree) as site:
        make_user(site, "officer", hasher, [("attestation_officer", "66/m1/s1")])
    login(testapp, "officer")
    testapp.token = csrf(testapp)
    return testapp


def upload(app, rows):
    body = (",".join(COLUMNS) + "\n" + "\n".join(",".join(r) for r in rows) + "\n").encode("utf-8")
    form = app.get("/66/m1/s1/@@teachers").forms["import-teachers"]
    form["upload"] = webtest.Upload("teachers.csv", body, "text/csv")
    return form.submit("save", expect_errors=True)


def test_officer_imports_teachers_and_sees_them_by_step_with_overdue_marked(officer, tree):
    soon = TODAY + datetime.timedelta(days=15)   # D - 20 has passed: overdue
    later = TODAY + datetime.timedelta(days=90)
    res = upload(officer, [("66-1-1", "Иванова Анна Петровна", "primary_teacher", "first", soon.isoformat()),
                           ("66-1-1", "Петров Пётр Ильич", "учитель", "высшая", later.strftime("%d.%m.%Y"))])
    assert res.status_int == 303
    assert "Педагогов добавлено: 2" in res.follow().text
    with edit(tree) as site:
        years = [y for y in node(site, "66/m1/s1").values() if y.type_name == "teacher_attestation_year"]
        paths = ["/66/m1/s1/" + y.__name__ + "/" for y in years]
    rows = [tr for path in paths for tr in officer.get(path).html.select("tr.overdue")]
    assert len(rows) == 1 and "Иванова Анна Петровна" in rows[0].text and "просрочено" in rows[0].text


def test_a_bad_import_file_is_refused_by_line_and_changes_nothing(officer, tree):
    res = upload(officer, [("66-1-1", "Иванова Анна", "primary_teacher", "first", (TODAY + datetime.timedelta(days=30)).isoformat()),
                           ("66-1-1", "Петров Пётр", "завуч", "first", "2020-01-01")])
    assert res.status_int == 400
    assert "ничего не изменилось" in res.text and "Строка 3" in res.text and "завуч" in res.text
    with edit(tree) as site:
        assert not [n for n in node(site, "66/m1/s1").keys() if n.startswith("teachers-")]


def test_the_region_sees_overdue_steps_and_a_stranger_does_not(officer, tree, app):
    upload(officer, [("66-1-1", "Иванова Анна Петровна", "primary_teacher", "first",
                      (TODAY + datetime.timedelta(days=10)).isoformat())])
    import webtest
    region = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1"})
    login(region, "region66")
    page = region.get("/66/@@teachers")
    assert page.html.find(id="overdue-total").text == "1" and "Иванова Анна Петровна" in page.html.find(id="overdue").text
    region.get("/24/@@teachers", status=403)
    stranger = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1"})
    login(stranger, "head2")
    assert stranger.get("/66/@@teachers", status=403)


def test_the_regions_overdue_list_comes_in_pages(officer, tree):
    soon = (TODAY + datetime.timedelta(days=10)).isoformat()
    upload(officer, [("66-1-1", f"Педагогов Учитель {n:02d}", "учитель", "first", soon) for n in range(60)])
    officer.reset()
    login(officer, "region66")
    first = officer.get("/66/@@teachers")
    assert first.html.find(id="overdue-total").text == "60"
    assert len(first.html.find(id="overdue").select("tr")) == 1 + 50 and "Страница 1 из 2" in first.text
    second = first.click(href=r"page=2")
    # NB: names, not links: the regional operator does not read the teachers' dossiers.
    names = {td.text for page in (first, second) for td in page.html.find(id="overdue").select("tr td:first-child")}
    assert not first.html.find(id="overdue").select("a")
    assert len(second.html.find(id="overdue").select("tr")) == 1 + 10 and len(names) == 60


@pytest.mark.slow
def test_the_demo_school_has_a_teacher_attestation_year_under_way(testapp, db, host, hasher):
    from core import demo
    with edit(db) as site:
        demo.build(site, host, hasher)
    login(testapp, "teacher", demo.DEMO_PASSWORD)
    tasks = testapp.get("/tasks")
    assert "загрузить аттестационные материалы" in tasks.text
    import webtest
    officer = webtest.TestApp(testapp.app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1"})
    login(officer, "officer", demo.DEMO_PASSWORD)
    tasks = officer.get("/tasks")
    assert "передать данные педагога" in tasks.text and "просрочено" in tasks.text
    with edit(db) as site:
        first = sorted(site["66"]["ekaterinburg"].keys())[0]
        steps_seen = {d.step for y in site["66"]["ekaterinburg"][first].values()
                      if y.type_name == "teacher_attestation_year" for d in y.dossiers()}
    assert {"send_data", "open_account", "upload_materials", "review"} <= steps_seen

"""The officer's dashboard and the import page; the region's overdue list; the demo's attestation year."""
import datetime

import pytest
import webtest

from core.teachers.dashboard import CALENDAR_DAYS, CALENDAR_EVENTS
from core.teachers.importer import COLUMNS, WEB_MAX_ROWS
from core.teachers.model import AttestationYear, TeacherDossier, school_year_of, teacher_key, year_name
from tests.factories import csrf, edit, login, make_user, node
from tests.unit import docinspect_corpus as corpus
from tests.unit.test_orgimport import xlsx

TODAY = datetime.date.today()


@pytest.fixture
def officer(testapp, tree, hasher):
    """The test app logged in as the attestation officer of 66/m1/s1."""
    with edit(tree) as site:
        make_user(site, "officer", hasher, [("attestation_officer", "66/m1/s1")])
    login(testapp, "officer")
    testapp.token = csrf(testapp)
    return testapp


def upload(app, rows=None, body=None, filename="teachers.csv"):
    """Submit the school's import form with ``rows`` as a CSV (or ``body`` as the file ``filename``)."""
    if body is None:
        body = (",".join(COLUMNS) + "\n" + "\n".join(",".join(r) for r in rows) + "\n").encode("utf-8")
    form = app.get("/66/m1/s1/@@teachers").forms["import-teachers"]
    form["upload"] = webtest.Upload(filename, body)
    return form.submit("save", expect_errors=True)


def teachers_workbook(rows):
    """The teachers' list as an .xlsx, as an officer saves it from Excel."""
    return xlsx([COLUMNS, *rows])


def nothing_imported(db):
    """Whether no school of any region has an attestation year (the import wrote nothing)."""
    with edit(db) as site:
        return not [name for region in site.values() if hasattr(region, "values")
                    for muni in region.values() for school in muni.values()
                    for name in school.keys() if name.startswith("teachers-")]


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


def test_officer_imports_teachers_only_into_her_own_school(officer, tree):
    later = (TODAY + datetime.timedelta(days=90)).isoformat()
    res = upload(officer, [("66-1-1", "Иванова Анна Петровна", "учитель", "first", later),
                           ("24-1-1", "Чужой Педагог Краевой", "учитель", "first", later),
                           ("66-1-2", "Соседний Педагог", "учитель", "first", later)])
    assert res.status_int == 400 and "ничего не изменилось" in res.text
    assert "Строка 3: код ОО «24-1-1» — не код этой школы" in res.text
    assert "Строка 4: код ОО «66-1-2» — не код этой школы" in res.text
    assert "Строка 2" not in res.text
    assert nothing_imported(tree)


@pytest.mark.parametrize("build, message", [
    (lambda: corpus.with_parts(teachers_workbook([]), {"xl/worksheets/sheet1.xml": corpus.billion_laughs_xml()}),
     "содержит объявление DOCTYPE"),
    (lambda: corpus.with_parts(teachers_workbook([]), {"xl/worksheets/sheet1.xml": corpus.xxe_xml()}),
     "содержит объявление DOCTYPE"),
    (lambda: corpus.zip_bomb_of(teachers_workbook([])), "zip-бомбы"),
    (lambda: corpus.valid_docx(), "по содержимому это документ Word"),
])
def test_a_hostile_workbook_is_refused_by_the_inspector_before_anything_reads_it(officer, tree, build, message):
    res = upload(officer, body=build(), filename="педагоги.xlsx")
    assert res.status_int == 400 and message in res.text and "ничего не изменилось" in res.text
    assert nothing_imported(tree)


def test_a_workbook_openpyxl_cannot_read_is_refused_with_its_line(officer, tree):
    later = TODAY + datetime.timedelta(days=90)
    book = teachers_workbook([("66-1-1", "Иванова Анна", "учитель", "first", later.isoformat())])
    sheet = corpus.parts_of(book)["xl/worksheets/sheet1.xml"]
    # A number cell holding letters: well-formed XML, but no number for openpyxl to read.
    broken = sheet.replace(b"<c r=\"A1\" t=\"inlineStr\">", b"<c r=\"A1\" t=\"n\"><v>abc</v></c><c r=\"Z9\" t=\"inlineStr\">", 1)
    assert broken != sheet
    res = upload(officer, body=corpus.with_parts(book, {"xl/worksheets/sheet1.xml": broken}), filename="t.xlsx")
    assert res.status_int == 400 and "Строка 1: не читается" in res.text
    assert nothing_imported(tree)


def test_one_web_import_takes_at_most_5000_teachers_and_points_to_the_command(officer, tree):
    later = (TODAY + datetime.timedelta(days=90)).isoformat()
    rows = [("66-1-1", f"Педагог Номер {n}", "учитель", "first", later) for n in range(WEB_MAX_ROWS + 1)]
    res = upload(officer, rows)
    assert res.status_int == 400
    assert f"больше {WEB_MAX_ROWS} педагогов" in res.text and "oko import-teachers" in res.text
    assert nothing_imported(tree)
    assert upload(officer, rows[:WEB_MAX_ROWS]).status_int == 303


BIG = 3000


@pytest.fixture
def big_year(tree):
    """The URL of 66/m1/s1's attestation year with ``BIG`` teachers, placed at once (``add_dossiers``), as an
    import of a region's list would leave it; D from five days ahead to two hundred, so some deadlines have passed."""
    school_year = school_year_of(TODAY)
    with edit(tree) as site:
        school = node(site, "66/m1/s1")
        year = AttestationYear(school_year)
        dossiers = []
        for n in range(BIG):
            name = f"Педагогова Анна {n:05d}"
            planned = TODAY + datetime.timedelta(days=5 + n % 196)
            dossiers.append((teacher_key(school.code, name)[0],
                             TeacherDossier(n + 1, name, "subject_teacher", "first", planned)))
        year.add_dossiers(dossiers)
        school.add(year_name(school_year), year)
    return f"/66/m1/s1/{year_name(school_year)}/"


def test_a_school_year_of_thousands_of_teachers_is_shown_fifty_at_a_time(officer, big_year):
    first = officer.get(big_year)
    assert len(first.html.select("table.listing tr")) == len(first.html.select("table.listing")) + 50
    assert f"Педагогов: {BIG};" in first.text and f"Страница 1 из {BIG // 50} (всего {BIG})" in first.text
    assert first.html.find(id="step-send_data").text.endswith(f"({BIG})")
    assert len(first.body) < 100_000
    last = officer.get(big_year + f"?page={BIG // 50}")
    names = {a.text for page in (first, last) for a in page.html.select("table.listing td a")}
    assert len(names) == 100 and "Педагогова Анна 00000" in first.text


def test_the_calendar_of_a_large_school_holds_only_the_nearest_events_and_says_so(officer, big_year):
    ics = officer.get(big_year + "calendar.ics").text
    events = ics.count("BEGIN:VEVENT")
    assert events == CALENDAR_EVENTS
    starts = sorted(line.rsplit(":", 1)[1] for line in ics.split("\r\n") if line.startswith("DTSTART"))
    assert starts[0] >= f"{TODAY:%Y%m%d}"
    assert starts[-1] <= f"{TODAY + datetime.timedelta(days=CALENDAR_DAYS):%Y%m%d}"
    description = ics.split("X-WR-CALDESC:", 1)[1].split("\r\nBEGIN:VEVENT", 1)[0].replace("\r\n ", "")
    assert f"не больше {CALENDAR_EVENTS} ближайших событий" in description
    assert f"Показано {CALENDAR_EVENTS} из " in description
    assert len(ics.encode()) < 1_000_000


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

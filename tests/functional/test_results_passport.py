"""A school's e-passport: what it shows (the context, its teachers from their attestation, its 500+ years, its
results with their dynamics), the head's own facts with their versions, the operator's imported facts."""
import datetime

import pytest
import webtest

from core.docinspect.tables import table_rows
from core.project500 import steps as project500
from core.results import importer
from core.teachers import steps as teachers
from tests.factories import edit, login, node
from tests.functional.results_support import YEAR, three_years

API = "/api/v1/tree"
D = datetime.date.today() + datetime.timedelta(days=40)
PASSPORT = "/66/m1/s1/@@passport"


@pytest.fixture
def school(tree, host):
    """School 66-1-1 with three teachers planned for attestation, enrolled in the 500+ project this year, and
    region 66's three years of results loaded."""
    with edit(tree) as site:
        s1 = node(site, "66/m1/s1")
        for name, category in (("Иванова Анна Петровна", "first"), ("Петров Пётр Ильич", "highest"),
                               ("Сидорова Ольга Юрьевна", "first")):
            teachers.plan_teacher(host, s1, name, "subject_teacher", category, D, "head")
        project500.enrol(host, site["66"], ["66-1-1"], YEAR, "region66")
        plan = importer.check(host, site["66"], table_rows(three_years(), "результаты.csv"))
        importer.apply(site, plan, "region66", "результаты.csv")
    return tree


def csrf(client):
    return client.get("/api/v1/session").json["csrf_token"]


def known(page, section):
    """``{title: text}`` of what OKO Case adds to a section of the passport itself."""
    return {tr.select("td")[0].text: " ".join(tr.select("td")[1].text.split())
            for tr in page.html.select(f"#section-{section} tr.known")}


def test_the_passport_shows_the_school_its_staff_and_programmes_and_its_results_with_their_dynamics(testapp, school):
    login(testapp, "head")
    page = testapp.get(PASSPORT)
    assert known(page, "context") == {"Тип школы": "городская"}
    school_year = teachers.school_year_of(D)
    assert known(page, "staff") == {
        f"Аттестация педагогов, {school_year}/{(school_year + 1) % 100:02d} учебный год":
            "педагогов: 3; цель аттестации: первая квалификационная категория — 2, высшая квалификационная "
            "категория — 1; статус: аттестация не завершена — 3"}
    assert known(page, "programmes")["Проект «500+»"] == f"{YEAR} г."
    # Every federal field is there, with its source and who fills it.
    pupils = page.html.select_one("#field-pupils")
    assert "Число обучающихся" in pupils.text and "ФСН № ОО-1; загружается из таблиц" in pupils.text
    # The results: the planted growth of the base level is found, and drawn beside the region.
    base = page.html.select_one("#indicator-vpr_base")
    assert "Динамика: рост на 3,00 п. п. в год (p < 0,001)." in " ".join(base.text.split())
    assert base.select_one("svg.chart polyline") is not None
    assert "t-критерий Стьюдента" in page.html.select_one("details.method").text
    # NB: the Content-Security-Policy refuses inline script: the charts need none.
    assert all(s.get("src") for s in page.html.select("script"))


def test_the_head_fills_the_schools_own_facts_and_each_change_is_a_version(testapp, school):
    login(testapp, "head")
    form = testapp.get(PASSPORT).forms["passport-facts"]
    assert "pupils" not in form.fields, "an imported field is not the school's to fill"
    form["year"] = str(YEAR)
    form["instruction_language"] = "русский"
    form["non_native_share"] = "12,5"
    form["psychologist"] = "да"
    done = form.submit("save", status=303).follow()
    assert f"Сведения за {YEAR} год сохранены: изменено значений — 3." in done.text
    assert " ".join(done.html.select_one("#field-non_native_share").text.split()).startswith(
        "Доля обучающихся, для которых русский язык не родной 12,5 %")

    form = done.forms["passport-facts"]
    assert form["non_native_share"].value == "12,5", "the form shows the year's current values"
    form["non_native_share"] = "150"
    refused = form.submit("save", status=400)
    assert "доля не может быть больше 100 %" in refused.text
    form = refused.forms["passport-facts"]
    form["non_native_share"] = "10"
    form.submit("save", status=303)

    passport = testapp.get(API + "/66/m1/s1/@@passport").json
    context = next(s for s in passport["sections"] if s["code"] == "context")
    share = next(f for f in context["fields"] if f["code"] == "non_native_share")
    assert [(v["value"], v["author"], v["via"]) for v in share["versions"]] == [(12.5, "head", "school"),
                                                                                (10.0, "head", "school")]
    history = testapp.get(PASSPORT).html.select_one("#field-non_native_share details.history")
    assert "версии: 2" in history.text

    # The API refuses an imported field, naming it; nothing is kept.
    answer = testapp.post_json(API + "/66/m1/s1/@@passport-facts", {"year": YEAR, "values": {"pupils": 900}},
                               headers={"X-CSRF-Token": csrf(testapp)}, status=400).json["error"]
    assert answer["details"] == [{"message": "«Число обучающихся»: значение загружается из таблиц (ФСН № ОО-1), "
                                             "школа не может его изменить"}]


def facts_table(rows, header=("Код ОО", "Год", "Число обучающихся", "Доля обучающихся с ОВЗ",
                              "Социально-экономический контекст")):
    return "\n".join(";".join(map(str, r)) for r in (header, *rows)).encode("utf-8")


def import_facts(client, data, status=303):
    form = client.get("/66/@@results").forms["passport-import"]
    form["upload"] = webtest.Upload("оо-1.csv", data, "text/csv")
    return form.submit("save", status=status)


def test_the_operator_imports_facts_a_correction_is_a_new_version_and_a_bad_table_changes_nothing(testapp, school):
    login(testapp, "region66")
    done = import_facts(testapp, facts_table([("66-1-1", YEAR, 1250, "3,5", "средний"),
                                              ("66-1-2", YEAR, 480, 1, "неблагоприятный")])).follow()
    assert "Сведения паспортов загружены: новых значений 6, без изменений 0; школ: 2." in done.text
    again = import_facts(testapp, facts_table([("66-1-1", YEAR, 1250, "3,5", "средний")])).follow()
    assert "Изменений нет: все значения файла уже загружены (значений в файле: 3)." in again.text
    import_facts(testapp, facts_table([("66-1-1", YEAR, 1262, "3,5", "средний")]))
    page = testapp.get(PASSPORT)
    pupils = page.html.select_one("#field-pupils")
    assert "1\u00a0262\u00a0чел." in pupils.text and "версии: 2" in pupils.text
    assert "из файла «оо-1.csv»" in pupils.select_one("details").text

    bad = import_facts(testapp, facts_table([("66-1-1", YEAR, -4, "103", "так себе"), ("66-9-9", YEAR, 1, 1, "")]),
                       status=400)
    assert "Файл не загружен, в базе ничего не изменилось." in bad.text
    assert [li.text for li in bad.html.select("#error li")] == [
        "Строка 2, столбец C «Число обучающихся»: «-4»: значение не может быть отрицательным.",
        "Строка 2, столбец D «Доля обучающихся с ОВЗ»: «103»: доля не может быть больше 100 %.",
        "Строка 2, столбец E «Социально-экономический контекст»: «так себе»: нужно одно из значений: "
        "благоприятный, средний, неблагоприятный.",
        "Строка 3, столбец A «Код ОО»: школа с кодом «66-9-9» не найдена в «Свердловская область».",
    ]
    school_column = import_facts(testapp, facts_table([("66-1-1", YEAR, "да")], ("Код ОО", "Год",
                                                      "В штате есть педагог-психолог")), status=400)
    assert [li.text for li in school_column.html.select("#error li")] == [
        "Строка 1, столбец C «В штате есть педагог-психолог»: поле «В штате есть педагог-психолог» заполняет сама "
        "школа, из таблицы оно не загружается."]
    assert "1\u00a0262\u00a0чел." in testapp.get(PASSPORT).html.select_one("#field-pupils").text

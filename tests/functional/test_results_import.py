"""Loading results tables through the pages and the API: a good file previewed then imported, a bad file refused
whole with its rows and columns named, the same file twice changing nothing, columns mapped by hand."""
import json

import pytest
import webtest

from core.results.model import region_bank
from core.results.trend import number
from tests.factories import edit, login
from tests.functional.results_support import HEADER, YEAR, YEARS, rows, table, three_years

API = "/api/v1/tree"


@pytest.fixture
def operator(testapp, tree):
    login(testapp, "region66")
    return testapp


def upload(client, path, data, filename="результаты.csv", status=303):
    """Upload a results table on the node's results page; the response (a redirect to the preview when kept)."""
    form = client.get(path + "@@results").forms["results-upload"]
    form["upload"] = webtest.Upload(filename, data, "text/csv")
    return form.submit("save", status=status)


def kept(db, region="66"):
    """``{school code: rows}`` of the region's results base, and its journal."""
    with edit(db) as site:
        bank = region_bank(site, region)
        if bank is None:
            return {}, ()
        return {code: dict(r.rows) for code, r in bank.schools.items()}, tuple(bank.imports)


def serials(db, region="66"):
    """The transaction that last wrote each school's results record and each scope's sums."""
    with edit(db) as site:
        bank = region_bank(site, region)
        return ({code: r._p_serial for code, r in bank.schools.items()},
                {name: s._p_serial for name, s in bank.scopes.items()})


def test_a_good_file_is_previewed_with_its_columns_found_then_imported_and_shown(operator, tree):
    preview = upload(operator, "/66/", three_years()).follow()
    # The Russian headings were found by themselves, column by column.
    mapping = preview.forms["mapping"]
    assert [mapping[f"col-{i}"].value for i in range(len(HEADER))] == [
        "school", "procedure", "subject", "grade", "year", "participants", "mean", "low", "base", "above", "high"]
    sample = preview.html.select("#sample tr")
    assert len(sample) == 1 + 10
    assert [td.text for td in sample[1].select("td")][:6] == ["2", "66-1-1", "ВПР", "Математика", "5", str(YEARS[0])]
    total = len(rows())
    assert f"Всего результатов в файле: {total}; школ: 6." in preview.text
    assert f"будет новых: {total}, изменённых: 0" in " ".join(preview.text.split())
    assert kept(tree)[0] == {}, "the preview writes no result"

    done = preview.forms["confirm"].submit(status=303).follow()
    assert f"Результатов загружено: новых {total}, изменённых 0, без изменений 0; школ: 6." in done.text
    results, journal = kept(tree)
    assert len(results) == 6 and sum(len(r) for r in results.values()) == total
    assert results["66-1-1"][("vpr", "math", 5, YEARS[0])] == (40, None, 200, 390, 260, 150)
    assert [(e.actor, e.filename, e.added) for e in journal] == [("region66", "результаты.csv", total)]

    # The region's page shows its indicators with the municipalities beside, the municipality's its schools.
    region = operator.get("/66/@@results")
    assert region.html.select_one("#indicator-vpr_base svg.chart") is not None
    assert "Школ с результатами: 6." in region.text
    assert [a.text for a in region.html.select("#below-table a")] == ["Муниципалитет 66-1", "Муниципалитет 66-2"]
    municipality = operator.get("/66/m1/@@results?indicator=vpr_base")
    # NB: the best latest value first.
    table_rows = {tr.select_one("a").text: " ".join(tr.text.split())
                  for tr in municipality.html.select("#below-table tr")[1:]}
    assert list(table_rows) == ["Школа № 2 (66-1)", "Школа № 1 (66-1)", "Школа № 3 (66-1)"]
    assert "рост на 3,00 п. п. в год" in table_rows["Школа № 1 (66-1)"], "the planted trend of 66-1-1 is found"
    assert "значимых изменений нет" in table_rows["Школа № 2 (66-1)"]


def test_a_bad_file_is_refused_whole_naming_each_row_and_column(operator, tree):
    bad = rows()
    bad[2][0] = "66-9-9"             # line 4: an unknown school
    bad[4][7] = "120"                # line 6: a share over 100 %
    bad[6][6] = "-5"                 # line 8: a negative score
    bad[7][2] = "Астрология"         # line 9: an unknown subject
    bad[9][9] = "40"                 # line 11: shares that do not add up to 100 %
    preview = upload(operator, "/66/", table(bad)).follow()
    problems = [li.text for li in preview.html.select("#problems li")]
    assert problems == [
        "Строка 4, столбец A «Код ОО»: школа с кодом «66-9-9» не найдена в «Свердловская область».",
        "Строка 6, столбец H «Доля „2“, %»: доля «120» больше 100 %.",
        "Строка 8, столбец G «Средний балл»: средний балл «-5» отрицательный.",
        "Строка 9, столбец C «Предмет»: предмет «Астрология» неизвестен.",
        f"Строка 11: сумма долей уровней (столбцы H, I, J, K) — {number(sum(float(x) for x in bad[9][7:11]))} %, "
        "а должна быть 100 %.",
    ]
    assert "confirm" not in preview.forms, "a refused file cannot be confirmed"
    # Posted anyway, the import is refused with the same lines, and nothing is written.
    token = preview.forms["mapping"]["upload"].value
    answer = operator.post("/66/@@results-import", {"csrf_token": operator.get("/api/v1/session").json["csrf_token"],
                                                    "upload": token}, status=400)
    assert "Файл не загружен, в базе ничего не изменилось." in answer.text
    assert [li.text for li in answer.html.select("#error li")] == problems
    assert kept(tree) == ({}, ())


def test_the_same_file_twice_changes_nothing(operator, tree):
    upload(operator, "/66/", three_years()).follow().forms["confirm"].submit(status=303)
    before, journal = kept(tree)
    written = serials(tree)
    again = upload(operator, "/66/", three_years()).follow()
    assert "Все результаты файла уже загружены" in again.text and "confirm" not in again.forms
    # Posted anyway: nothing changes, not even the journal.
    token = again.forms["mapping"]["upload"].value
    done = operator.post("/66/@@results-import", {"csrf_token": operator.get("/api/v1/session").json["csrf_token"],
                                                  "upload": token}, status=303).follow()
    assert f"Изменений нет: все результаты файла уже загружены (результатов в файле: {len(rows())})." in done.text
    assert kept(tree) == (before, journal)
    assert serials(tree) == written, "no record of results or sums was written again"


def test_a_file_without_some_columns_is_read_by_a_mapping_chosen_by_hand(operator, tree):
    # A ВПР export of one subject: no procedure, subject or year column; headings of its own.
    export = table([["66-1-1", 5, 48, 4, 40, 36, 20], ["66-1-2", 5, 51, 6, 44, 30, 20]],
                   header=["Логин ОО", "Класс", "Уч-ся", "«2»", "«3»", "«4»", "«5»"])
    preview = upload(operator, "/66/", export, "впр-математика.csv").follow()
    problems = [li.text for li in preview.html.select("#problems li")]
    assert problems == [
        "Строка 1: нет столбца «Процедура»: выберите его или укажите значение для всех строк.",
        "Строка 1: нет столбца «Предмет»: выберите его или укажите значение для всех строк.",
        "Строка 1: нет столбца «Год»: выберите его или укажите значение для всех строк.",
        "Строка 1: нет столбца «Число участников»: выберите его.",
    ]
    mapping = preview.forms["mapping"]
    mapping["col-2"] = "participants"
    mapping["fixed-procedure"] = "vpr"
    mapping["fixed-subject"] = "math"
    mapping["fixed-year"] = f"{YEAR - 1}/{YEAR}"
    checked = mapping.submit()
    assert not checked.html.select("#problems")
    assert "Всего результатов в файле: 2; школ: 2." in checked.text
    checked.forms["confirm"].submit(status=303)
    results, _ = kept(tree)
    assert results["66-1-2"] == {("vpr", "math", 5, YEAR): (51, None, 60, 440, 300, 200)}


def test_the_api_checks_with_dry_run_imports_and_refuses_a_bad_file_with_details(testapp, tree):
    login(testapp, "region66")
    token = testapp.get("/api/v1/session").json["csrf_token"]
    headers = {"X-CSRF-Token": token}
    files = [("file", "r.csv", three_years())]
    dry = testapp.post(API + "/66/@@results-import", {"dry_run": "true"}, upload_files=files, headers=headers).json
    assert dry["dry_run"] is True and dry["added"] == len(rows()) and kept(tree) == ({}, ())
    assert dry["columns"][0] == {"letter": "A", "heading": "Код ОО", "field": "school"}
    done = testapp.post(API + "/66/@@results-import", upload_files=files, headers=headers).json
    assert (done["added"], done["changed"], done["unchanged"]) == (len(rows()), 0, 0)
    again = testapp.post(API + "/66/@@results-import", upload_files=files, headers=headers).json
    assert (again["added"], again["changed"], again["unchanged"]) == (0, 0, len(rows()))

    bad = rows()
    bad[0][5] = "0"
    refused = testapp.post(API + "/66/@@results-import", upload_files=[("file", "r.csv", table(bad))],
                           headers=headers, status=400).json["error"]
    assert refused["code"] == "table_refused"
    assert refused["details"] == [{"message": "Строка 2, столбец F «Число участников»: число участников «0» должно "
                                              "быть целым числом не меньше 1."}]
    # A mapping by column letters and values for every row.
    export = table([["66-2-1", 61]], header=["Код", "Участники"])
    mapped = testapp.post(API + "/66/@@results-import", {
        "mapping": json.dumps({"A": "school", "B": "participants"}),
        "fixed": json.dumps({"procedure": "ОГЭ", "subject": "Математика", "grade": "9", "year": str(YEAR)})},
        upload_files=[("file", "o.csv", export)], headers=headers).json
    assert mapped["added"] == 1
    indicators = testapp.get(API + "/66/m2/@@results-indicators?indicator=vpr_base").json
    assert indicators["schools"] == 3
    assert [r["title"] for r in indicators["below"]["rows"]] == ["Школа № 1 (66-2)", "Школа № 2 (66-2)",
                                                                 "Школа № 3 (66-2)"]

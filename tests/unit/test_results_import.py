"""The results import at the domain and the command: headings and years read as people write them, the sums
kept equal to the schools' results, a school that moves, and `oko import-results` (a preview writes nothing,
the same file twice changes nothing)."""
import pytest
import transaction
import ZODB
from ZODB.DemoStorage import DemoStorage
from zodburi import resolve_uri

from core.cli import main
from core.cli.common import open_site, settings_of
from core.docinspect.tables import TableRefused, table_rows
from core.results import definitions, importer, indicators, sums
from core.results.model import REGION_SCOPE, region_bank
from tests.factories import edit, make_tree, node
from tests.functional.results_support import HEADER, YEAR, YEARS, rows, table, three_years


@pytest.fixture
def db():
    database = ZODB.DB(DemoStorage())
    with edit(database) as site:
        make_tree(site)
    yield database
    database.close()


def load(host, db, data, at="66"):
    with edit(db) as site:
        return importer.apply(site, importer.check(host, node(site, at), table_rows(data, "r.csv")), "op", "r.csv")


def test_the_headings_people_write_are_found():
    header = ["№", "Код ОО", "Наименование ОО", "Оценочная процедура", "Учебный предмет", "Параллель",
              "Учебный год", "Кол-во участников", "Средний тестовый балл", "% «2»", "% «3»", "% «4»", "% «5»"]
    assert importer.detect(header) == {1: "school", 3: "procedure", 4: "subject", 5: "grade", 6: "year",
                                       7: "participants", 8: "mean", 9: "low", 10: "base", 11: "above", 12: "high"}
    assert importer.detect(["Логин ОО", "Ниже базового", "Базовый", "Повышенный", "Высокий"]) == {
        0: "school", 1: "low", 2: "base", 3: "above", 4: "high"}


@pytest.mark.parametrize("text, year", [("2025", 2025), ("2025 г.", 2025), ("2025.0", 2025), ("2024/2025", 2025),
                                        ("2024/25", 2025), ("2024–2025", 2025), ("2024/2026", 0), ("двадцать", 0),
                                        ("2025,5", 0)])
def test_a_year_is_the_spring_of_its_school_year(text, year):
    assert importer._read_year(text) == year


def test_the_sums_kept_are_the_sums_of_the_schools_results_however_loaded(host, db):
    # The first two years, then the third with a correction of one school's first year.
    first = [r for r in rows() if r[4] != YEAR]
    load(host, db, table(first))
    later = [r for r in rows() if r[4] == YEAR]
    corrected = next(r for r in rows() if r[0] == "66-2-3" and r[4] == YEARS[0] and r[1] == "ЕГЭ")
    corrected[5] = 31
    report = load(host, db, table(later + [corrected]))
    assert (report.added, report.changed, report.unchanged) == (len(later), 1, 0)
    with edit(db) as site:
        bank = region_bank(site, "66")
        fresh_region, fresh_pooled = {}, {}
        for record in bank.schools.values():
            sums.add_rows(fresh_region, fresh_pooled, record.rows)
        region = bank.scope(REGION_SCOPE)
        assert region.sums == fresh_region and region.pooled == fresh_pooled and region.schools == 6
        for name in ("m1", "m2"):
            expected = {}
            for code in (f"66-{name[1]}-{s}" for s in (1, 2, 3)):
                sums.add_sums(expected, sums.school_sums(bank.schools[code])[0])
            assert bank.scope(name).sums == expected
        assert bank.schools["66-2-3"].rows[("ege", "russian", 11, YEARS[0])][0] == 31


def test_a_schools_values_read_row_by_row_are_those_its_sums_give(host, db):
    load(host, db, three_years())
    load(host, db, table([["66-2-2", "ВПР", "Математика", 7, YEAR, 12, "", 25, 25, 25, 25]]))
    with edit(db) as site:
        bank = region_bank(site, "66")
        for indicator in definitions.of(host, "66").indicators.values():
            for record in bank.schools.values():
                expected = indicators.series(indicator, *sums.school_sums(record))
                assert indicators.school_series(indicator, record) == pytest.approx(expected)


def test_a_region_value_is_the_participants_weighted_mean_of_its_schools(host, db):
    load(host, db, table([["66-1-1", "ВПР", "Математика", 5, YEAR, 10, "", 50, 30, 10, 10],
                          ["66-1-2", "ВПР", "Математика", 5, YEAR, 30, "", 10, 50, 20, 20],
                          ["66-2-1", "ЕГЭ", "Русский язык", 11, YEAR, 20, "70,5", "", "", "", ""],
                          ["66-2-2", "ЕГЭ", "Русский язык", 11, YEAR, 60, "60,25", "", "", "", ""]]))
    with edit(db) as site:
        found = {r.indicator.code: r.values for r in indicators.rows(host, site["66"])}
        # (10 × 50 % + 30 × 90 %) / 40 and (20 × 70.5 + 60 × 60.25) / 80
        assert found["vpr_base"] == {YEAR: pytest.approx(80.0)}
        assert found["vpr_high"] == {YEAR: pytest.approx(17.5)}
        assert found["ege_mean"] == {YEAR: pytest.approx(62.8125)}
        assert found["ege_high"] == {}, "no shares given, no share computed"
        gap = {r.indicator.code: r.values for r in indicators.rows(host, node(site, "66/m1/s1"))}["vpr_base_gap"]
        assert gap == {YEAR: pytest.approx(50.0 - 80.0)}


def test_a_school_that_moved_leaves_its_old_municipalitys_sums(host, db):
    load(host, db, three_years())
    with edit(db) as site:
        school = site["66"]["m1"].remove("s1")
        site["66"]["m2"].add("s9", school)
    load(host, db, table([["66-1-1", "ВПР", "Математика", 5, YEAR, 99, "", 0, 50, 25, 25]]))
    with edit(db) as site:
        bank = region_bank(site, "66")
        assert bank.schools["66-1-1"].municipality == "m2"
        assert bank.scope("m1").schools == 2 and bank.scope("m2").schools == 4
        assert bank.scope(REGION_SCOPE).schools == 6


def test_nothing_is_written_when_a_file_is_refused(host, db):
    load(host, db, three_years())
    bad = rows()
    bad[-1][5] = "много"
    with edit(db) as site, pytest.raises(TableRefused) as refused:
        importer.check(host, site["66"], table_rows(table(bad), "r.csv"))
    assert refused.value.errors == [f"Строка {len(bad) + 1}, столбец F «Число участников»: число участников "
                                    "«много» должно быть целым числом не меньше 1."]
    with edit(db) as site:
        with pytest.raises(TableRefused) as refused:
            importer.check(host, site["66"], table_rows(table(rows() + rows()[:1]), "r.csv"))
    assert refused.value.errors == [f"Строка {len(rows()) + 2}: тот же результат (школа, процедура, предмет, класс и "
                                    "год), что в строке 2."]


@pytest.fixture
def ini(tmp_path, host):
    path = tmp_path / "test.ini"
    path.write_text(f"""[app:main]
use = egg:oko-case
zodbconn.uri = file://{tmp_path}/Data.fs?blobstorage_dir={tmp_path}/blobs
oko.secret = test-secret-0123456789abcdef0123456789
oko.argon2 = fast
""")
    with open_site(str(path)) as (site, _):
        make_tree(site)
        transaction.commit()
    return str(path)


def last_transaction(ini):
    factory, _ = resolve_uri(settings_of(ini)["zodbconn.uri"])
    storage = factory()
    try:
        return storage.lastTransaction()
    finally:
        storage.close()


def test_the_command_previews_writing_nothing_then_imports_and_a_second_time_changes_nothing(ini, tmp_path, capsys):
    path = tmp_path / "впр.csv"
    path.write_bytes(three_years())
    before = last_transaction(ini)
    assert main(["-c", ini, "import-results", str(path), "--at", "/66", "--preview"]) == 0
    out = capsys.readouterr().out
    assert "A «Код ОО» → Код ОО" in out and f"будет новых: {len(rows())}" in out and "Ничего не записано" in out
    assert last_transaction(ini) == before
    assert main(["-c", ini, "import-results", str(path), "--at", "/66"]) == 0
    assert f"новых {len(rows())}" in capsys.readouterr().out
    written = last_transaction(ini)
    assert written != before
    assert main(["-c", ini, "import-results", str(path), "--at", "/66"]) == 0
    assert "Изменений нет" in capsys.readouterr().out
    assert last_transaction(ini) == written, "the same file twice writes no transaction"
    # A file for another municipality's coordinator's place is refused, naming the row.
    assert main(["-c", ini, "import-results", str(path), "--at", "/66/m2"]) == 2
    assert "Строка 2, столбец A «Код ОО»: школа с кодом «66-1-1» не найдена в «Муниципалитет 66-2»." in \
        capsys.readouterr().err


def test_the_command_takes_a_mapping_and_values_for_every_row(ini, tmp_path, capsys):
    path = tmp_path / "огэ.csv"
    path.write_bytes(table([["66-2-2", 44]], header=["Школа", "Сдавали"]))
    assert main(["-c", ini, "import-results", str(path), "--at", "/66", "--map", "A=school", "--map",
                 "B=participants", "--set", "procedure=ОГЭ", "--set", "subject=Математика", "--set", "grade=9",
                 "--set", f"year={YEAR}"]) == 0
    assert "новых 1" in capsys.readouterr().out
    with open_site(ini) as (site, _):
        assert region_bank(site, "66").schools["66-2-2"].rows == {("oge", "math", 9, YEAR): (44, None, None, None,
                                                                                                None, None)}


def test_a_header_that_does_not_match_its_rows_is_refused_naming_the_row_and_column(host, db):
    longer = table([["66-1-1", "ВПР", "Математика", 5, YEAR, 40, "", 10, 50, 30, 10],
                    ["66-1-2", "ВПР", "Математика", 5, YEAR, 41, "", 10, 50, 30, 10, "лишнее"]])
    repeated = table([["66-1-1", "ВПР", "Математика", 5, YEAR, 40, "", 10, 50, 30, 10]],
                     header=HEADER[:6] + ["Средний балл"] + HEADER[6:10])
    with edit(db) as site:
        with pytest.raises(TableRefused) as refused:
            importer.check(host, site["66"], table_rows(longer, "r.csv"))
        assert refused.value.errors == ["Строка 3, столбец L: значение «лишнее» вне столбцов заголовка: строка не "
                                        "совпадает с заголовком."]
        with pytest.raises(TableRefused) as refused:
            importer.check(host, site["66"], table_rows(repeated, "r.csv"))
        assert refused.value.errors == ["Строка 1, столбцы G и H: заголовок «Средний балл» повторяется: выберите, "
                                        "какой столбец читать."]
        # Chosen by hand (the second «Средний балл» left unread), the table is read as chosen.
        mapping = {**importer.detect(HEADER[:6]), 6: "mean", 8: "low", 9: "base", 10: "above"}
        with pytest.raises(TableRefused) as refused:
            importer.check(host, site["66"], table_rows(repeated, "r.csv"), mapping)
        assert not [e for e in refused.value.errors if "повторяется" in e]
    with edit(db) as site:
        assert region_bank(site, "66") is None, "nothing was written"

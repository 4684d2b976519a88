"""A region extends the results base through its hooks: the Sverdlovsk plugin's conditions, procedure and
indicators serve region 66 and no other; a broken item stops start-up naming it."""
import pytest

from core.docinspect.tables import TableRefused, table_rows
from core.plugin import hookimpl
from core.plugins import PluginError
from core.results import definitions, importer, indicators
from tests.factories import edit, login, node
from tests.functional.results_support import YEAR, table


def test_the_regions_conditions_are_its_passports_fields_alone(testapp, tree, host):
    sverdlovsk = definitions.of(host, "66")
    assert [f["code"] for f in sverdlovsk.fields_of("conditions")] == [
        "psychologist", "internet_speed", "second_shift_share", "rsoko_staffing", "rsoko_psychological",
        "rsoko_equipment", "rsoko_textbooks", "rsoko_digital"]
    assert "rsoko_staffing" not in definitions.of(host, "24").fields
    login(testapp, "head")
    page = testapp.get("/66/m1/s1/@@passport")
    assert "Укомплектованность педагогическими кадрами (кадровые условия)" in page.html.select_one(
        "#section-conditions").text
    # The region's own condition the school fills is in the head's form.
    assert "rsoko_digital" in page.forms["passport-facts"].fields


def test_the_regions_procedure_and_indicator_serve_its_schools(tree, host):
    rows = [["66-1-1", "РОФГ", "Функциональная грамотность", 7, YEAR - k, 25, "", 10 + k, 50, 25, 15 - k]
            for k in range(3)]
    with edit(tree) as site:
        plan = importer.check(host, site["66"], table_rows(table(rows), "r.csv"))
        importer.apply(site, plan, "region66", "r.csv")
        found = {r.indicator.code: r for r in indicators.rows(host, node(site, "66/m1/s1"))}
        assert found["rsoko_literacy_base"].values == {YEAR - 2: 88.0, YEAR - 1: 89.0, YEAR: 90.0}
        assert found["rsoko_literacy_base"].trend.direction == "up"
        krasnoyarsk = [["24-1-1", *rows[0][1:]]]
        with pytest.raises(TableRefused) as refused:
            importer.check(host, site["24"], table_rows(table(krasnoyarsk), "r.csv"))
    assert refused.value.errors[0].startswith("Строка 2, столбец B «Процедура»: процедура «РОФГ» неизвестна")


class Broken:
    """Region 54's indicator of a procedure nobody gave (``measure``: one of the hook's, unless given)."""

    def __init__(self, measure="mean_score"):
        self.measure = measure

    @hookimpl
    def oko_plugin_info(self):
        return {"name": "broken", "version": "0", "regions": ["54"]}

    @hookimpl
    def oko_result_indicators(self, region):
        return [{"code": "nsk_math", "title": "Математика", "measure": self.measure, "procedures": ["vpr", "tiss"]}]


def test_a_broken_indicator_stops_start_up_naming_it(host):
    host.register(Broken(), name="broken")
    try:
        with pytest.raises(PluginError) as stopped:
            definitions.check_all(host)
        assert str(stopped.value).startswith("Регион 54: показатель «nsk_math»: ")
        assert str(stopped.value).endswith("неизвестны: tiss.")
    finally:
        host.unregister("broken")
    definitions.check_all(host)


def test_an_indicator_of_a_measure_there_is_not_is_refused_by_the_hook_s_type(host):
    host.register(Broken(measure="median"), name="broken")
    try:
        with pytest.raises(PluginError) as stopped:
            definitions.check_all(host)
        assert str(stopped.value) == (
            "Плагин «broken», хук «oko_result_indicators» (регион 54), пункт «nsk_math», поле «measure»: ожидается "
            "одно из: 'base_share', 'high_share', 'low_share', 'mean_score', 'participants', получено 'median'")
    finally:
        host.unregister("broken")

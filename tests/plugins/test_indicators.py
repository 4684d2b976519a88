"""A region's own 500+ indicators: counted by their predicate; one that could never be counted stops start-up."""
import datetime
import importlib.metadata

import pytest

from core.plugin import hookimpl
from core.plugins import Host, PluginError, make_plugin_manager
from core.project500 import indicators, steps
from tests.factories import edit, make_tree, make_user
from tests.plugins.test_plugins import entry_points_with

YEAR = 2026


class VisitedAndSigned:
    """Region 66 counts the schools whose curator has visited and signed the contract."""

    @hookimpl
    def oko_plugin_info(self):
        return {"name": "visited-and-signed", "version": "0", "regions": ["66"]}

    @hookimpl
    def oko_indicators(self, region):
        return [{"code": "visited_and_signed", "title": "Доля ОО, посещённых куратором с договором",
                 "predicate": lambda p: p.first_visit is not None and p.contract_status == "signed"},
                {"code": "surveyed", "title": "Доля ОО, прошедших анкетирование (формулировка 66)"}]


def test_a_plugin_indicator_is_counted_by_its_predicate_and_a_retitled_federal_one_by_the_federal_rule(db, hasher):
    host = Host(make_plugin_manager())
    host.register(VisitedAndSigned(), name="visited-and-signed")
    assert indicators.indicator_problems(host) == []
    with edit(db) as site:
        make_tree(site, regions=("66",), munis=1, schools=2)
        make_user(site, "region66", hasher, [("regional_operator", "66")])
        steps.enrol(host, site["66"], ["66-1-1", "66-1-2"], YEAR, "region66")
        first, second = (steps.participation_of(site["66"]["m1"][s], YEAR) for s in ("s1", "s2"))
        for p in (first, second):
            p.first_visit, p.surveyed = datetime.date(YEAR, 2, 1), True
        first.contract_status = "signed"
        for p in (first, second):
            indicators.recount(host, "66", p)
        counts = indicators.counts(site["66"]["m1"], YEAR)
        assert (counts["visited_and_signed"], counts["surveyed"], counts["_total"]) == (1, 2, 2)
        titles = {i["code"]: i["title"] for i in host.indicators("66")}
        assert titles["surveyed"] == "Доля ОО, прошедших анкетирование (формулировка 66)"


def test_an_indicator_without_a_predicate_stops_start_up_naming_the_plugin_and_the_indicator(monkeypatch,
                                                                                             app_settings, capsys):
    monkeypatch.setattr(importlib.metadata, "entry_points",
                        entry_points_with("moscow", "tests.plugins.uncounted_indicator_plugin"))
    from core import main
    with pytest.raises(PluginError, match="Плагин «moscow»: показатель «olympiad_winners».*predicate") as raised:
        main({}, **app_settings)
    # the re-titled federal indicator keeps the federal rule: it is not a problem
    assert "surveyed" not in str(raised.value)
    from core.cli import main as oko
    assert oko(["plugins"]) == 3
    assert "olympiad_winners" in capsys.readouterr().err


def test_lists_toml_may_retitle_a_federal_indicator_but_not_add_one_it_cannot_count(tmp_path):
    (tmp_path / "66").mkdir()
    (tmp_path / "66" / "lists.toml").write_text(
        '[[indicators]]\ncode = "seminar_attended"\ntitle = "Доля ОО на семинаре (66)"\n', "utf-8")
    host = Host(make_plugin_manager(overrides_dir=tmp_path))
    assert indicators.indicator_problems(host) == []
    (tmp_path / "66" / "lists.toml").write_text(
        '[[indicators]]\ncode = "seminar_attended"\ntitle = "Доля ОО на семинаре (66)"\n'
        '[[indicators]]\ncode = "parents_council"\ntitle = "Доля ОО с родительским советом"\n', "utf-8")
    host = Host(make_plugin_manager(overrides_dir=tmp_path))
    problems = indicators.indicator_problems(host)
    assert len(problems) == 1 and problems[0].startswith("Плагин «regional_overrides»: показатель «parents_council»")
    with pytest.raises(PluginError, match="parents_council"):
        indicators.check_indicators(host)

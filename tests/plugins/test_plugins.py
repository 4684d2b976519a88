"""Plugins: discovery, region dispatch, merge rules, broken plugins, the hook reference."""
import datetime
import importlib.metadata

import colander
import pytest

from core import hookspecs
from core.plugin import hookimpl
from core.plugins import Host, PluginError, make_plugin_manager
from core.workflow import ACCEPTED, EDITABLE, SUBMITTED, Workflow
from tests.plugins import full_plugin


@pytest.fixture
def full():
    """A host with the throw-away plugin for region 54 registered."""
    host = Host(make_plugin_manager())
    host.register(full_plugin, name="full")
    return host


def entry_points_without(*names):
    real = importlib.metadata.entry_points

    def fake(**kw):
        eps = real(**kw)
        if kw.get("group") == "oko":
            return [ep for ep in eps if ep.name not in names]
        return eps
    return fake


def entry_points_with(name, value):
    real = importlib.metadata.entry_points

    def fake(**kw):
        eps = list(real(**kw))
        if kw.get("group") == "oko":
            eps.append(importlib.metadata.EntryPoint(name=name, value=value, group="oko"))
        return eps
    return fake


def test_oko_plugins_lists_both_regions_with_their_hooks(capsys):
    from core.cli import main
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    assert "sverdlovsk 1.0  регионы: 66" in out
    assert "krasnoyarsk 1.0  регионы: 24" in out
    assert "oko_risk_factors" in out.split("sverdlovsk")[1].split("regional_overrides")[0]
    assert "oko_extend_workflow" in out.split("krasnoyarsk")[1].split("sverdlovsk")[0]


def test_a_regional_plugin_answers_only_for_its_region():
    host = Host(make_plugin_manager())
    codes66 = {f["code"] for f in host.risk_factors("66")}
    codes24 = {f["code"] for f in host.risk_factors("24")}
    assert "assessment_objectivity" in codes66 and "assessment_objectivity" not in codes24
    assert host.deadlines("24", 2026)["concept_documents"] == datetime.date(2026, 4, 15)
    assert host.deadlines("66", 2026)["concept_documents"] == datetime.date(2026, 3, 30)
    assert "withdraw" in host.workflow("24", "document_review").transitions
    assert "withdraw" not in host.workflow("66", "document_review").transitions


def test_with_sverdlovsk_uninstalled_its_region_falls_back_to_federal_and_krasnoyarsk_is_unchanged(monkeypatch):
    full_host = Host(make_plugin_manager())
    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points_without("sverdlovsk"))
    host = Host(make_plugin_manager())
    assert "sverdlovsk" not in {row["name"] for row in host.listing()}
    federal = Host(make_plugin_manager(entrypoints=False))
    assert host.risk_factors("66") == federal.risk_factors("66")
    assert host.portfolio_sections("66") == federal.portfolio_sections("77")
    assert host.risk_factors("24") == full_host.risk_factors("24")
    assert host.deadlines("24", 2026) == full_host.deadlines("24", 2026)
    assert host.workflow("24", "document_review").describe() == full_host.workflow("24", "document_review").describe()


def test_regional_overrides_files_flow_through_the_same_hooks():
    host = Host(make_plugin_manager())
    codes = {c["code"] for c in host.review_criteria("66", "anti_risk_programme")}
    assert {"rsoko_link", "rsoko_indicators", "goals_match_risks"} <= codes
    assert "rsoko_link" not in {c["code"] for c in host.review_criteria("24", "anti_risk_programme")}


def test_a_plugin_that_fails_to_import_stops_start_up_naming_it(monkeypatch, app_settings):
    monkeypatch.setattr(importlib.metadata, "entry_points",
                        entry_points_with("vologda", "tests.plugins.failing_import_plugin"))
    with pytest.raises(PluginError, match="Плагин «vologda».*не загружается"):
        make_plugin_manager()
    from core import main
    with pytest.raises(PluginError, match="vologda"):
        main({}, **app_settings)


def test_a_plugin_implementing_an_unknown_hook_stops_start_up_naming_plugin_and_hook(monkeypatch):
    monkeypatch.setattr(importlib.metadata, "entry_points",
                        entry_points_with("typo", "tests.plugins.unknown_hook_plugin"))
    with pytest.raises(PluginError, match="Плагин «typo» реализует несуществующий хук «oko_risk_factor»"):
        make_plugin_manager()


def test_oko_plugins_reports_a_broken_plugin_by_name(monkeypatch, capsys):
    from core.cli import main
    monkeypatch.setattr(importlib.metadata, "entry_points",
                        entry_points_with("typo", "tests.plugins.unknown_hook_plugin"))
    assert main(["plugins"]) == 3
    assert "typo" in capsys.readouterr().err


def test_every_hook_of_the_throwaway_plugin_takes_effect_for_its_region_only(full):
    assert {f["title"] for f in full.risk_factors("54") if f["code"] == "staff_shortage"} == {"Дефицит кадров (формулировка 54)"}
    assert "language_barriers" not in {f["code"] for f in full.risk_factors("54")}
    assert "language_barriers" in {f["code"] for f in full.risk_factors("66")}
    assert "regional_54" in {i["code"] for i in full.indicators("54")}
    assert "anti_risk_programme_54" in {c["code"] for c in full.review_criteria("54", "anti_risk_programme")}
    assert full.deadlines("54", 2027)["concept_documents"] == datetime.date(2027, 5, 1)
    assert [i["code"] for i in full.cmm_items("54", "regional")] == ["54-regional-1"]
    assert "54-regional-1" not in {i["code"] for i in full.cmm_items("66", "regional")}
    assert full.test_blueprint("54", "head", "rural") == {"strategy": {"invariant": 2, "variant": 1}}
    assert "*" in full.test_blueprint("66", "head", "rural")
    assert full.pass_threshold("54", "head", [10, 20, 90])["threshold"] == 42.0
    assert full.pass_threshold("66", "head", [10, 20, 90])["threshold"] == 20.0
    assert full.score_agreement("54", [10, 60]) == {"score": 60}
    assert full.score_agreement("66", [10, 60]) == {"third_expert": True}
    assert "s54" in {s["code"] for s in full.portfolio_sections("54")}
    assert [s["code"] for s in full.items("oko_attestation_stages", "54", category="head")] == \
        ["test", "cases", "interview"]
    assert [s["code"] for s in full.items("oko_attestation_stages", "66", category="head")] == ["test", "cases"]
    docs = {d["code"] for d in full.required_documents("54", "primary_teacher", object())}
    assert "application" not in docs and {"form_54", "lesson_technology_map"} <= docs
    assert "order_54" in full.document_templates("54") and "order_54" not in full.document_templates("66")
    assert "budget" in {s["code"] for s in full.required_sections("54", "anti_risk_programme")}
    assert full.validate_document("54", "x", {"text": ""}) == ["Нет печати"]
    assert full.validate_document("66", "x", {"text": ""}) == []
    assert "note" in full.workflows("54") and "note" not in full.workflows("66")
    assert "view" in full.workflow("54", "document_review").permissions_in("confirmed")["methodologist"]
    assert "test_note" in full.content_types()
    schema = full.extend_schema("54", "anti_risk_programme", colander.SchemaNode(colander.Mapping()))
    assert [c.name for c in schema.children] == ["novosibirsk_field"]
    assert full.extend_schema("66", "anti_risk_programme", colander.SchemaNode(colander.Mapping())).children == []


def test_transition_listeners_and_includeme_are_called(full):
    from core.workflow import HistoryEntry
    full_plugin.CALLS.clear()
    entry = HistoryEntry("close", "open", "closed", "curator", datetime.datetime.now())
    full.on_transition("54", object(), entry, "curator")
    full.on_transition("66", object(), entry, "curator")
    assert full_plugin.CALLS == [("transition", "close", "curator")]
    full.pm.hook.oko_includeme(config=None)
    assert "includeme" in full_plugin.CALLS


def test_every_hook_is_implemented_by_a_regional_plugin_or_the_test_plugin():
    import oko_krasnoyarsk
    import oko_sverdlovsk
    specs = {n for n in dir(hookspecs) if n.startswith("oko_")}
    implemented = set()
    for module in (oko_sverdlovsk, oko_krasnoyarsk, full_plugin):
        implemented |= {n for n in dir(module) if n.startswith("oko_")}
    assert specs <= implemented, specs - implemented


class ReplacingPlugin:
    """Replaces the document review workflow for region 54 only."""

    @hookimpl
    def oko_plugin_info(self):
        return {"name": "replacing", "version": "0", "regions": ["54"]}

    @hookimpl
    def oko_workflows(self, region):
        wf = Workflow("document_review", "Упрощённая проверка", "draft")
        wf.add_state("draft", "Черновик", {"school_head": {"view", "edit"}}, meaning=EDITABLE)
        wf.add_state("accepted", "Принят", {"school_head": {"view"}, "curator": {"view"}}, meaning=ACCEPTED)
        wf.add_transition("accept", "Принять", "draft", "accepted", roles=("curator",))
        return {"document_review": wf}


def test_a_region_can_replace_a_workflow_for_itself_only():
    host = Host(make_plugin_manager())
    host.register(ReplacingPlugin(), name="replacing")
    assert set(host.workflow("54", "document_review").states) == {"draft", "accepted"}
    assert "submitted" in host.workflow("66", "document_review").states
    assert "withdraw" in host.workflow("24", "document_review").transitions


class NamesOnlyPlugin(ReplacingPlugin):
    """Replaces the document review workflow for region 54 with states that say nothing of what they mean."""

    def __init__(self, meaning):
        self.meaning = meaning

    @hookimpl
    def oko_workflows(self, region):
        wf = Workflow("document_review", "Проверка без смыслов", "draft")
        wf.add_state("draft", "Черновик", {"school_head": {"view", "edit"}}, meaning=EDITABLE)
        wf.add_state("ok", "Принят", {"curator": {"view"}}, meaning=self.meaning)
        wf.add_transition("accept", "Принять", "draft", "ok", roles=("curator",))
        return {"document_review": wf}


@pytest.mark.parametrize("meaning, reason", [(None, "не указан смысл"), (SUBMITTED, "показатели его не посчитают")])
def test_a_replacement_that_would_leave_the_indicators_blind_is_refused(meaning, reason):
    host = Host(make_plugin_manager())
    host.register(NamesOnlyPlugin(meaning), name="names-only")
    with pytest.raises(PluginError) as refused:
        host.check_workflows()
    assert "«document_review» региона 54" in str(refused.value) and reason in str(refused.value)
    assert host.workflow("66", "document_review").states["confirmed"].meaning == ACCEPTED

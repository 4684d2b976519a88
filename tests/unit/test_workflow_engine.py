"""The one fire (``core.cases.fire``): what a step records is there when listeners hear of it; a system step keeps deadlines too."""
import datetime

import pytest

from core import acts, hookimpl
from core.attestation import commission
from core.cases import fire
from core.workflow import WorkflowError
from tests.factories import edit, make_act, make_document, make_user


class Listener:
    """Notes, for every transition it hears of, what the object says at that moment."""

    def __init__(self):
        self.heard = []

    @hookimpl
    def oko_plugin_info(self):
        return {"name": "listener", "version": "0", "regions": ["66"]}

    @hookimpl
    def oko_on_transition(self, region, obj, transition, user):
        self.heard.append((transition.transition, getattr(obj, "number", None), getattr(obj, "decision", None),
                           obj.due))


@pytest.fixture
def listener(host):
    """A listener of region 66's transitions, for this test only."""
    plugin = Listener()
    host.register(plugin, name="listener")
    yield plugin
    host.unregister("listener")


def test_an_acts_number_is_given_before_the_listeners_hear_of_its_approval(tree, hasher, host, listener):
    with edit(tree) as site:
        make_user(site, "methodologist", hasher, [("methodologist", "66")])
        act = make_act(host, site["66"])
        acts.fire_act(host, act, "submit", "methodologist")
        acts.fire_act(host, act, "approve", "region66")
        assert listener.heard[-1][:2] == ("approve", act.number) and act.number == 1


def test_a_callback_runs_once_the_object_moved_and_a_refused_step_runs_none(tree, host, listener):
    seen = []
    with edit(tree) as site:
        doc = make_document(host, site, "66/m1/s1")
        with pytest.raises(WorkflowError):
            fire(host, doc, "confirm", "curator", then=seen.append)
        assert seen == [] and listener.heard == []
        entry = fire(host, doc, "submit", "head", then=lambda e: seen.append(doc.workflow_state))
        assert seen == ["submitted"] and entry.to_state == "submitted"


def test_a_system_step_is_not_asked_for_roles_but_keeps_the_deadline_of_whoever_is_awaited(tree, host, listener):
    with edit(tree) as site:
        doc = make_document(host, site, "66/m1/s1")
        with pytest.raises(WorkflowError, match="нет права"):
            fire(host, doc, "submit", "system")
        at = datetime.datetime(2026, 3, 1, tzinfo=datetime.timezone.utc)
        fire(host, doc, "submit", "system", now=at, system=True)
        assert doc.due == datetime.date(2026, 3, 11) and listener.heard[-1][3] == doc.due
        with pytest.raises(WorkflowError, match="нужен комментарий"):
            fire(host, doc, "return", "system", system=True)


def test_the_commissions_decision_is_recorded_before_the_listeners_hear_of_it(tree, hasher, host, listener):
    from tests.functional.krasnoyarsk_support import TODAY, SmallBlueprint24, dossier, sit_and_score_cases
    from tests.functional.krasnoyarsk_support import campaign as open_campaign
    from tests.plugins.attestation import publish_bank
    host.register(SmallBlueprint24(), name="krsk-test-blueprint")
    try:
        with edit(tree) as site:
            publish_bank(host, site)
            c = open_campaign(host, site, hasher, "66", "head66", "66-1-1")
            d = dossier(site, "66", "head66")
            sit_and_score_cases(host, d, "head66")
            assert d.workflow_state == "scored"
            commission.hold_meeting(host, c, TODAY, "", ["chair", "secretary"], "secretary")
            commission.decide(host, c, d, "passed", "secretary", "Решение комиссии")
            assert listener.heard[-1][:3] == ("decide", None, "passed")
    finally:
        host.unregister("krsk-test-blueprint")

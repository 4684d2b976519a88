"""The campaign's exposure limit: how often one item is given across a campaign's tests."""
import collections
import datetime
import math

import pytest

from core.attestation import AttestationRefused, campaign_of, registration, sitting
from core.attestation import campaign as steps
from core.cmm.assembly import blueprint_for, draw
from core.cmm.bank import published_items
from tests.factories import edit, make_user
from tests.plugins.attestation import ITEMS, SmallBlueprint, publish_bank

YEAR = datetime.date.today().year
TODAY = datetime.date.today()
PARTICIPANTS = 20


def bank_items():
    """Eight closed items of strategy and four cases: a test takes two of the first and one of the second."""
    single, case = ITEMS[0], ITEMS[2]
    return ([{**single, "code": f"t-strategy-{n}", "stem": f"{single['stem']} (вариант {n})"} for n in range(8)]
            + [{**case, "code": f"t-case-{n}", "stem": f"{case['stem']} (вариант {n})"} for n in range(4)])


@pytest.fixture
def crowded(tree, host, hasher):
    """Region 66's campaign with the twelve-item bank and twenty registered heads."""
    host.register(SmallBlueprint(), name="attestation-test")
    with edit(tree) as site:
        publish_bank(host, site, bank_items())
        c = steps.open_campaign(host, site["66"], YEAR, "region66")
        for n in range(PARTICIPANTS):
            user = make_user(site, f"leader{n}", hasher, title=f"Руководителев{n} Иван Петрович")
            d = steps.schedule(host, c, user, f"66-1-{n % 3 + 1}", "head", TODAY, "region66")
            registration.register(host, d, {"education": "Высшее"}, True, user.login)
    yield tree
    host.unregister("attestation-test")


def start_all(host, c):
    """Start everyone's test; ``(started, refused messages)``."""
    started, refused = 0, []
    for d in sorted(c.dossiers(), key=lambda d: (d.sitting, d.person)):
        try:
            sitting.start_test(host, d, d.attestee)
            started += 1
        except AttestationRefused as exc:
            refused.append((d.person, str(exc)))
    return started, refused


def exposure_counts(c):
    return collections.Counter(code for d in c.dossiers() if d.test for code in (i.code for i in d.test.items))


def test_no_item_is_given_in_more_tests_than_the_campaigns_share_allows(crowded, host):
    with edit(crowded) as site:
        c = campaign_of(site["66"], YEAR)
        steps.configure(c, "region66", exposure=30)
        started, refused = start_all(host, c)
        assert (started, refused) == (PARTICIPANTS, [])
        limit = math.ceil(0.30 * PARTICIPANTS)
        counts = exposure_counts(c)
        assert max(counts.values()) <= limit == c.exposure.limit
        assert dict(c.exposure.counts) == dict(counts)
        # The limit did bind: the same seeds drawn without it pile some item up past it.
        pool = published_items(host, site["66"], "head", "urban")
        blueprint = blueprint_for(host, "66", "head", "urban")
        free = collections.Counter(v.code for d in c.dossiers() for v in draw(pool, blueprint, sitting.seed_of(d)))
        assert max(free.values()) > limit


def test_a_share_the_bank_cannot_sustain_is_foreseen_and_refuses_tests_saying_why(crowded, host):
    with edit(crowded) as site:
        c = campaign_of(site["66"], YEAR)
        steps.configure(c, "region66", exposure=20)
        rehearsal = sitting.rehearse(host, c)
        # Each item in at most four tests: four cases serve sixteen of twenty at the most.
        assert rehearsal.ready <= 16 and rehearsal.ready + len(rehearsal.refused) == PARTICIPANTS
        assert rehearsal.lowest == pytest.approx(0.25)
        assert all("исчерпали лимит показов в кампании" in reason for _, reason in rehearsal.refused)
        assert c.exposure is None, "a rehearsal keeps nothing"
        started, refused = start_all(host, c)
        # The rehearsal foresaw exactly who would be refused, and why.
        assert (started, refused) == (rehearsal.ready, list(rehearsal.refused))
        late = [d for d in c.dossiers() if d.test is None]
        assert len(late) == len(refused) and all(d.workflow_state == "registered" for d in late)
        assert max(exposure_counts(c).values()) <= 4


def test_settings_are_checked_before_anything_is_kept(crowded, host):
    with edit(crowded) as site:
        c = campaign_of(site["66"], YEAR)
        journal = c.journal
        for bad in ({"exposure": 0}, {"exposure": 101}, {"exposure": "много"}, {"time_limit": 5, "exposure": 50},
                    {"time_limit": 60, "exposure": 150}):
            with pytest.raises(AttestationRefused) as exc:
                steps.configure(c, "region66", **bad)
            assert exc.value.code == "invalid"
        with pytest.raises(AttestationRefused) as exc:
            steps.configure(c, "head", exposure=50)
        assert exc.value.code == "forbidden"
        assert (c.time_limit, c.exposure_share, c.journal) == (90, 1.0, journal)
        steps.configure(c, "region66", time_limit=60, exposure=50)
        assert (c.time_limit, c.exposure_share) == (60, 0.5)

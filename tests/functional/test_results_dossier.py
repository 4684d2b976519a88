"""The leader attestation dossier shows the school's dynamics from the school results base: the indicators of
its passport by year, each with its trend in words, and a link to the passport for whoever may read it."""
import datetime

import pytest

from core.docinspect.tables import table_rows
from core.results import importer
from tests.factories import edit, login
from tests.functional.results_support import three_years
from tests.plugins.attestation import SmallBlueprint, open_campaign_66

YEAR = datetime.date.today().year
DOSSIER = f"/66/leader-attestation-{YEAR}/participants/head/"


@pytest.fixture
def campaign(tree, host, hasher):
    """Region 66's campaign with ``head`` (of school 66-1-1) scheduled today."""
    host.register(SmallBlueprint(), name="attestation-test")
    with edit(tree) as site:
        open_campaign_66(host, site, hasher, YEAR, {"head": "66-1-1"}, {"expert_a": "m2"})
    yield tree
    host.unregister("attestation-test")


def test_the_dossier_shows_the_schools_indicators_with_their_trends(testapp, campaign, host):
    login(testapp, "head")
    assert "Данные о результатах школы не загружены." in testapp.get(DOSSIER).text
    with edit(campaign) as site:
        importer.apply(site, importer.check(host, site["66"], table_rows(three_years(), "r.csv")), "region66", "r.csv")
    aside = testapp.get(DOSSIER).html.select_one("#school-results")
    rows = [" ".join(tr.text.split()) for tr in aside.select("tr")]
    assert any(r.startswith("Доля участников ВПР, достигших базового уровня (отметки «3», «4», «5»), % 80,0 83,0 "
                            "86,0") for r in rows)
    assert "Динамика: рост на 3,00 п. п. в год (p < 0,001)." in rows
    assert aside.select_one("a")["href"] == "http://localhost/66/m1/s1/@@passport#results"

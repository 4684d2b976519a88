"""The 500+ dashboard shows the school survey's progress week by week, from the dated snapshots."""
import datetime

from core.project500 import snapshots, steps
from tests.factories import edit, login

YEAR = 2026


def test_the_dashboard_shows_the_last_snapshot_of_each_week(testapp, tree, host):
    with edit(tree) as site:
        region = site["66"]
        steps.enrol(host, region, ["66-1-1", "66-1-2"], YEAR, "region66")
        snapshots.take_all(region, YEAR, datetime.date(YEAR, 1, 12))
        steps.import_risk_profiles(host, region, [(2, "66-1-1", "staff_shortage", "высокий")], YEAR, "region66")
        snapshots.take_all(region, YEAR, datetime.date(YEAR, 1, 16))
        snapshots.take_all(region, YEAR, datetime.date(YEAR, 1, 23))
    login(testapp, "region66")
    page = testapp.get("/66/@@indicators-500", {"year": YEAR})
    rows = [[td.text for td in tr.select("td")] for tr in page.html.select("#survey-weeks tr")[1:]]
    assert rows == [["16.01.2026", "1", "2", "50,0\xa0%"], ["23.01.2026", "1", "2", "50,0\xa0%"]]
    # a year without snapshots shows no table
    assert testapp.get("/66/@@indicators-500", {"year": YEAR - 1}).html.select_one("#survey-weeks") is None

"""The 500+ roadmap's monitoring on the pages: the survey's weekly progress on the dashboard, a webinar recorded by
the coordinator, the steps of the participation page."""
import datetime

from core.project500 import snapshots, steps
from tests.factories import csrf, edit, login

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


def test_the_coordinator_records_a_webinar_and_a_bad_one_is_refused(testapp, tree, host):
    with edit(tree) as site:
        steps.enrol(host, site["66"], ["66-1-1"], YEAR, "region66")
    url = f"/66/m1/s1/500plus-{YEAR}/"
    login(testapp, "coordinator")
    page = testapp.get(url)
    form = page.forms["webinar-form"]
    form["held_on"], form["role"] = f"{YEAR}-02-17", "speaker"
    page = form.submit(status=303).follow()
    assert "участие в вебинаре записано" in page.text
    row = next(tr for tr in page.html.select("#roadmap tr") if "Вебинары" in tr.text)
    assert "участий: 1" in row.text and "17.02.2026" in row.text
    token = csrf(testapp)
    refused = testapp.post(url + "@@webinar", {"csrf_token": token, "held_on": "вчера", "role": "viewer"},
                           status=400)
    assert "Укажите дату вебинара" in refused.text
    testapp.post(url + "@@webinar", {"csrf_token": token, "held_on": f"{YEAR}-02-17", "role": "speaker"},
                 status=409)
    with edit(tree) as site:
        assert steps.participation_of(site["66"]["m1"]["s1"], YEAR).webinars == ((datetime.date(YEAR, 2, 17),
                                                                                   "speaker"),)
    testapp.reset()
    login(testapp, "head2")   # the head of another school
    testapp.post(url + "@@webinar", {"csrf_token": csrf(testapp), "held_on": f"{YEAR}-02-18", "role": "viewer"},
                 status=403)

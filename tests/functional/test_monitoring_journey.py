"""The regional operator's monitoring of a campaign: the report, its XLSX, quarterly snapshots, the annual report."""
import datetime
import io

import openpyxl
import pytest

from core.attestation import campaign as steps
from core.attestation import threshold
from core.attestation_monitoring import take_snapshot
from tests.factories import edit, login, make_user
from tests.functional.krasnoyarsk_support import TODAY, YEAR, SmallBlueprint24, campaign, dossier, sit_and_score_cases
from tests.plugins.attestation import publish_bank

CAMPAIGN = f"/66/leader-attestation-{YEAR}/"


@pytest.fixture
def scored_66(tree, host, hasher):
    """Region 66's campaign: head66 (m1) answered right, head2 (m2) wrong, both cases agreed, threshold calculated."""
    host.register(SmallBlueprint24(), name="krsk-test-blueprint")
    try:
        with edit(tree) as site:
            publish_bank(host, site)
            c = campaign(host, site, hasher, "66", "head66", "66-1-1")
            steps.schedule(host, c, site.services["users"]["head2"], "66-2-2", "head", TODAY, "region66")
            # NB: the region's own experts: the pool of m2 may not score an attestee of m2
            for login_ in ("expert_r1", "expert_r2"):
                steps.add_expert(c, make_user(site, login_, hasher), "region66")
            sit_and_score_cases(host, dossier(site, "66", "head66"), "head66", percent=(80, 90))
            sit_and_score_cases(host, dossier(site, "66", "head2"), "head2", percent=(20, 30), right=False)
            threshold.calculate(host, c, "head", "region66", "Предварительный расчёт")
        yield tree
    finally:
        host.unregister("krsk-test-blueprint")


def test_regional_operator_downloads_the_campaign_report_and_reads_it_back(testapp, scored_66):
    login(testapp, "region66")
    page = testapp.get(CAMPAIGN).click(href="@@monitoring")
    assert "Доля прошедших по категориям аттестуемых" in page.text
    assert page.html.select_one("#overall").text.split(":")[-1].strip().startswith("50,0\u00a0%")
    assert page.html.select("svg.chart")
    download = page.click(href="monitoring.xlsx")
    assert download.content_type.startswith("application/vnd.openxmlformats")
    assert "attachment" in download.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(download.body))
    assert book.sheetnames == ["Сводка", "По категориям", "По типам школ", "По муниципалитетам", "Задания"]
    rows = list(book["По категориям"].iter_rows(values_only=True))
    # the median of two totals passes the better one only: 1 of 2
    assert rows[1] == ("Руководитель ОО", "head", 2, 2, 1, 0.5)
    munis = {r[1]: r[2:] for r in book["По муниципалитетам"].iter_rows(min_row=2, values_only=True)}
    assert munis == {"m1": (1, 1, 1, 1.0), "m2": (1, 1, 0, 0.0)}
    items = {r[0]: r for r in book["Задания"].iter_rows(min_row=2, values_only=True)}
    assert set(items) == {"t-strategy-1", "t-strategy-2", "t-case-1"}
    # kinds and competences by their names, as the page shows them
    assert items["t-case-1"][1] == "управленческий кейс"
    assert items["t-strategy-1"][2] == "Стратегическое управление развитием образовательной организации"
    assert "Стратегическое управление развитием образовательной организации" in page.html.select_one("#items").text
    # each item was in both tests; one attestee right, one wrong: difficulty 0.5, D = 1
    assert items["t-strategy-1"][5:8] == (2, 2, 0.5)
    assert items["t-strategy-1"][9] == 1.0


def test_quarterly_snapshots_make_the_annual_report_only_when_all_four_exist(testapp, scored_66, host):
    login(testapp, "region66")
    page = testapp.get("/66/@@attestation-monitoring")
    form = page.forms["take-snapshot"]
    quarter = (TODAY.month - 1) // 3 + 1
    form["year"], form["quarter"] = str(YEAR), str(quarter)
    snap = form.submit(status=303).follow()
    assert "сведения зафиксированы" in snap.text
    assert snap.click(href="@@xlsx").content_type.startswith("application/vnd.openxmlformats")

    refused = testapp.get(f"/66/@@attestation-annual?year={YEAR}", status=409)
    assert "на основе четырёх квартальных мониторингов" in refused.text and "не хватает" in refused.text
    assert testapp.get(f"/66/@@attestation-annual.xlsx?year={YEAR}", status=409)

    # the other quarters of the year, taken at the year's end
    with edit(scored_66) as site:
        for q in range(1, 5):
            if q != quarter:
                take_snapshot(host, site["66"], YEAR, q, "region66",
                              now=datetime.datetime(YEAR, 12, 20, tzinfo=datetime.timezone.utc))
    page = testapp.get(f"/66/@@attestation-annual?year={YEAR}")
    assert [th.text for th in page.html.select("#dynamics th")][1:] == ["I квартал", "II квартал", "III квартал",
                                                                        "IV квартал"]
    book = openpyxl.load_workbook(io.BytesIO(testapp.get(f"/66/@@attestation-annual.xlsx?year={YEAR}").body))
    dynamics = list(book["Динамика по кварталам"].iter_rows(values_only=True))
    assert dynamics[1] == ("Участников в графике", 2, 2, 2, 2)
    form = page.forms["annual-act"]
    form["author_post"], form["author_name"] = "Начальник отдела", "И. С. Уральцев"
    # region 66's own template asks which system and level of the РСОКО the report belongs to
    assert {"rsoko_system", "rsoko_level"} <= set(form.fields)
    for name in ("rsoko_system", "rsoko_level"):
        form[name] = form[name].options[1][0]
    act = form.submit(status=303).follow()
    assert "Годовой отчёт по итогам мониторинга аттестации руководителей" in act.text


def test_a_quarter_not_yet_begun_is_refused_and_nothing_is_kept(testapp, scored_66):
    login(testapp, "region66")
    form = testapp.get("/66/@@attestation-monitoring").forms["take-snapshot"]
    form["year"], form["quarter"] = str(YEAR + 1), "4"
    page = form.submit(status=400)
    assert "ещё не начался" in page.text
    with edit(scored_66) as site:
        assert "attestation-monitoring" not in site["66"]


def test_a_school_head_cannot_see_the_monitoring(testapp, scored_66):
    login(testapp, "head")
    testapp.get(CAMPAIGN + "@@monitoring", status=403)
    testapp.get("/66/@@attestation-monitoring", status=403)


def test_the_api_gives_the_report_takes_a_snapshot_and_refuses_an_incomplete_year(testapp, scored_66):
    from tests.factories import csrf
    login(testapp, "region66")
    report = testapp.get(f"/api/v1/tree/66/leader-attestation-{YEAR}/@@monitoring").json
    assert report["overall"]["rate"] == 0.5
    assert {i["code"]: i["exposure"] for i in report["items"]}["t-strategy-1"] == 2
    token = csrf(testapp)
    quarter = (TODAY.month - 1) // 3 + 1
    snap = testapp.post_json("/api/v1/tree/66/@@attestation-monitoring", {"year": YEAR, "quarter": quarter},
                             headers={"X-CSRF-Token": token}).json
    assert (snap["quarter"], snap["revision"], snap["figures"]["overall"]["passed"]) == (quarter, 1, 1)
    bad = testapp.post_json("/api/v1/tree/66/@@attestation-monitoring", {"year": YEAR, "quarter": 5},
                            headers={"X-CSRF-Token": token}, status=400).json
    assert bad["error"]["code"]
    refused = testapp.get(f"/api/v1/tree/66/@@attestation-annual?year={YEAR}", status=409).json
    assert refused["error"]["code"] == "monitoring_order" and "не хватает" in refused["error"]["message"]
    assert len(testapp.get("/api/v1/tree/66/@@attestation-monitoring").json["snapshots"]) == 1

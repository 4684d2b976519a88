"""The timeline: a roadmap's measures on the time axis by section and level, the late ones marked, its XLSX."""
import datetime
import io

import openpyxl
import pytest

from core import roadmaps
from core.roadmaps import execution, timeline
from tests.factories import edit, login
from tests.functional.test_api import api_login
from tests.functional.test_roadmap_flow_api import validate
from tests.roadmap_seeds import Grid, Para, build_docx

YEAR = datetime.date.today().year
HEADER = ["№", "Мероприятие", "Срок", "Ответственные", "Год"]
# Two sections; a range, a month, a quarterly recurrence, a date far ahead, a measure with no date at all.
FIRST = [["1.", "Анкетирование школ", f"Январь-февраль {YEAR - 1}", "Региональный координатор", str(YEAR - 1)],
         ["2.", "=HYPERLINK(\"http://evil\",\"Мониторинг\")", "ежеквартально, 15 числа последнего месяца квартала",
          "Муниципальный координатор", str(YEAR)],
         ["3.", "Разработка плана", "по общероссийскому плану-графику", "Министерство", ""]]
SECOND = [["4.", "Семинар для директоров", f"Май {YEAR + 1}", "ИРО", ""],
          ["5.", "Подведение итогов", f"20.12.{YEAR - 1}", "Региональный координатор", ""]]


@pytest.fixture
def roadmap_url(tree):
    """A regional roadmap of 66 of two sections, the first measure done, the fifth late (its date passed)."""
    with edit(tree) as site:
        data = build_docx([Para("Этап 1. Подготовка", bold=True), Grid([HEADER] + FIRST),
                           Para("Этап 2. Итоги", bold=True), Grid([HEADER] + SECOND)])
        roadmap = roadmaps.import_roadmap(site["66"], data, "карта.docx", "region66")[1].roadmap
        first = roadmap.ordered()[0]
        [(key, _)] = execution.occurrences(first)
        execution.add_evidence(first, key, "region66", execution.Evidence("link", "Приказ", path="/66"))
        execution.set_status(first, key, "region66", "done")
        return f"/66/roadmaps/{roadmap.__name__}/"


def test_each_dated_measure_is_a_bar_the_undated_apart_the_past_one_late(tree, roadmap_url):
    with edit(tree) as site:
        [roadmap] = roadmaps.roadmaps_of(site["66"])
        found = timeline.timeline(roadmap, datetime.date(YEAR, 1, 10))
    bars = {bar.measure.number: bar for bar in found.bars()}
    assert sorted(bars) == ["1", "2", "4", "5"]
    assert [m.number for lane in found.lanes for m in lane.undated] == ["3"]
    assert (bars["1"].start, bars["1"].end.month, bars["1"].status) == (datetime.date(YEAR - 1, 1, 1), 2, "done")
    # the quarterly one: a mark per quarter of its year, the first (15 March) not yet late on 10 January
    assert [(m.date, m.overdue) for m in bars["2"].marks] == [
        (datetime.date(YEAR, month, 15), False) for month in (3, 6, 9, 12)]
    assert bars["5"].overdue and bars["5"].status_title == "Просрочено"
    assert not bars["4"].overdue and bars["4"].status == "planned"
    assert found.start == datetime.date(YEAR - 1, 1, 1) and found.end == datetime.date(YEAR + 1, 5, 31)
    assert [lane.section for lane in found.lanes] == ["Этап 1. Подготовка", "Этап 2. Итоги"]


def test_the_page_draws_the_bars_and_lists_the_late_and_the_undated(testapp, tree, roadmap_url):
    login(testapp, "region66")
    page = testapp.get(roadmap_url)
    page = page.click(linkid="timeline-link")
    svg = page.html.select_one("#timeline svg")
    assert svg is not None
    assert len(svg.select("a.tl-row")) == 4
    late = ["bar-" + a["href"].rsplit("=", 1)[1] for a in page.html.select("#late a")]
    assert [a["id"] for a in svg.select("a.tl-overdue")] == late and len(late) >= 1
    assert "Подведение итогов" in page.html.select_one("#late").text
    assert "Разработка плана" in page.html.select_one("#undated").text
    assert [t.text for t in svg.select("text.tl-lane")] == ["Этап 1. Подготовка · Региональный уровень",
                                                            "Этап 2. Итоги · Региональный уровень"]
    assert svg.select_one("a.tl-done title").text.startswith("№ 1. Анкетирование школ")
    assert "<script" not in page.text.split('id="timeline"')[1]


def test_the_xlsx_opens_with_a_row_per_measure_and_no_formula(testapp, tree, roadmap_url):
    login(testapp, "region66")
    response = testapp.get(roadmap_url + "@@timeline.xlsx")
    assert response.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(response.body)).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert [r[2] for r in rows] == ["1", "2", "3", "4", "5"]
    by_number = {r[2]: r for r in rows}
    assert by_number["1"][8] == "Выполнено" and by_number["1"][5].date() == datetime.date(YEAR - 1, 1, 1)
    assert by_number["5"][8:10] == ("Просрочено", "да")
    assert by_number["3"][5] is None and by_number["3"][4] == "по общероссийскому плану-графику"
    # NB: a measure that reads like a formula stays its text.
    assert by_number["2"][3].startswith("=HYPERLINK")
    assert sheet.cell(5, 4).data_type == "s" and sheet.cell(5, 4).quotePrefix


def test_a_level_is_chosen_and_a_roadmap_with_no_dates_says_so(testapp, tree, roadmap_url):
    login(testapp, "region66")
    assert testapp.get(roadmap_url + "@@timeline?level=nonsense").status_int == 200
    with edit(tree) as site:
        data = build_docx([Grid([["№", "Мероприятие", "Срок"], ["1.", "Что-то", "постоянно"]])])
        roadmap = roadmaps.import_roadmap(site["66"], data, "без сроков.docx", "region66")[1].roadmap
        url = f"/66/roadmaps/{roadmap.__name__}/@@timeline"
    page = testapp.get(url)
    assert "Ни у одного мероприятия нет срока" in page.text and page.html.select_one("#timeline") is None


def test_who_cannot_read_the_roadmap_sees_no_timeline(testapp, tree, roadmap_url):
    login(testapp, "head")
    testapp.get(roadmap_url + "@@timeline", status=403)
    testapp.get(roadmap_url + "@@timeline.xlsx", status=403)


def test_the_api_gives_the_same_timeline(testapp, tree, roadmap_url):
    headers = {"X-CSRF-Token": api_login(testapp, "region66")}
    body = testapp.get(f"/api/v1/tree{roadmap_url}@@timeline", headers=headers).json
    validate(body, "RoadmapTimeline")
    bars = {b["number"]: b for lane in body["lanes"] for b in lane["bars"]}
    assert sorted(bars) == ["1", "2", "4", "5"] and bars["1"]["status"] == "done"
    assert bars["5"]["overdue"] and bars["5"]["status"] == "overdue"
    assert len(bars["2"]["marks"]) == 4
    assert [lane["undated"] for lane in body["lanes"] if lane["undated"]] and body["start"] == f"{YEAR - 1}-01-01"
    testapp.get(f"/api/v1/tree{roadmap_url}@@timeline", {"level": "mars"}, headers=headers, status=400)

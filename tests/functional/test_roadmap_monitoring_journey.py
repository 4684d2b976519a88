"""A regional roadmap from import to its справка: the operator imports it and hands it down, two municipalities
carry out their measures with evidence (one on time and one late, one not done with its reason), the execution
is read by municipality with the late measures and an XLSX, stages of monitoring are held in order with their
справки (Word documents with the figures) and the annual report, and the federal operator sees every region
side by side. Out of order and done without evidence are refused on the pages and in the API."""
import datetime
import io

import docx
import openpyxl
import pytest
from jsonschema import Draft202012Validator

from core import roadmaps
from core.api.spec import SPEC
from core.roadmaps import derivation, execution
from tests.factories import csrf, edit, login, make_user, valid_pdf
from tests.roadmap_seeds import Grid, Para, build_docx

YEAR = datetime.date.today().year
PAST, NEXT = YEAR - 1, YEAR + 1
HEADER = ["ГОД", "Региональный уровень", "Муниципальный уровень", "Уровень ОО"]
ROWS = [[str(PAST), "Анализ результатов региона", "Совещание руководителей по итогам ГИА", "-"],
        [str(NEXT), "Семинар для координаторов", "Анализ результатов ВПР муниципалитета", "-"]]
API = "/api/v1/tree"


def validate(body, name):
    Draft202012Validator({"$ref": f"#/components/schemas/{name}", "components": SPEC["components"]}).validate(body)


def plan():
    return build_docx([Para("Дорожная карта РСОКО"), Grid([list(HEADER)] + [list(r) for r in ROWS])])


@pytest.fixture
def people(tree, hasher):
    with edit(tree) as site:
        make_user(site, "coordinator2", hasher, [("municipal_coordinator", "66/m2")])
        make_user(site, "region24", hasher, [("regional_operator", "24")])
    return tree


def form_with(page, action, **fields):
    """The form of ``page`` posting to ``action`` whose hidden fields have the values given."""
    for form in page.forms.values():
        if form.action and action in form.action and all(
                name in form.fields and form[name].value == value for name, value in fields.items()):
            return form
    raise AssertionError(f"no form {action} {fields}")


def measure_of(tree, path, text):
    with edit(tree) as site:
        node = site
        for name in path.strip("/").split("/"):
            node = node[name]
        [roadmap] = roadmaps.roadmaps_of(node)
        measure = next(m for m in roadmap.measures.values() if m.text == text)
        return f"{path}/roadmaps/{roadmap.__name__}", measure.id, execution.occurrences(measure)[0][0]


def report(testapp, roadmap_url, measure_id, key, status, status_code=303, **extra):
    return testapp.post(f"{roadmap_url}/@@measure-status", {"csrf_token": csrf(testapp), "id": measure_id,
                                                             "key": key, "status": status, **extra},
                        status=status_code)


def test_a_regional_roadmap_from_import_to_its_monitoring_and_the_federal_view(testapp, people):
    tree = people
    # -- the regional operator imports the plan (preview, then confirm) and hands it down
    login(testapp, "region66")
    page = testapp.get("/66/@@import-roadmap")
    form = next(f for f in page.forms.values() if "file" in f.fields)
    form["file"] = ("рсоко.docx", plan())
    preview = form.submit(status=200)
    assert "Семинар для координаторов" in preview.text
    roadmap_page = preview.forms["confirm-form"].submit("confirm", status=303).follow()
    region_url = roadmap_page.request.path.rstrip("/")
    roadmap_page.forms["derive-form"].submit(status=303)
    testapp.reset()

    # -- municipality 1: one measure done on time, one done late, both with evidence; done without it refused
    login(testapp, "coordinator")
    m1_url, late_id, late_key = measure_of(tree, "/66/m1", "Совещание руководителей по итогам ГИА")
    _, early_id, early_key = measure_of(tree, "/66/m1", "Анализ результатов ВПР муниципалитета")
    refused = report(testapp, m1_url, early_id, early_key, "done", 409)
    assert "Без подтверждения" in refused.text
    page = testapp.get(f"{m1_url}/@@measure?id={early_id}")
    evidence = form_with(page, "measure-evidence", key=early_key)
    evidence["file"] = ("протокол.pdf", valid_pdf())
    evidence.submit(status=303)
    report(testapp, m1_url, early_id, early_key, "done")
    assert "нельзя перейти" in report(testapp, m1_url, early_id, early_key, "in_progress", 409).text
    testapp.post(f"{m1_url}/@@measure-evidence", {"csrf_token": csrf(testapp), "id": late_id, "key": late_key,
                                                  "path": "/66/acts/order-1", "title": "Приказ"}, status=303)
    report(testapp, m1_url, late_id, late_key, "done")
    testapp.reset()

    # -- municipality 2: the past measure not done, with its reason; in the API, out of order refused
    login(testapp, "coordinator2")
    m2_url, m2_id, m2_key = measure_of(tree, "/66/m2", "Совещание руководителей по итогам ГИА")
    report(testapp, m2_url, m2_id, m2_key, "not_done", reason="Нет финансирования")
    token = csrf(testapp)
    refused = testapp.post_json(f"{API}{m2_url}/@@execution", {"measure": m2_id, "key": m2_key, "action": "status",
                                                               "status": "in_progress"},
                                headers={"X-CSRF-Token": token}, status=409)
    assert "нельзя перейти" in refused.json["error"]["message"]
    testapp.reset()

    # -- the region reads its execution by municipality, drills down to the late measures, downloads the XLSX
    login(testapp, "region66")
    page = testapp.get(f"{region_url}/@@execution")
    rows = {tr["data-code"]: [td.text.strip() for td in tr.select("td")]
            for tr in page.html.select("#by-child tr[data-code]")}
    # m1: two due (one done early, one done late): on time 1 of 2; m2: one due, not done
    assert rows["m1"][1:5] == ["2", "2", "1", "1"] and rows["m1"][8] == "50,0\u00a0%"
    assert rows["m2"][1:3] == ["2", "1"] and rows["m2"][5] == "1" and rows["m2"][8] == "0,0\u00a0%"
    assert rows["m2"][9] == "1\u00a0→"
    assert page.html.select_one("svg.roadmap-chart") is not None
    late = testapp.get(page.html.select_one('#by-child tr[data-code="m2"] a.late-link')["href"])
    assert "Нет финансирования" in late.text and "Не выполнено" in late.text
    assert "Муниципалитет 66-1" not in late.text
    book = openpyxl.load_workbook(io.BytesIO(testapp.get(f"{region_url}/@@execution.xlsx").body))
    assert [r[0] for r in book["Муниципалитеты"].iter_rows(min_row=2, values_only=True)] == [
        "Муниципалитет 66-1", "Муниципалитет 66-2"]
    assert [r[3] for r in book["Муниципалитеты"].iter_rows(min_row=2, values_only=True)] == [1, 0]
    api = testapp.get(f"{API}{region_url}/@@execution-indicators").json
    validate(api, "RoadmapIndicators")
    assert {c["code"]: c["share_on_time"] for c in api["children"]} == {"m1": 0.5, "m2": 0.0}

    # -- monitoring: Sverdlovsk monitors its РСОКО roadmap by half-years (its plugin); stages in the order of the
    # year, never before their day; the справка with its figures
    page = testapp.get(f"{region_url}/@@monitoring?year={PAST}")
    assert page.html.select_one("#schedule").text.startswith("РСОКО: по полугодиям")
    refused = form_with(page, "take-stage", stage="h2").submit(status=409)
    assert "Сначала проводятся предыдущие этапы" in refused.text
    page = form_with(page, "take-stage", stage="h1").submit(status=303).follow()
    report_url = page.html.select_one('li[data-code="h1"] a.stage-report')["href"]
    document = docx.Document(io.BytesIO(testapp.get(report_url).body))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [[c.text.replace("\xa0", " ") for c in row.cells] for table in document.tables for row in table.rows]
    assert "СПРАВКА" in text and "Дорожная карта РСОКО" in text
    assert ["Муниципалитет 66-1", "2", "1", "1", "0", "0", "50,0 %"] in cells
    assert ["Муниципалитет 66-2", "2", "0", "0", "1", "0", "0,0 %"] in cells
    assert any(row[0] == "Муниципалитет 66-2" and "Нет финансирования" in row[3] for row in cells)
    headers = {"X-CSRF-Token": csrf(testapp)}
    refused = testapp.post_json(f"{API}{region_url}/@@stages", {"year": NEXT, "stage": "h1"}, headers=headers,
                                status=409)
    assert "не раньше" in refused.json["error"]["message"]
    refused = testapp.get(f"{API}{region_url}/@@annual-report?year={PAST}", status=409)
    assert "проведено 1 из 2, не проведены «II полугодие»" in refused.json["error"]["message"]
    for code in ("h2",):
        taken = testapp.post_json(f"{API}{region_url}/@@stages", {"year": PAST, "stage": code}, headers=headers,
                                  status=201).json
        validate(taken, "MonitoringStageTaken")
    stages = testapp.get(f"{API}{region_url}/@@stages?year={PAST}").json
    validate(stages, "MonitoringStages")
    assert [s["held"]["figures"]["overall"]["on_time"] for s in stages["stages"]] == [1, 1]
    annual = docx.Document(io.BytesIO(testapp.get(f"{region_url}/@@annual-report?year={PAST}").body))
    cells = [[c.text.replace("\xa0", " ") for c in row.cells] for table in annual.tables for row in table.rows]
    assert ["II полугодие " + str(PAST) + " года: доля выполненных в срок", "25,0 %"] in cells
    testapp.reset()

    # -- another region keeps a roadmap too; the federal operator sees both side by side
    with edit(tree) as site:
        other = roadmaps.import_roadmap(site["24"], plan(), "рсоко.docx", "region24")[1].roadmap
        measure = next(m for m in other.measures.values() if m.level == "region" and m.year == PAST)
        execution.set_status(measure, execution.occurrences(measure)[0][0], "region24", "not_done",
                             reason="Нет специалистов")
        assert derivation.derived_of(site["66"]["m1"], other) is None
    login(testapp, "federal")
    page = testapp.get("/@@roadmap-execution")
    regions = {tr["data-code"]: [td.text.strip() for td in tr.select("td")]
               for tr in page.html.select("#regions tr[data-code]")}
    assert set(regions) == {"66", "24"}
    assert regions["24"][1] == "2" and regions["24"][5] == "1"     # two region-level measures; one not done
    assert regions["66"][3] == "1" and regions["66"][7] == "25,0\u00a0%"  # 1 on time of 4 due
    federal = testapp.get(f"{API}/@@roadmap-execution").json
    validate(federal, "FederalRoadmapExecution")
    assert {r["code"] for r in federal["regions"]} == {"66", "24", "54"}
    testapp.reset()
    login(testapp, "region66")
    testapp.get("/@@roadmap-execution", status=403)

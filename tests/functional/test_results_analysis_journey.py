"""The journey of issue 17 through the pages: a municipality's three years of results imported, the indicators and
their dynamics, the flags, the clusters, the proposed low-results list accepted into 500+, one school's addressed
recommendation drafted, edited and sent as a .docx that opens; the open statistics without a log-in, with no
names of people and no flags."""
import io
import re

import docx
import openpyxl
import pytest
import webtest

from core import roadmaps
from core.project500.steps import participation_of
from core.security.users import users_of
from tests.factories import edit, login, make_user, node
from tests.functional.analysis_support import INFLATED, JUMP, LOW, RISING, YEAR, add_schools, facts_table, results_table


@pytest.fixture
def region(tree, hasher):
    with edit(tree) as site:
        add_schools(site["66"]["m1"])
        make_user(site, "method", hasher, [("methodologist", "66")], title="Методистова Мария Ивановна")
        make_user(site, "head4", hasher, [("school_head", "66/m1/s4")], title="Директорова Анна Павловна")
        school = node(site, "66/m1/s4")
        roadmaps.folder_of(school, create=True).add("plan", roadmaps.Roadmap("Дорожная карта школы", "school",
                                                                            "head4"))
    return tree


def upload(client, path, data, name, form_id="results-upload"):
    form = client.get(path + "@@results").forms[form_id]
    form["upload"] = webtest.Upload(name, data, "text/csv")
    return form.submit("save", status=303)


def people(db):
    """The names (and logins) of every person of the site: what the public must never see."""
    with edit(db) as site:
        return [(u.title, login_) for login_, u in users_of(site).items()]


def test_import_analyse_propose_enrol_and_recommend(testapp, region):
    login(testapp, "region66")
    # 1. Three years of a municipality's results through the preview, and its schools' context.
    preview = upload(testapp, "/66/m1/", results_table(), "результаты-м1.csv").follow()
    assert "confirm" in preview.forms
    preview.forms["confirm"].submit(status=303)
    upload(testapp, "/66/", facts_table(), "оо-1.csv", "passport-import")
    # 2. The indicators and their dynamics: the steadily improving school is found.
    page = testapp.get("/66/m1/@@results", {"indicator": "vpr_base"})
    rows = {tr.select("td")[0].text.strip(): tr.text for tr in page.html.select("#below-table tr")[1:]}
    assert "рост на" in rows[f"Школа № {RISING.rsplit('-', 1)[1]} (66-1)"]
    # 3. The clusters, computed by the operator and told in words.
    analysis = testapp.get("/66/@@analysis")
    assert "Кластеры ещё не рассчитаны" in analysis.text
    done = analysis.forms["cluster-form"].submit(status=303).follow()
    assert "Кластеры рассчитаны: 3" in done.text
    titles = [li.select_one(".cluster-title").text for li in done.html.select("#clusters-list li")]
    assert len(titles) == 3 and any("городские" in t for t in titles)
    # 4. The flags, per municipality, each with its evidence.
    flagged = {(li.select_one(".flag-school").text, li.select_one(".flag-title").text)
               for li in done.html.select(".flags-list li")}
    number = {code: f"Школа № {code.rsplit('-', 1)[1]} (66-1)" for code in (INFLATED, JUMP, LOW)}
    assert (number[INFLATED], "ВПР намного выше экзаменов") in flagged
    assert (number[JUMP], "Резкий рост за один год") in flagged
    assert {school for school, _ in flagged} == {number[INFLATED], number[JUMP]}
    # 5. The low-results list proposed by the rule, edited with a reason, accepted into 500+.
    listed = done.forms["propose-form"].submit(status=303).follow()
    assert f"Список на {YEAR + 1} год сформирован по правилу региона: школ — 1." in listed.text
    assert [li.select_one(".low-school").text for li in listed.html.select("#low-list > li")] == [
        f"{number[LOW]} ({LOW})"]
    refused = listed.forms["change-form"]
    refused["code"], refused["reason"] = "66-9-9", "Ошибка"
    answer = refused.submit(status=400)
    assert "в регионе нет школы с кодом «66-9-9»" in answer.text
    change = listed.forms["change-form"]
    change["code"], change["include"], change["reason"] = "66-1-6", "1", "Ходатайство управления образования"
    listed = change.submit(status=303).follow()
    assert f"В списке: {LOW}, 66-1-6." in listed.text
    accepted = listed.forms["accept-form"].submit(status=303).follow()
    assert f"в проект «500+» на {YEAR + 1} год включено школ — 2" in accepted.text
    assert "accept-form" not in accepted.forms and "change-form" not in accepted.forms
    with edit(region) as site:
        assert participation_of(node(site, "66/m1/s4"), YEAR + 1) is not None
        assert participation_of(node(site, "66/m1/s6"), YEAR + 1) is not None
    # 6. The weak school's recommendation: drafted by the methodologist, edited, sent, downloaded as Word.
    testapp.reset()
    login(testapp, "method")
    school = testapp.get("/66/m1/s4/@@recommendation")
    assert "Кластер" in school.html.select_one("#cluster-title").text
    assert '<svg class="chart"' in school.text and "<script" not in school.text.split("</header>")[-1]
    drafted = school.forms["draft-form"].submit(status=303).follow()
    weak = [tr.select("td")[0].text for tr in drafted.html.select("#weak-table tr")[1:]]
    assert "Средний балл ЕГЭ" in weak and len(drafted.html.select("#similar li")) == 3
    form = drafted.forms["edit-form"]
    form["measures"] = form["measures"].value + "\nПровести педагогический совет по итогам анализа."
    form["conclusion"] = "Рекомендации согласованы с руководителем школы."
    edited = form.submit(status=303).follow()
    assert "Рекомендации сохранены." in edited.text and "Версия 2 (method" in edited.text
    sent = edited.forms["send-form"].submit(status=303).follow()
    assert "Рекомендации отправлены школе." in sent.text and "edit-form" not in sent.forms
    word = testapp.get("/66/m1/s4/recommendation.docx")
    assert word.content_type.endswith("wordprocessingml.document")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(word.body)).paragraphs)
    assert "АДРЕСНЫЕ РЕКОМЕНДАЦИИ" in text and "Провести педагогический совет" in text
    assert "Методистова Мария Ивановна" in "\n".join(c.text for t in docx.Document(io.BytesIO(word.body)).tables
                                                      for r in t.rows for c in r.cells)
    # The municipality's summary shows it sent.
    summary = testapp.get("/66/m1/@@analysis")
    states = {tr.select("td")[0].text: tr.select("td")[-1].text for tr in summary.html.select("#summary-table tr")[1:]}
    assert states[number[LOW]] == "отправлены" and states["Школа № 1 (66-1)"] == "не составлены"
    sheet = openpyxl.load_workbook(io.BytesIO(testapp.get(summary.html.select_one("#summary-xlsx")["href"]).body)).active
    by_code = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert by_code[LOW][4] == "отправлены" and "Провести педагогический совет" in by_code[LOW][5]
    assert "Средний балл ЕГЭ" in by_code[LOW][3] and by_code["66-1-1"][4] == "не составлены"
    # 7. The school's head takes the measures into the school's roadmap, once.
    testapp.reset()
    login(testapp, "head4")
    mine = testapp.get("/66/m1/s4/@@recommendation")
    assert "Провести педагогический совет" in mine.html.select_one("#measures-text").text
    taken = mine.forms["roadmap-form"].submit(status=303).follow()
    assert "В дорожную карту школы добавлено мероприятий: " in taken.text and "roadmap-form" not in taken.forms
    with edit(region) as site:
        plan = node(site, "66/m1/s4/roadmaps/plan")
        texts = [m.text for m in plan.measures.values()]
        assert "Провести педагогический совет по итогам анализа." in texts and not any(t[0].isdigit() for t in texts)


def test_the_open_statistics_need_no_log_in_and_show_no_people_and_no_flags(testapp, region, host):
    login(testapp, "region66")
    preview = upload(testapp, "/66/m1/", results_table(), "результаты-м1.csv").follow()
    preview.forms["confirm"].submit(status=303)
    testapp.get("/66/@@analysis").forms["cluster-form"].submit(status=303)
    testapp.reset()
    public = testapp.get("/open-statistics", {"region": "66"})
    assert public.status_int == 200
    headings = [tr.select("td")[0].text for tr in public.html.select("#open-table tr")[1:]]
    assert "Доля участников ВПР, достигших базового уровня (отметки «3», «4», «5»), %" in headings
    municipal = testapp.get("/open-statistics", {"region": "66", "municipality": "m1"})
    assert "Муниципалитет 66-1" in municipal.html.select_one("h1").text
    book = openpyxl.load_workbook(io.BytesIO(testapp.get(municipal.html.select_one("#xlsx-link")["href"]).body))
    cells = " ".join(str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row)
    for page in (public.text, municipal.text, cells):
        for title, login_ in people(region):
            assert title not in page and f">{login_}<" not in page
        assert "Школа №" not in page and "66-1-" not in page, "no school, no code"
        assert "необъектив" not in page.casefold() and "Резкий рост" not in page
    assert "Муниципалитет 66-1" in cells
    # Nothing else of the site opens without a log-in.
    assert testapp.get("/66/@@results", status=303).location.startswith("http://localhost/login")
    assert testapp.get("/66/@@analysis", status=303).location.startswith("http://localhost/login")
    assert re.search(r"Войти|Вход", testapp.get("/66/m1/s4/@@recommendation", status=303).follow().text)


def test_the_api_computes_proposes_changes_accepts_and_recommends(testapp, region, host):
    login(testapp, "region66")
    preview = upload(testapp, "/66/m1/", results_table(), "результаты-м1.csv").follow()
    preview.forms["confirm"].submit(status=303)
    csrf = {"X-CSRF-Token": testapp.get("/api/v1/session").json["csrf_token"]}
    api = "/api/v1/tree/66"
    # Nothing to propose before the clusters; then the clusters, the flags and the list.
    assert testapp.post_json(f"{api}/@@low-results-propose", {"year": YEAR + 1}, headers=csrf,
                             status=400).json["error"]["code"] == "low_results_invalid"
    clustering = testapp.post(f"{api}/@@results-clusters", headers=csrf).json
    # NB: no facts loaded: the schools differ by their type alone, three kinds of school, so no k above 3 is tried.
    assert clustering["k"] == 3 and [s["k"] for s in clustering["silhouettes"]] == [2, 3]
    analysis = testapp.get(f"{api}/@@results-analysis").json
    flagged = {f["school"] for m in analysis["flags"] for f in m["flags"]}
    assert flagged == {INFLATED, JUMP} and analysis["low_results"]["list"] is None
    listed = testapp.post_json(f"{api}/@@low-results-propose", {}, headers=csrf).json
    assert listed["year"] == YEAR + 1 and listed["codes"] == [LOW] and listed["proposed"][0]["evidence"]
    bad = testapp.post_json(f"{api}/@@low-results-change", {"code": "66-1-6", "include": True, "reason": ""},
                            headers=csrf, status=400).json["error"]
    assert bad["details"] == [{"message": "укажите причину изменения списка"}]
    listed = testapp.post_json(f"{api}/@@low-results-change", {"code": LOW, "include": False,
                                                               "reason": "Школа реорганизуется"}, headers=csrf).json
    assert listed["codes"] == [] and listed["changes"][0]["actor"] == "region66"
    assert testapp.post_json(f"{api}/@@low-results-accept", {}, headers=csrf,
                             status=400).json["error"]["message"] == "В списке нет ни одной школы: принимать нечего."
    testapp.post_json(f"{api}/@@low-results-change", {"code": LOW, "include": True, "reason": "Решение совета"},
                      headers=csrf)
    accepted = testapp.post_json(f"{api}/@@low-results-accept", {}, headers=csrf).json
    assert accepted["accepted"] and accepted["enrolled"] == [LOW]
    # The operator is no methodologist: the recommendation is the methodologist's.
    assert testapp.post(f"{api}/m1/s4/@@recommendation-draft", headers=csrf).json["recommendation"]["weak"]
    testapp.reset()
    login(testapp, "head")
    # The school's head sees no draft, and takes no step of it.
    assert testapp.get(f"{api}/m1/s1/@@recommendation").json["recommendation"] is None
    csrf = {"X-CSRF-Token": testapp.get("/api/v1/session").json["csrf_token"]}
    testapp.post(f"{api}/m1/s1/@@recommendation-draft", headers=csrf, status=403)
    testapp.reset()
    public = testapp.get("/api/v1/open-statistics", {"region": "66", "municipality": "m1"}).json
    assert public["municipality_title"] == "Муниципалитет 66-1" and public["indicators"]
    assert "66-1-" not in str(public) and "flag" not in str(public)
    testapp.get("/api/v1/open-statistics", {"region": "66", "municipality": "m9"}, status=404)
    # The methodologist sends; the head takes the measures into the school's roadmap, once.
    login(testapp, "method")
    csrf = {"X-CSRF-Token": testapp.get("/api/v1/session").json["csrf_token"]}
    year = testapp.get(f"{api}/m1/s4/@@recommendation").json["recommendation"]["year"]
    testapp.post_json(f"{api}/m1/s4/@@recommendation-send", {"year": year}, headers=csrf)
    testapp.reset()
    login(testapp, "head4")
    csrf = {"X-CSRF-Token": testapp.get("/api/v1/session").json["csrf_token"]}
    added = testapp.post_json(f"{api}/m1/s4/@@recommendation-roadmap", {"year": year, "roadmap": "plan"},
                              headers=csrf).json["added"]
    assert added and all(not a["text"][0].isdigit() for a in added)
    again = testapp.post_json(f"{api}/m1/s4/@@recommendation-roadmap", {"year": year, "roadmap": "plan"},
                              headers=csrf, status=400).json["error"]
    assert again["message"] == "Меры этих рекомендаций уже перенесены в дорожную карту."


def test_the_steps_before_their_time_are_refused_in_russian_and_change_nothing(testapp, region):
    login(testapp, "region66")
    page = testapp.get("/66/@@analysis", {"year": "абв"})
    assert "Кластеры ещё не рассчитаны" in page.text and "propose-form" not in page.forms
    csrf = testapp.get("/api/v1/session").json["csrf_token"]
    for name in ("analysis-cluster", "low-results-propose", "low-results-accept"):
        answer = testapp.post(f"/66/@@{name}", {"csrf_token": csrf, "year": "2030"}, status=400)
        assert answer.html.select_one("#error").text.strip()
    answer = testapp.post("/66/@@low-results-change", {"csrf_token": csrf, "year": "2030", "code": LOW,
                                                       "include": "1", "reason": "Проверка"}, status=400)
    assert "Списка на 2030 год ещё нет" in answer.text
    testapp.get("/66/m1/s4/recommendation.docx", status=404)
    testapp.get("/66/m1/recommendations.xlsx", status=404)
    with edit(region) as site:
        assert site.services.get("results") is None or site.services["results"].get("66") is None

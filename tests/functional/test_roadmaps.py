"""Roadmaps on the web and in the API: upload, preview, confirm, the roadmap by section; who may; bad files."""
import base64
import io

import openpyxl
import pytest
from jsonschema import Draft202012Validator

from core import roadmaps
from core.api.spec import SPEC
from tests.factories import csrf, edit, login, valid_pdf
from tests.functional.test_api import api_login
from tests.functional.test_node_links import links_of
from tests.roadmap_seeds import Grid, Para, build_docx, seed_docx, seed_filename

RSOKO = seed_filename(2)


def upload(testapp, path, number=None, data=None, filename=None, status=200):
    """The upload form of ``path`` submitted with a seed (or ``data``): the preview page."""
    form = testapp.get(f"{path}/@@import-roadmap").forms["upload-form"]
    form["file"] = (filename or seed_filename(number), data if data is not None else seed_docx(number))
    return form.submit("preview", status=status)


def stored(db, path):
    with edit(db) as site:
        node = site
        for name in filter(None, path.split("/")):
            node = node[name]
        return [(r.__name__, r.title, len(r)) for r in roadmaps.roadmaps_of(node)]


def test_regional_operator_uploads_previews_and_confirms_the_regions_roadmap(testapp, tree):
    login(testapp, "region66")
    links = links_of(testapp.get("/66/"))
    page = testapp.get(links["Дорожные карты"])
    assert "Дорожных карт пока нет" in page.text
    assert page.html.select_one("#import-roadmap")["href"].endswith("/66/@@import-roadmap")
    preview = upload(testapp, "/66", 2)
    assert "Предпросмотр" in preview.text and preview.html.select_one("#measure-count").text == "446"
    rows = preview.html.select("table.understood tr")[1:5]
    columns = [(tr.select("td")[0].text, tr.select("td")[1].text) for tr in rows]
    assert columns == [("ГОД", "Год"), ("Региональный уровень", "Региональный уровень"),
                       ("Муниципальный уровень", "Муниципальный уровень"), ("Уровень ОО", "Уровень ОО")]
    assert "Строки, продолженные после разрыва страницы (30)" in preview.text
    assert "Система профориентации" in preview.text and "Год, указанный один раз" in preview.text
    assert stored(tree, "/66") == []  # a preview stores nothing

    page = preview.forms["confirm-form"].submit("confirm", status=303).follow()
    assert "создана: новых мероприятий 446" in page.text
    assert page.html.select_one("h1").text.startswith("К проекту Дорожной карты")
    sections = [a.text for a in page.html.select("nav.sections a")]
    assert sections[0] == "Система оценки качества подготовки обучающихся (160)" and len(sections) == 8
    assert len(page.html.select("li.measure")) == 446
    assert not page.html.select("li.measure table")  # cards, readable on a phone, not a wide table
    [(name, _, count)] = stored(tree, "/66")
    assert count == 446

    school_2020 = testapp.get(f"/66/roadmaps/{name}/?level=school&year=2020")
    cards = school_2020.html.select("li.measure")
    assert cards and all("Уровень ОО" in c.text and "2020" in c.text for c in cards)
    assert len(cards) < 446


def test_the_same_file_again_changes_nothing(testapp, tree):
    login(testapp, "region66")
    upload(testapp, "/66", 2).forms["confirm-form"].submit("confirm", status=303)
    last = tree.lastTransaction()
    preview = upload(testapp, "/66", 2)
    target = preview.html.select_one("#into option[selected]")
    assert target["value"] == ""  # found by the file itself
    page = preview.forms["confirm-form"].submit("confirm", status=303).follow()
    assert "уже содержит этот файл: ничего не изменилось (446 мероприятий)" in page.text
    assert tree.lastTransaction() == last
    assert len(stored(tree, "/66")) == 1


@pytest.mark.parametrize("user, path, number", [
    ("federal", "", 0), ("coordinator", "/66/m1", 4), ("head", "/66/m1/s1", 3), ("region66", "/66", 1)])
def test_each_authority_imports_its_own_roadmap(testapp, tree, user, path, number):
    login(testapp, user)
    assert "Загрузить дорожную карту" in testapp.get(f"{path}/@@roadmaps").text
    upload(testapp, path, number).forms["confirm-form"].submit("confirm", status=303)
    [(_, _, count)] = stored(tree, path or "/")
    assert count == {0: 76, 1: 7, 3: 9, 4: 28}[number]


@pytest.mark.parametrize("user, path, message", [
    # who may see the authority is told who imports there
    ("region66", "/66/m1", "Дорожную карту муниципалитета загружает муниципальный координатор."),
    ("federal", "/66", "Дорожную карту региона загружает региональный оператор."),
    ("curator", "/66/m1/s1", "Дорожную карту школы загружает её руководитель."),
    ("coordinator", "/66/m1/s1", "Дорожную карту школы загружает её руководитель."),
    # who may not is told no more than that
    ("coordinator", "/66", "Доступ запрещён"),
    ("region66", "", "Доступ запрещён"),
])
def test_only_the_authoritys_own_operator_imports(testapp, tree, user, path, message):
    login(testapp, user)
    page = testapp.get(f"{path}/@@import-roadmap", status=403)
    assert message in page.text
    token = csrf(testapp)
    page = testapp.post(f"{path}/@@import-roadmap", {"csrf_token": token},
                        upload_files=[("file", RSOKO, seed_docx(2))], status=403)
    assert message in page.text
    assert stored(tree, path or "/") == []


def test_who_cannot_see_the_authority_cannot_see_its_roadmaps(testapp, tree):
    login(testapp, "region66")
    upload(testapp, "/66", 1).forms["confirm-form"].submit("confirm", status=303)
    [(name, _, _)] = stored(tree, "/66")
    testapp.reset()
    login(testapp, "nobody")
    testapp.get("/66/@@roadmaps", status=403)
    testapp.get(f"/66/roadmaps/{name}/", status=403)
    testapp.reset()
    login(testapp, "coordinator")
    page = testapp.get("/66/m1/@@roadmaps")
    assert "Загрузить дорожную карту" in page.text and "Дорожных карт пока нет" in page.text


def _docx(*blocks):
    return build_docx(list(blocks))


BAD_FILES = [
    ("roadmap.pdf", valid_pdf(), "не принят"),
    ("roadmap.docx", valid_pdf(), "по содержимому это PDF"),
    ("roadmap.docx", _docx(Para("Дорожная карта без таблицы")), "в документе нет таблиц"),
    ("roadmap.docx", _docx(Grid([["Фамилия", "Имя", "Должность"], ["Иванов", "Иван", "директор"]])),
     "Таблица 1: не найдена строка заголовков"),
    ("roadmap.docx", _docx(Grid([["Сроки", "Мероприятие", "Ответственный"], ["Май 2022", "", "Иванов И. И."]])),
     "Таблица 1, строка 2: нет текста мероприятия"),
    ("roadmap.docx", _docx(Grid([["ГОД", "Региональный уровень", "Уровень ОО"], ["первый год", "Анализ", "-"]])),
     "Таблица 1, строка 2: «первый год» в столбце «Год» — не год"),
    ("roadmap.xlsx", b"PK\x03\x04 not a book", "повреждён или не читается"),
]


@pytest.mark.parametrize("filename, data, message", BAD_FILES, ids=[b[2][:30] for b in BAD_FILES])
def test_a_bad_file_is_refused_naming_the_table_and_row_and_nothing_is_written(testapp, tree, filename, data,
                                                                               message):
    login(testapp, "region66")
    page = upload(testapp, "/66", data=data, filename=filename, status=400)
    assert message in page.html.select_one("#errors").text
    assert "confirm-form" not in page.forms
    assert stored(tree, "/66") == []


def test_a_file_with_errors_is_refused_even_when_confirmed_by_hand(testapp, tree):
    login(testapp, "region66")
    bad = _docx(Grid([["Сроки", "Мероприятие", "Ответственный"], ["Май 2022", "", "Иванов И. И."]]))
    page = testapp.post("/66/@@import-roadmap", {"csrf_token": csrf(testapp), "confirm": "1",
                                                 "data": base64.b64encode(bad).decode(), "filename": "bad.docx"},
                        status=400)
    assert "нет текста мероприятия" in page.text and stored(tree, "/66") == []
    page = testapp.post("/66/@@import-roadmap", {"csrf_token": csrf(testapp), "confirm": "1", "data": "не base64!",
                                                 "filename": "bad.docx"}, status=400)
    assert "Форма устарела или файл пуст" in page.text
    page = testapp.post("/66/@@import-roadmap", {"csrf_token": csrf(testapp)}, status=400)
    assert "Выберите файл дорожной карты" in page.text
    assert stored(tree, "/66") == []


def test_an_unreadable_period_is_shown_and_kept_as_written(testapp, tree):
    login(testapp, "region66")
    data = _docx(Grid([["№", "Мероприятие", "Срок"], ["1.", "Семинар", "когда-нибудь весной"],
                       ["2.", "Совещание", "до 30 марта 2022"]]))
    preview = upload(testapp, "/66", data=data, filename="план.docx")
    assert "Сроки, которые не удалось распознать (1)" in preview.text
    assert "«когда-нибудь весной»" in preview.html.select_one("#unparsed").find_next("ul").text
    page = preview.forms["confirm-form"].submit("confirm", status=303).follow()
    unparsed = page.html.select_one(".measure-period.unparsed")
    assert unparsed.text == "когда-нибудь весной"


def validate(body, name):
    Draft202012Validator({"$ref": f"#/components/schemas/{name}", "components": SPEC["components"]}).validate(body)


def test_the_api_previews_imports_and_reads_a_roadmap(testapp, tree):
    token = api_login(testapp, "region66")
    headers = {"X-CSRF-Token": token}
    data = seed_docx(2)
    res = testapp.post("/api/v1/tree/66/@@roadmaps", {"preview": "true"},
                       upload_files=[("file", RSOKO, data)], headers=headers, status=200)
    body = res.json
    validate(body, "RoadmapImport")
    assert body["preview"] is True and len(body["measures"]) == 446 and body["problems"] == []
    assert body["measures"][0] == {
        "number": None, "period": None, "level": "region", "section": "Система оценки качества подготовки обучающихся",
        "year": 2019, "result": None, "indicator": None, "responsible": None, "participants": None, "notes": None,
        "table": 1, "row": 2, "text": body["measures"][0]["text"]}
    assert len([m for m in body["merged"] if m["kind"] == "continuation"]) == 30
    assert testapp.get("/api/v1/tree/66/@@roadmaps").json == {"roadmaps": [], "may_import": True}

    res = testapp.post("/api/v1/tree/66/@@roadmaps", {"title": "РСОКО"}, upload_files=[("file", RSOKO, data)],
                       headers=headers, status=201)
    validate(res.json, "RoadmapImport")
    assert res.json["report"]["added"] == 446 and res.json["roadmap"]["title"] == "РСОКО"
    path = res.json["roadmap"]["path"]
    again = testapp.post("/api/v1/tree/66/@@roadmaps", {}, upload_files=[("file", RSOKO, data)],
                         headers=headers, status=200).json
    assert again["report"]["unchanged"] == 446 and not again["report"]["created"]
    # the same document saved again (another file) is known by its own title, whatever the roadmap is called
    resaved = testapp.post("/api/v1/tree/66/@@roadmaps", {}, upload_files=[("file", RSOKO, seed_docx(2))],
                           headers=headers, status=200).json
    assert resaved["roadmap"]["path"] == path and resaved["report"]["unchanged"] == 446

    node = testapp.get(f"/api/v1/tree{path}").json
    validate(node, "Node")
    assert node["node"]["type"] == "roadmap" and len(node["roadmap"]["measures"]) == 446
    assert [s["title"] for s in node["roadmap"]["sections"]][-1] == "Система профориентации"
    uids = {m["uid"] for m in node["roadmap"]["measures"]}
    assert len(uids) == 446
    listed = testapp.get("/api/v1/tree/66/@@roadmaps").json["roadmaps"]
    assert [(r["title"], r["measures_count"]) for r in listed] == [("РСОКО", 446)]


def test_the_api_refuses_a_bad_file_and_a_stranger(testapp, tree):
    token = api_login(testapp, "region66")
    bad = _docx(Grid([["Сроки", "Мероприятие", "Ответственный"], ["Май 2022", "Семинар", "Иванов"],
                      ["Июнь 2022", "", "Петров"]]))
    err = testapp.post("/api/v1/tree/66/@@roadmaps", {}, upload_files=[("file", "bad.docx", bad)],
                       headers={"X-CSRF-Token": token}, status=400).json["error"]
    assert err["code"] == "roadmap_invalid"
    assert err["details"] == [{"message": "Таблица 1, строка 3: нет текста мероприятия (столбец «Мероприятие» пуст)."}]
    err = testapp.post("/api/v1/tree/66/@@roadmaps", {}, headers={"X-CSRF-Token": token}, status=400).json["error"]
    assert err["details"] == [{"field": "file", "message": "обязательное поле"}]
    token = api_login(testapp, "federal")
    err = testapp.post("/api/v1/tree/66/@@roadmaps", {"preview": "true"},
                       upload_files=[("file", RSOKO, seed_docx(2))],
                       headers={"X-CSRF-Token": token}, status=403).json["error"]
    assert err["code"] == "roadmap_forbidden"
    assert err["message"] == "Дорожную карту региона загружает региональный оператор."
    token = api_login(testapp, "coordinator")
    testapp.post("/api/v1/tree/66/@@roadmaps", {"preview": "true"}, upload_files=[("file", RSOKO, seed_docx(2))],
                 headers={"X-CSRF-Token": token}, status=403)
    assert stored(tree, "/66") == []


def test_the_federal_operator_finds_the_federal_roadmaps_on_the_home_page(testapp, tree):
    login(testapp, "federal")
    link = links_of(testapp.get("/"))["Дорожные карты"]
    assert link.endswith("/@@roadmaps")
    data = seed_docx(0)
    upload(testapp, "", data=data, filename=seed_filename(0)).forms["confirm-form"].submit("confirm", status=303)
    page = testapp.get(link)
    assert "Программа внедрения Целевой модели" in page.text
    roadmap = testapp.get(page.html.select_one("table.listing a")["href"])
    assert [a.text for a in roadmap.html.select("nav.sections a")] == [
        "Подготовительный этап (2021 год) (3)", "Этап пилотирования (2022 год) (30)",
        "Этап реализации 2023–2024 гг. (25)", "Этап масштабирования (развития и совершенствования) 2025–2030 гг. (18)"]
    source = roadmap.html.select_one("a[href*='@@source']")
    assert source.text == seed_filename(0) and testapp.get(source["href"]).body == data


def test_an_excel_sheet_is_read_like_the_word_table(testapp, tree):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["№", "Мероприятие", "Сроки", "Ответственные"])
    sheet.append(["1.", "Издание приказа о назначении ответственного", "август", "Руководитель ОО"])
    sheet.append(["2.", "Формирование графика аттестации педагогических", "август", "Ответственный"])
    sheet.append(["", "работников на учебный год", "", ""])  # cut by a page of the printout
    out = io.BytesIO()
    book.save(out)
    login(testapp, "head")
    preview = upload(testapp, "/66/m1/s1", data=out.getvalue(), filename="циклограмма.xlsx")
    assert preview.html.select_one("#measure-count").text == "2"
    page = preview.forms["confirm-form"].submit("confirm", status=303).follow()
    assert "Формирование графика аттестации педагогических работников на учебный год" in page.text


def test_the_federal_roadmap_through_the_api_at_the_root(testapp, tree):
    token = api_login(testapp, "federal")
    data = seed_docx(0)
    body = testapp.post("/api/v1/tree/@@roadmaps", {}, upload_files=[("file", seed_filename(0), data)],
                        headers={"X-CSRF-Token": token}, status=201).json
    assert body["roadmap"]["authority"] == "/" and body["roadmap"]["level"] == "federal"
    node = testapp.get(f"/api/v1/tree{body['roadmap']['path']}").json["roadmap"]
    scaling = [m for m in node["measures"] if m["section_code"] == node["sections"][3]["code"]]
    assert len(scaling) == 18 and scaling[1]["period"]["first"] == "2025-02-20"
    assert scaling[1]["period"]["every"] == "year" and (scaling[1]["period"]["day"], scaling[1]["period"]["month"]) \
        == (20, 1)

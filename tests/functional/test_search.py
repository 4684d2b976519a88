"""Поиск: people find acts and documents they may see, in any form of a word, with filters."""
import datetime
import io

import pytest
from persistent import Persistent

from core.cases import fire, inspected_file
from tests.factories import edit, login, make_document, node
from tests.unit.docinspect_corpus import pdf_bytes

TEXT = ["Положение о школьной аттестационной комиссии.",
        "Комиссия проводит аттестацию педагогов <раз в пять лет> & ведёт протокол."]


class FakeAct(Persistent):
    """An act as the acts module will give it to search: the contract's members only."""

    search_type = "act"
    is_case = True

    def __init__(self, title, text, kind="order", status="published", date=None,
                 view=("regional_operator", "municipal_coordinator", "curator", "federal_operator")):
        self.title, self.text = title, text
        self.search_kind, self.search_status, self.search_date = kind, status, date
        self.view_roles = frozenset(view)

    def search_text(self):
        return self.text


# Who uploads a school's documents: its head (the ``tree`` fixture's users).
HEADS = {"66/m1/s1": "head", "66/m1/s2": "head2", "66/m1/s3": "head3"}


def document(host, site, path, name, title="Документ", lines=TEXT):
    return make_document(host, site, path, name=name, title=title, actor=HEADS[path], content=pdf_bytes(lines))


@pytest.fixture
def docs(tree, host):
    """The same attestation text in a school of the curator (s1) and in one it has no role in (s3);
    a programme in s2; an order of school s1 and one of the region, which the curator may not see."""
    with edit(tree) as site:
        document(host, site, "66/m1/s1", "mine", "Положение о комиссии")
        document(host, site, "66/m1/s3", "other", "Положение чужой школы")
        fire(host, document(host, site, "66/m1/s2", "programme", "Программа развития",
                            ["Программа развития школы на 2026 год.", "Аттестация учителей."]), "submit", "head2")
        node(site, "66/m1/s1").add("order-1", FakeAct("Приказ об аттестации", "Приказ о проведении аттестации.",
                                                       date=datetime.date(2026, 1, 15)))
        node(site, "66").add("order-2", FakeAct("Приказ региона", "Об аттестации в регионе.",
                                                 date=datetime.date(2026, 1, 20)))
    return tree


def hits(page):
    return [a.attrs["href"].replace("http://localhost", "") for a in page.html.select("li.result > a")]


def test_curator_finds_a_document_of_its_school_by_an_inflected_form(testapp, docs):
    login(testapp, "curator")
    page = testapp.get("/search", {"q": "аттестация"})
    assert "/66/m1/s1/mine/" in hits(page)
    assert "/66/m1/s3/other/" not in hits(page)
    assert sorted(hits(page)) == ["/66/m1/s1/mine/", "/66/m1/s1/order-1/", "/66/m1/s2/programme/"]


def test_a_regional_operator_finds_the_regions_order_and_every_school(testapp, docs):
    login(testapp, "region66")
    assert sorted(hits(testapp.get("/search", {"q": "аттестация"}))) == [
        "/66/m1/s1/mine/", "/66/m1/s1/order-1/", "/66/m1/s2/programme/", "/66/m1/s3/other/", "/66/order-2/"]


def test_the_head_of_another_school_sees_only_its_own(testapp, docs):
    login(testapp, "head3")
    assert hits(testapp.get("/search", {"q": "аттестационная комиссия"})) == ["/66/m1/s3/other/"]


def test_the_matched_passage_is_shown_highlighted_and_escaped(testapp, docs):
    login(testapp, "curator")
    page = testapp.get("/search", {"q": "аттестация педагогов", "authority": "/66/m1/s1"})
    passage = page.html.select_one("li.result p.passage")
    assert [m.text for m in passage.select("mark")] == ["аттестацию", "педагогов"]
    assert "&lt;раз в пять лет&gt; &amp; ведёт" in page.text
    assert "Свердловская область › Муниципалитет 66-1 › Школа № 1 (66-1)" in page.text
    assert "Черновик" in page.text


def test_filters_narrow_the_results(testapp, docs):
    login(testapp, "curator")

    def found(**filters):
        return sorted(hits(testapp.get("/search", {"q": "аттестации", **filters})))
    assert found(type="act") == ["/66/m1/s1/order-1/"]
    assert found(type="document", status="submitted") == ["/66/m1/s2/programme/"]
    assert found(authority="/66/m1/s1") == ["/66/m1/s1/mine/", "/66/m1/s1/order-1/"]
    assert found(authority="/66/m1/s3") == []
    assert found(date_to="2026-01-31") == ["/66/m1/s1/order-1/"]
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    assert found(date_from=today, type="document") == ["/66/m1/s1/mine/", "/66/m1/s2/programme/"]
    page = testapp.get("/search", {"q": "аттестации", "date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert "Дата «по» раньше даты «с»." in page.text


def test_an_empty_query_or_nothing_found_is_said_in_russian(testapp, docs):
    login(testapp, "curator")
    page = testapp.get("/search")
    assert "во всех формах слова" in page.text and not hits(page)
    assert "Введите слова для поиска." in testapp.get("/search", {"q": " ", "type": "act"}).text
    assert "Ничего не найдено" in testapp.get("/search", {"q": "космодром"}).text
    assert "только служебные слова" in testapp.get("/search", {"q": "и в на"}).text
    assert "только слова, которых не должно быть" in testapp.get("/search", {"q": "-приказ"}).text


def test_a_phrase_in_quotes_and_a_word_to_leave_out_narrow_the_results(testapp, docs):
    login(testapp, "region66")

    def found(q):
        return sorted(hits(testapp.get("/search", {"q": q})))
    assert found("аттестацию педагогов") == ["/66/m1/s1/mine/", "/66/m1/s3/other/"]
    assert found('"педагогов аттестацию"') == []
    assert found('"аттестация педагогов" -чужой') == ["/66/m1/s1/mine/"]
    assert found("аттестации -приказ -положение") == ["/66/m1/s2/programme/"]


def test_the_search_page_is_linked_from_every_page_and_needs_a_log_in(testapp, docs):
    assert "/login?came_from=" in testapp.get("/search", status=303).location
    login(testapp, "nobody")
    page = testapp.get("/tasks")
    assert 'href="/search"' in page.text
    assert hits(testapp.get("/search", {"q": "аттестация"})) == []


def test_results_are_paged_by_25(testapp, tree, host):
    with edit(tree) as site:
        region = node(site, "66")
        for n in range(30):
            region.add(f"order-{n}", FakeAct(f"Приказ № {n}", "О проведении аттестации " * (n + 1)))
    login(testapp, "region66")
    first = testapp.get("/search", {"q": "аттестация"})
    assert len(hits(first)) == 25 and "Найдено: 30, страница 1 из 2" in first.text
    second = first.click("вперёд")
    assert len(hits(second)) == 5 and not set(hits(first)) & set(hits(second))


def test_a_transition_and_a_new_file_are_searchable_at_once(testapp, docs, host):
    login(testapp, "curator")
    assert hits(testapp.get("/search", {"q": "аттестация", "status": "submitted", "type": "document"})) == [
        "/66/m1/s2/programme/"]
    with edit(docs) as site:
        fire(host, node(site, "66/m1/s1/mine"), "submit", "head")
        doc = node(site, "66/m1/s2/programme")
        doc.replace_file(inspected_file(host, "66", "school_document", io.BytesIO(
            pdf_bytes(["Отчёт о самообследовании."])), "report.pdf"))
    found = hits(testapp.get("/search", {"q": "аттестация", "status": "submitted", "type": "document"}))
    assert found == ["/66/m1/s1/mine/"]
    assert hits(testapp.get("/search", {"q": "самообследования"})) == ["/66/m1/s2/programme/"]


def test_the_api_answers_with_hits_and_passages(testapp, docs):
    login(testapp, "curator")
    body = testapp.get("/api/v1/search", {"q": "аттестационной", "type": "document",
                                          "authority": "/66/m1"}).json
    assert body["total"] == 2 and body["page"] == 1 and body["per_page"] == 25
    mine = next(r for r in body["results"] if r["path"] == "/66/m1/s1/mine")
    assert mine["type"] == "document" and mine["status"] == "draft" and mine["status_title"] == "Черновик"
    assert "<mark>аттестационной</mark>" in mine["passage"]
    assert datetime.date.fromisoformat(mine["date"])
    assert testapp.get("/api/v1/search", {"q": "приказ", "type": "act"}).json["results"][0]["date"] == "2026-01-15"
    assert testapp.get("/api/v1/search", {"q": "космодром"}).json["message"].startswith("Ничего не найдено")


def test_the_api_refuses_what_it_does_not_describe(testapp, docs):
    login(testapp, "curator")
    for params in ({}, {"q": "аттестация", "type": "letter"}, {"q": "аттестация", "date_from": "15.01.2026"},
                   {"q": "аттестация", "page": "0"}):
        assert testapp.get("/api/v1/search", params, status=400).json["error"]["code"] == "validation"
    err = testapp.get("/api/v1/search", {"q": "а", "date_from": "2026-02-30"}, status=400).json["error"]
    assert err["details"][0]["field"] == "date_from"
    testapp.reset()
    assert testapp.get("/api/v1/search", {"q": "аттестация"}, expect_errors=True).status_int in (401, 403)

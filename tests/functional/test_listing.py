"""Listings: paged, sorted, filterable; a big municipality never renders all at once."""
import re

import pytest

from core.resources import Municipality, Region, School
from tests.factories import edit, login, make_user


@pytest.fixture
def big(db, hasher):
    """A municipality with 500 schools and a coordinator."""
    kinds = ("urban", "rural", "small")
    with edit(db) as site:
        muni = site.add("66", Region("66", "Свердловская область")).add("ekb", Municipality("ekb", "Екатеринбург"))
        for n in range(1, 501):
            muni.add(f"s{n:03d}", School(f"s{n:03d}", f"Школа № {n}" + (" имени Пушкина" if n % 50 == 0 else ""),
                                          kinds[n % 3]))
        make_user(site, "coordinator", hasher, [("municipal_coordinator", "66/ekb")])
    return db


def rows(page):
    return re.findall(r'<td><a href="http://localhost/66/ekb/(s\d+)/">', page.text)


def test_a_municipality_with_500_schools_is_shown_a_page_at_a_time(testapp, big):
    login(testapp, "coordinator")
    page = testapp.get("/66/ekb/")
    assert len(rows(page)) == 25
    assert "Страница 1 из 20 (всего 500)" in page.text
    assert len(rows(testapp.get("/66/ekb/?page=20"))) == 25
    assert rows(testapp.get("/66/ekb/?page=999")) == []


def test_schools_are_sorted_by_title_or_code_both_ways(testapp, big):
    login(testapp, "coordinator")
    assert rows(testapp.get("/66/ekb/?sort=code"))[:3] == ["s001", "s002", "s003"]
    assert rows(testapp.get("/66/ekb/?sort=code&order=desc"))[:3] == ["s500", "s499", "s498"]
    titles = re.findall(r'/">(Школа[^<]*)</a>', testapp.get("/66/ekb/?sort=title").text)
    from core.catalog import natural_key
    assert titles == sorted(titles, key=natural_key)
    assert titles[:3] == ["Школа № 1", "Школа № 2", "Школа № 3"]


def test_schools_are_filtered_by_type_and_by_words_of_the_title(testapp, big):
    login(testapp, "coordinator")
    page = testapp.get("/66/ekb/?type=small")
    assert "всего 167" in page.text
    page = testapp.get("/66/ekb/", {"q": "пушкин"})
    assert len(rows(page)) == 10
    page = testapp.get("/66/ekb/", {"q": "пушкин", "type": "urban"})
    assert sorted(rows(page)) == ["s150", "s300", "s450"]
    assert "Ничего не найдено" in testapp.get("/66/ekb/", {"q": "лермонтов"}).text


def test_breadcrumbs_lead_back_up_the_tree(testapp, big):
    login(testapp, "coordinator")
    page = testapp.get("/66/ekb/s001/")
    crumbs = page.html.select_one(".crumbs").get_text(" ", strip=True) if hasattr(page, "html") else page.text
    assert "Российская Федерация" in crumbs and "Екатеринбург" in crumbs and "Школа № 1" in crumbs
    assert 'href="http://localhost/66/ekb/"' in page.text
    assert 'href="http://localhost/66/"' not in page.text.split("<main>")[1].split("</div>")[0]


def test_the_pages_of_a_listing_follow_each_other_without_gaps_in_both_orders(testapp, big):
    from core.catalog import natural_key
    login(testapp, "coordinator")
    for order in ("asc", "desc"):
        seen = []
        for page in range(1, 21):
            text = testapp.get(f"/66/ekb/?sort=title&order={order}&page={page}").text
            seen += re.findall(r'/">(Школа[^<]*)</a>', text)
        assert len(seen) == 500 == len(set(seen))
        assert seen == sorted(seen, key=natural_key, reverse=order == "desc")


@pytest.fixture
def named(big):
    """The ``big`` municipality with a school named as the registers write it, brackets and all."""
    with edit(big) as site:
        site["66"]["ekb"].add("s501", School("s501", "МАОУ СОШ № 1 (Екатеринбург)", "urban"))
    return big


def test_a_filter_finds_a_school_by_its_name_with_brackets_on_the_page_and_in_the_api(testapp, named):
    login(testapp, "coordinator")
    page = testapp.get("/66/ekb/", params={"q": "СОШ (Екатеринбург)"})
    assert rows(page) == ["s501"]
    body = testapp.get("/api/v1/tree/66/ekb", params={"q": "СОШ (Екатеринбург)"}).json
    assert [child["path"] for child in body["children"]] == ["/66/ekb/s501"] and body["total"] == 1


@pytest.mark.parametrize("q", ['"СОШ', "СОШ -1", "*", "NOT (", "Екатеринбург)", "№ 1 \"(\"", "AND OR NOT"])
def test_no_text_in_a_filter_or_the_search_answers_with_a_server_error(testapp, named, q):
    login(testapp, "coordinator")
    for url in ("/66/ekb/", "/api/v1/tree/66/ekb", "/search", "/api/v1/search"):
        assert testapp.get(url, params={"q": q}, expect_errors=True).status_int in (200, 400)


def test_a_filter_with_no_word_in_it_is_a_400_with_a_russian_message(testapp, named):
    login(testapp, "coordinator")
    page = testapp.get("/66/ekb/", params={"q": "()"}, status=400)
    assert "нет ни одного слова" in page.html.find(id="listing-error").text
    assert page.html.select_one("form.filters input[name=q]")["value"] == "()"
    error = testapp.get("/api/v1/tree/66/ekb", params={"q": "()"}, status=400).json["error"]
    assert error["code"] == "validation" and "нет ни одного слова" in error["message"]
    assert error["details"] == [{"field": "q", "message": error["message"]}]


@pytest.mark.parametrize("asked", ["abc", "0", "-3", "1.5", ""])
def test_a_page_number_that_is_none_shows_the_first_page_and_the_api_names_it(testapp, big, asked):
    login(testapp, "coordinator")
    first = rows(testapp.get("/66/ekb/"))
    assert rows(testapp.get("/66/ekb/", params={"page": asked})) == first
    assert testapp.get("/66/ekb/@@acts", params={"page": asked}).status_int == 200
    assert testapp.get("/66/ekb/@@access", params={"journal": asked}).status_int == 200
    assert testapp.get("/search", params={"q": "Школа", "page": asked}).status_int == 200
    error = testapp.get("/api/v1/tree/66/ekb", params={"page": asked}, status=400).json["error"]
    assert error["code"] == "validation" and [d["field"] for d in error["details"]] == ["page"]

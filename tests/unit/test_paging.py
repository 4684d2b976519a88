"""One page of a long list: what the pages and the API ask for, and what they answer."""
from core.web.paging import Page, page_number


def test_anything_but_a_whole_number_from_one_asks_for_the_first_page():
    assert [page_number(v) for v in ("3", 3, "0", "-2", "abc", "1.5", "", None)] == [3, 3, 1, 1, 1, 1, 1, 1]


def test_a_page_knows_its_rows_its_neighbours_and_what_the_api_says_of_it():
    page = Page(2, 10)
    assert page.offset == 10 and page.rows(list(range(25))) == list(range(10, 20))
    assert page.count(25) == 3 and page.count(0) == 1
    assert page.neighbours(25, str) == ("1", "3") and page.neighbours(20, str) == ("1", None)
    assert Page(1, 10).neighbours(25, str) == (None, "2")
    assert page.body(25) == {"total": 25, "page": 2, "per_page": 10}


def test_a_page_beyond_the_list_is_its_last_one_where_a_list_clamps():
    assert Page(9, 10).within(25) == Page(3, 10) and Page(2, 10).within(0) == Page(1, 10)

"""Text typed into a listing's filter or the search box is taken literally: real school names have
brackets, quotes and dashes, and no text at all answers with a server error."""
import string

import pytest
import transaction
import ZODB
from hypothesis import given, settings
from hypothesis import strategies as st
from ZODB.DemoStorage import DemoStorage

from core.bootstrap import bootstrap
from core.catalog import Query, TextQueryRefused, title_query
from core.resources import Municipality, Region, School
from core.search.params import SearchParams
from core.search.passage import highlight, passage
from core.search.query import search
from tests.unit.test_search import REGION, Thing, index

NAMES = {"s1": "МАОУ СОШ № 1 (Екатеринбург)", "s2": 'МБОУ "Гимназия № 2"', "s3": "СОШ № 3 - филиал",
         "s4": "Лицей AND OR NOT", "s5": "Школа № 5 *экспериментальная*", "s6": "МАОУ СОШ № 10 (Берёзовский)"}
# What the query parser of the title index would have read as its syntax (and its key words).
SIGNS = list('()"-*?№«»')
KEY_WORDS = ["AND", "OR", "NOT"]


@pytest.fixture(scope="module")
def muni():
    """A municipality whose schools have names as they are written in the registers."""
    db = ZODB.DB(DemoStorage())
    conn = db.open()
    site = bootstrap(conn.root())
    muni = site.add("66", Region("66", "Свердловская область")).add("ekb", Municipality("ekb", "Екатеринбург"))
    for name, title in NAMES.items():
        muni.add(name, School(f"66-{name}", title, "urban"))
    transaction.commit()
    yield muni
    conn.close()
    db.close()


def found(muni, text):
    """The names of the schools a listing filter ``text`` keeps."""
    objs, total = Query(muni.__parent__.__parent__).children(muni, text=text, limit=100)
    assert total == len(objs)
    return sorted(o.__name__ for o in objs)


@pytest.mark.parametrize("text, expected", [
    ("СОШ (Екатеринбург)", ["s1"]), ("(Екатеринбург)", ["s1"]), ('"Гимназия', ["s2"]), ("- филиал", ["s3"]),
    ("Лицей AND OR NOT", ["s4"]), ("OR лицей", ["s4"]), ("*экспериментальная*", ["s5"]), ("СОШ (", ["s1", "s3", "s6"]),
    ("сош -филиал", ["s3"]), ("Берёзовский)", ["s6"]),
])
def test_a_filter_treats_brackets_quotes_dashes_and_key_words_as_parts_of_the_name(muni, text, expected):
    assert found(muni, text) == expected


@pytest.mark.parametrize("text", ["()", '"', "-", "*", "№", "« »", "(-*)"])
def test_a_filter_with_no_word_in_it_is_refused_in_russian(muni, text):
    with pytest.raises(TextQueryRefused, match="нет ни одного слова"):
        found(muni, text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=100))
def test_any_text_in_the_filter_is_found_or_refused_never_an_error(muni, text):
    try:
        found(muni, text)
    except TextQueryRefused as exc:
        assert "ни одного слова" in str(exc)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_words_of_a_name_between_any_signs_find_that_school(muni, data):
    name = data.draw(st.sampled_from(sorted(NAMES)))
    words = [w for w in title_query(NAMES[name]).replace("*", "").split()]
    chosen = data.draw(st.lists(st.sampled_from(words), min_size=1, max_size=4))
    signs = st.text(alphabet=SIGNS + list(string.whitespace), min_size=1, max_size=3)
    text = "".join(data.draw(signs) + word for word in chosen) + data.draw(signs)
    assert name in found(muni, text)


@pytest.fixture(scope="module")
def catalog():
    """A search catalog of three documents whose text is full of the signs the query reads."""
    from core.catalog import make_catalog
    cat = make_catalog()
    cat["ancestors"].discriminator = lambda obj, default: obj._ancestors
    index(cat, Thing("Положение об аттестации педагогов «МАОУ СОШ № 1 (Екатеринбург)»"),
          Thing('Приказ об аттестации "педагогических" работников - и педагогов'),
          Thing("Отчёт * о результатах (-) аттестации", title="Отчёт (2026) - «итоги»"))
    return cat


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(max_size=200),
                 st.lists(st.sampled_from(SIGNS + KEY_WORDS + ["аттестация", "педагогов", "сош", "и", "а*", "-и",
                                                               "аттест*", '"и', "«а»"]),
                          max_size=12).map(" ".join)))
def test_the_search_box_never_fails_on_any_text(catalog, text):
    hits = search(catalog, REGION, SearchParams(q=text))
    assert len(hits.docids) <= hits.total <= 3
    for shown in ("Положение (об) «аттестации»", 'Приказ "-" * педагогов'):
        passage(shown, hits.query)
        highlight(shown, hits.query)

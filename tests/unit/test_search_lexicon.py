"""Full-text search's words: the Russian lexicon, the query's parsing and parameters, the matched passages."""
import datetime

import pytest

from core.search.lexicon import STOP_WORDS, derive, make_lexicon, term_of, terms
from core.search.params import ParamError, SearchParams, parse_params
from core.search.passage import highlight, passage
from core.search.query import parse_query

# -- the lexicon ---------------------------------------------------------------

def test_every_form_of_attestation_is_one_term():
    forms = ["аттестация", "аттестации", "аттестацию", "аттестаций", "Аттестационной",
             "аттестационная", "АТТЕСТАЦИОННЫЙ", "аттестационные"]
    assert {term_of(w) for w in forms} == {"аттестац"}


def test_the_derivation_rule_joins_nouns_in_cija_and_their_adjectives_only():
    assert term_of("комиссия") == term_of("комиссионный")
    assert term_of("информация") == term_of("информационной")
    assert term_of("организационный") == term_of("организации")
    # a word that merely ends in -ион is left alone
    assert derive("регион") == "регион" and derive("миллион") == "миллион"
    assert term_of("регион") != term_of("рег")


def test_yo_and_ye_are_the_same_letter():
    assert terms("Учёт ёлок") == terms("учет елок")
    assert term_of("отчёт") == term_of("отчет")


def test_stop_words_and_single_letters_are_not_indexed_but_numbers_are():
    assert terms("и в на для не или а") == []
    assert terms("Приказ № 5 от 12.03.2026 о школе") == ["приказ", "5", "12", "03", "2026", "школ"]
    assert all(w == w.lower() and "ё" not in w for w in STOP_WORDS)


def test_words_are_split_on_anything_but_letters_and_digits():
    assert terms("научно-методический центр;школа_№1") == ["научн", "методическ", "центр", "школ", "1"]
    assert terms("x" * 41) == []


def test_the_stored_lexicon_gives_the_same_terms_as_the_module():
    lexicon = make_lexicon()
    text = "Аттестационная комиссия и учёт педагогов"
    lexicon.sourceToWordIds(text)
    assert sorted(lexicon.words()) == sorted(terms(text))


def test_a_text_that_overflows_the_stemmers_cache_is_stemmed_whole(monkeypatch):
    from core.search import lexicon as module
    monkeypatch.setattr(module, "CACHE_SIZE", 4)
    # the words of the first text are remembered; the second has more new words than room is left
    assert terms("педагоги школы") == ["педагог", "школ"]
    assert terms("педагоги школы учителя аттестация") == ["педагог", "школ", "учител", "аттестац"]
    assert terms("школы комиссии") == ["школ", "комисс"]


def test_a_query_keeps_terms_and_typed_prefixes():
    q = parse_query("Аттестация аттестации педагогов аттест* и")
    assert q.terms == ("аттестац", "педагог") and q.prefixes == ("аттест",)
    assert not parse_query("и в на")
    assert parse_query("ат*").terms == ("ат",)


def test_a_query_keeps_phrases_in_quotes_and_words_to_leave_out():
    q = parse_query('"Аттестация педагогов" комиссия -приказа «о порядке проведения»')
    assert q.terms == ("аттестац", "педагог", "комисс", "порядк", "проведен")
    assert q.phrases == (("аттестац", "педагог"), ("порядк", "проведен")) and q.excluded == ("приказ",)
    assert parse_query('"аттестация"').phrases == ()  # one word in quotes is that word
    assert not parse_query("-приказ")  # only words to leave out: nothing to look for


def test_parameters_are_read_leniently_but_bad_dates_are_refused():
    p = parse_params({"q": " аттестация ", "type": "nonsense", "sort": "date", "authority": "66/m1/",
                      "date_from": "2026-01-01"})
    assert p == SearchParams(q="аттестация", sort="date", authority="/66/m1",
                             date_from=datetime.date(2026, 1, 1))
    with pytest.raises(ParamError):
        parse_params({"date_from": "31.12.2026"})
    with pytest.raises(ParamError) as err:
        parse_params({"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert err.value.field == "date_to"


# -- passages --------------------------------------------------------------------

def test_the_passage_is_the_sentence_with_most_query_words_highlighted():
    text = ("Общие положения. Аттестация проводится раз в пять лет. "
            "Аттестационная комиссия рассматривает портфолио педагогов. Заключение.")
    html = passage(text, parse_query("аттестация педагогов"))
    assert html == ("<mark>Аттестационная</mark> комиссия рассматривает портфолио "
                    "<mark>педагогов</mark>.")


def test_the_passage_is_escaped_and_only_real_matches_are_marked():
    text = "Отчёт <script>alert(1)</script> об аттестате & аттестации."
    html = str(passage(text, parse_query("аттестация")))
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html
    assert html.count("<mark>") == 1 and "<mark>аттестации</mark>" in html
    assert str(highlight("Учёт <b>", parse_query("учет"))) == "<mark>Учёт</mark> &lt;b&gt;"


def test_a_long_sentence_is_cut_around_its_match_at_word_boundaries():
    text = "слово " * 200 + "аттестационной комиссии " + "другое " * 200
    html = str(passage(text, parse_query("аттестация"), width=120))
    assert html.startswith("…слово") and html.endswith("…")
    assert "<mark>аттестационной</mark>" in html and len(html) < 160
    assert passage("", parse_query("аттестация")) == ""
    assert str(passage("Без совпадений.", parse_query("аттестация"))) == "Без совпадений."


def test_the_words_a_transaction_met_are_remembered_only_while_it_lasts():
    import transaction
    import ZODB
    from ZODB.MappingStorage import MappingStorage
    db = ZODB.DB(MappingStorage())
    tm = transaction.TransactionManager()
    conn = db.open(transaction_manager=tm)
    try:
        tm.begin()
        lexicon = conn.root()["lexicon"] = make_lexicon()
        tm.commit()

        def stored(word):
            return lexicon._wids.get(word)

        tm.begin()
        first = lexicon.sourceToWordIds("аттестация педагогов")
        assert first == [stored("аттестац"), stored("педагог")]
        tm.abort()
        # the abort undid both words; a new transaction must not take their wids from memory
        tm.begin()
        assert stored("аттестац") is None
        again = lexicon.sourceToWordIds("школа педагогов")
        assert again == [stored("школ"), stored("педагог")] and len(set(again)) == 2
        savepoint = tm.savepoint()
        made = lexicon.sourceToWordIds("комиссия")
        savepoint.rollback()
        assert stored("комисс") is None
        # after the rollback the wid of «комиссия» is free again, and is not handed out twice
        other = lexicon.sourceToWordIds("приказ комиссия")
        assert other == [stored("приказ"), stored("комисс")] and len(set(other) | set(again)) == 4
        assert made[0] in other
        tm.commit()
        assert {lexicon._words[w] for w in other + again} == {"приказ", "комисс", "школ", "педагог"}
    finally:
        tm.abort()
        conn.close()
        db.close()

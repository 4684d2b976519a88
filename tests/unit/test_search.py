"""Full-text search: queries over a catalog, the indexes' upkeep, evolve steps (the words: test_search_lexicon)."""
import datetime

import pytest

from core.catalog import make_catalog
from core.search.lexicon import term_of
from core.search.params import SearchParams
from core.search.query import search

# -- queries over a catalog --------------------------------------------------------

class Thing:
    """An act-like object as the indexes see it (no tree needed)."""

    def __init__(self, text, type_="document", kind="school_document", status="draft",
                 date=datetime.date(2026, 3, 1), ancestors=("/", "/66"), view=("regional_operator",),
                 title="Документ"):
        self.title, self.text = title, text
        self.search_type, self.search_kind, self.search_status, self.search_date = type_, kind, status, date
        self.view_roles = frozenset(view)
        self.workflow_name = "x"
        self._ancestors = list(ancestors)

    def search_text(self):
        return self.text

    @property
    def workflow_state(self):
        # NB: as on documents and acts: the status a search filters by is the workflow state.
        return self.search_status


@pytest.fixture
def catalog():
    """A catalog (not in a site) whose ancestors come from the objects themselves."""
    cat = make_catalog()
    cat["ancestors"].discriminator = lambda obj, default: obj._ancestors
    return cat


def index(catalog, *things):
    for docid, thing in enumerate(things, 1):
        catalog.index_doc(docid, thing)


REGION = {"/66": {"regional_operator"}}


def test_search_finds_every_form_and_ranks_by_relevance(catalog):
    index(catalog, Thing("аттестация"), Thing("аттестационной комиссии и аттестации педагогов аттестация"),
          Thing("ничего общего"), Thing("педагог", ancestors=("/", "/24")))
    hits = search(catalog, REGION, SearchParams(q="Аттестации"))
    assert hits.total == 2 and hits.docids[0] == 2
    assert search(catalog, REGION, SearchParams(q="аттестация педагог")).docids == [2]
    assert search(catalog, REGION, SearchParams(q="аттестация незнакомоеслово")).total == 0
    assert search(catalog, REGION, SearchParams(q="аттест*")).total == 2


def test_a_phrase_finds_its_words_side_by_side_and_in_order_and_a_minus_leaves_a_word_out(catalog):
    index(catalog, Thing("Положение об аттестации педагогов школы"),
          Thing("Педагогов направить на курсы; аттестации не будет"),
          Thing("Приказ об аттестации педагогических работников и педагогов"),
          Thing("Приказ: аттестация педагогов в марте"))
    assert sorted(search(catalog, REGION, SearchParams(q="аттестация педагогов")).docids) == [1, 2, 3, 4]
    assert sorted(search(catalog, REGION, SearchParams(q='"аттестация педагогов"')).docids) == [1, 4]
    assert search(catalog, REGION, SearchParams(q='«аттестация педагогов» -приказ')).docids == [1]
    assert sorted(search(catalog, REGION, SearchParams(q="педагог* -положение")).docids) == [2, 3, 4]
    assert search(catalog, REGION, SearchParams(q='"педагогов аттестация"')).total == 0
    assert search(catalog, REGION, SearchParams(q="-приказ")).total == 0


def test_search_shows_only_what_the_grants_allow(catalog):
    index(catalog, Thing("аттестация", ancestors=("/", "/66", "/66/m1")),
          Thing("аттестация", ancestors=("/", "/24")),
          Thing("аттестация", ancestors=("/", "/66"), view=("curator",)),
          Thing("аттестация", ancestors=("/", "/54"), view=("authenticated",)))
    q = SearchParams(q="аттестация")
    assert sorted(search(catalog, REGION, q).docids) == [1, 4]
    assert sorted(search(catalog, {"/": {"regional_operator"}}, q).docids) == [1, 2, 4]
    assert sorted(search(catalog, {"/66": {"curator", "regional_operator"}}, q).docids) == [1, 3, 4]
    assert search(catalog, {}, q).docids == [4]


@pytest.mark.parametrize("few, lookup", [(0, 15), (10_000, 15), (0, 0), (0, 10_000)])
def test_what_may_be_viewed_among_a_querys_candidates_is_what_the_grants_allow_of_them(catalog, monkeypatch, few,
                                                                                       lookup):
    import random

    from core.search import query as module
    # NB: merged with the sets, or looked up one by one; what a role may not view taken out either way.
    monkeypatch.setattr(module, "FEW", few)
    monkeypatch.setattr(module, "LOOKUP", lookup)
    rng = random.Random(few + lookup)
    places = [("/", "/66", "/66/m1"), ("/", "/66", "/66/m2"), ("/", "/24"), ("/", "/54")]
    roles = ["regional_operator", "curator", "municipal_coordinator", "authenticated", "federal_operator"]
    index(catalog, *(Thing("текст", ancestors=rng.choice(places), view=rng.sample(roles, rng.randint(0, 3)))
                     for _ in range(200)))
    assert catalog["view_roles"].hidden_from("regional_operator") and catalog["view_roles"].hidden_from("curator") is None
    grants = [REGION, {"/": {"curator"}}, {"/66/m1": {"curator", "municipal_coordinator"}, "/24": {"curator"}}, {},
              {"/": {"federal_operator"}}, {"/66": {"regional_operator", "municipal_coordinator"}},
              {"/": {"federal_operator", "curator"}}]
    for grant in grants:
        for size in (0, 5, 60, 200):
            candidates = module.IF.Set(rng.sample(range(1, 201), size))
            expected = list(module.IF.intersection(module.visible(catalog, grant), candidates))
            assert list(module.visible_among(catalog, grant, candidates)) == expected


def test_a_document_shown_to_a_coordinator_by_a_transition_is_found_by_them_and_hidden_again_by_the_next(catalog):
    import types

    from core.catalog import TRANSITION_ATTRIBUTES
    viewers = catalog["view_roles"]
    draft = Thing("положение об аттестации", view=("regional_operator",))
    index(catalog, draft)
    coordinator, q = {"/66": {"municipal_coordinator"}}, SearchParams(q="аттестация")

    def move(view):
        # NB: as a transition reindexes: the roles it kept before the move given as the old values
        before = types.SimpleNamespace(**{TRANSITION_ATTRIBUTES["view_roles"]: draft.view_roles})
        draft.view_roles = frozenset(view)
        viewers.reindex_doc(1, draft, old=viewers.values_for(before))
    assert search(catalog, coordinator, q).docids == [] and 1 in viewers.hidden_from("municipal_coordinator")
    move(("regional_operator", "municipal_coordinator"))
    assert search(catalog, coordinator, q).docids == [1] and 1 not in viewers.hidden_from("municipal_coordinator")
    move(("curator",))
    assert search(catalog, coordinator, q).docids == [] and search(catalog, REGION, q).docids == []
    assert viewers.values_of(1) == {"curator", "!federal_operator", "!regional_operator", "!municipal_coordinator"}
    catalog.unindex_doc(1)
    assert viewers.values_of(1) == set()


def test_a_searchable_document_no_role_may_view_is_hidden_from_every_operator(catalog):
    index(catalog, Thing("аттестация", view=()), Thing("аттестация", view=("federal_operator",)))
    q = SearchParams(q="аттестация")
    assert search(catalog, {"/": {"federal_operator"}}, q).docids == [2]
    assert search(catalog, {"/": {"regional_operator", "municipal_coordinator"}}, q).docids == []


def test_a_filter_by_the_commonest_type_takes_out_the_other_types_and_what_has_none(catalog):
    untyped = Thing("аттестация", type_=None)
    index(catalog, *(Thing("аттестация") for _ in range(5)), Thing("аттестация", type_="act"), untyped)
    facets, q = catalog["search_facets"], SearchParams(q="аттестация", type="document")
    assert sorted(facets.others("type", "document")) == [6, 7]  # fewer than the five documents: taken out
    assert sorted(search(catalog, REGION, q).docids) == [1, 2, 3, 4, 5]
    assert search(catalog, REGION, SearchParams(q="аттестация", type="act")).docids == [6]
    assert search(catalog, REGION, SearchParams(q="аттестация")).total == 7


def test_filters_by_type_kind_status_authority_and_dates(catalog):
    index(catalog,
          Thing("приказ об аттестации", type_="act", kind="order", status="published",
                date=datetime.date(2026, 1, 10), ancestors=("/", "/66")),
          Thing("аттестация", date=datetime.date(2026, 2, 10), ancestors=("/", "/66", "/66/m1")),
          Thing("аттестация", status="submitted", date=datetime.date(2026, 3, 10),
                ancestors=("/", "/66", "/66/m2")),
          Thing("аттестация", type_="act", kind="order", status="draft", date=None))

    def found(**kw):
        return sorted(search(catalog, REGION, SearchParams(q="аттестация", **kw)).docids)
    assert found() == [1, 2, 3, 4]
    assert found(type="act") == [1, 4] and found(type="document") == [2, 3]
    assert found(type="act", status="published") == [1] and found(kind="order") == [1, 4]
    assert found(status="submitted") == [3]
    assert found(authority="/66/m1") == [2]
    assert found(date_from=datetime.date(2026, 2, 1)) == [2, 3]
    assert found(date_from=datetime.date(2026, 2, 1), date_to=datetime.date(2026, 2, 28)) == [2]
    # newest first; an undated act comes after the dated ones
    assert search(catalog, REGION, SearchParams(q="аттестация", sort="date")).docids == [3, 2, 1, 4]


def test_paging_is_done_after_filtering(catalog):
    index(catalog, *[Thing("аттестация " * (n + 1), ancestors=("/", "/66" if n % 2 else "/24"))
                     for n in range(60)])
    q = SearchParams(q="аттестация")
    pages = [search(catalog, REGION, q, offset=o, limit=25) for o in (0, 25, 50)]
    assert [p.total for p in pages] == [30, 30, 30]
    assert [len(p.docids) for p in pages] == [25, 5, 0]
    seen = pages[0].docids + pages[1].docids
    assert len(set(seen)) == 30 and all(d % 2 == 0 for d in seen)
    scores = [pages[0].scores[d] for d in pages[0].docids]
    assert scores == sorted(scores, reverse=True)


def test_the_best_scores_are_picked_in_a_stable_order_across_pages():
    from core.search.query import IF, _best
    scores = IF.Bucket({d: float(d % 37) for d in range(1, 1000)})
    expected = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    assert _best(scores, 25) == expected[:25]
    assert _best(scores, 50)[25:] == expected[25:50]
    assert _best(IF.Bucket({1: 1.0, 2: 3.0}), 25) == [(2, 3.0), (1, 1.0)]


def churn(text_index, rng, words, count, length, check, extra=()):
    """Index ``count`` texts of up to ``length`` of ``words`` (then the texts ``extra``), write half of the first
    anew, then take nine in ten of them out one by one: ``check()`` after each stage and each removal."""
    def text():
        return " ".join(rng.choices(words, k=rng.randint(1, length)))
    for docid in range(1, count + 1):
        text_index.index_text(docid, text())
    for docid, extra_text in enumerate(extra, count + 1):
        text_index.index_text(docid, extra_text)
    check()
    for docid in rng.sample(range(1, count + 1), count // 2):
        text_index.index_text(docid, text())
    check()
    for docid in rng.sample(range(1, count + 1), count * 9 // 10):
        text_index.unindex_now(docid)
        check()


def test_the_index_counts_each_words_documents_through_adds_reindexes_and_removals(catalog):
    import random
    rng = random.Random(7)
    words = ["аттестация", "педагог", "школа", "приказ", "комиссия", "отчёт", "план"]
    text_index = catalog["search_text"]
    index = text_index.index

    def check():
        for wid, docs in index._wordinfo.items():
            assert index.doc_frequency(wid) == len(docs)
        assert set(index._df) <= set(index._wordinfo)

    churn(text_index, rng, words, 80, 6, check)
    assert index.doc_frequency(index.lexicon.get_wid("незнакомоеслово") or -1) == 0
    # an index stored before the counts were kept is counted by the evolve step
    del index._df
    assert all(index.doc_frequency(wid) == len(docs) for wid, docs in index._wordinfo.items())
    index.count_words()
    check()


def test_a_sets_size_is_estimated_from_its_first_bucket_and_tree_nodes():
    from core.search.query import IF, _size
    assert _size(IF.Set(range(7))) == 7 and _size(IF.TreeSet()) == 0 and _size(IF.TreeSet(range(50))) == 50
    for count in (1_000, 30_000, 200_000):
        found = IF.TreeSet(range(count))
        assert count / 2 <= _size(found) <= count * 2
    assert _size(IF.BTree({d: 1.0 for d in range(10_000)})) >= 5_000


@pytest.mark.parametrize("few", [0, 10_000])
def test_scores_are_the_same_whether_few_candidates_are_looked_up_or_all_merged(catalog, monkeypatch, few):
    import random

    from core.search import query as module
    monkeypatch.setattr(module, "FEW", few)
    rng = random.Random(3)
    words = ["аттестация", "педагог", "школа", "приказ", "комиссия"] + [f"слово{n}" for n in range(30)]
    index(catalog, *(Thing(" ".join(rng.choices(words, k=rng.randint(2, 30)))) for _ in range(300)))
    for q in ("аттестация", "аттестация педагог", "школ* приказ", "комиссия -школа"):
        hits = search(catalog, REGION, SearchParams(q=q), limit=300)
        monkeypatch.setattr(module, "FEW", 10_000 - few)
        other = search(catalog, REGION, SearchParams(q=q), limit=300)
        monkeypatch.setattr(module, "FEW", few)
        assert hits.total == other.total > 0
        assert hits.docids == other.docids and hits.scores == other.scores


def test_the_evolve_step_moves_an_old_catalogs_search_sets_into_large_buckets(catalog):
    import random

    from BTrees.LFBTree import LFBTree, LFTreeSet

    from core.catalog import KeywordIndex
    from core.evolve import search_sets
    from core.leanindex import DocidSet, LeanKeywordIndex
    from core.search.indexes import FacetIndex, Postings, SearchDocids, ViewRolesIndex
    rng = random.Random(5)
    words = ["аттестация", "педагог", "школа", "приказ"]
    index(catalog, *(Thing(" ".join(rng.choices(words, k=5)), type_=rng.choice(["act", "document"]),
                           view=rng.sample(["regional_operator", "curator"], rng.randint(1, 2)))
                     for _ in range(400)))
    queries = [SearchParams(q="аттестация"), SearchParams(q="школа приказ", type="act"), SearchParams(q="педагог")]
    before = [(h.total, h.docids) for h in (search(catalog, REGION, q) for q in queries)]
    # as a catalog stored before step 24 holds them
    text = catalog["search_text"].index
    del text._df
    for wid, docs in list(text._wordinfo.items()):
        if type(docs) is not dict:
            text._wordinfo[wid] = LFBTree(docs)
    catalog["view_roles"].__class__, catalog["search_facets"].__class__ = LeanKeywordIndex, KeywordIndex
    for sets, cls in ((catalog["view_roles"]._fwd_index, DocidSet), (catalog["search_facets"]._fwd_index, LFTreeSet)):
        for key, docids in list(sets.items()):
            sets[key] = cls(docids)
    search_sets(catalog)
    assert type(catalog["view_roles"]) is ViewRolesIndex and type(catalog["search_facets"]) is FacetIndex
    assert {type(d) for d in catalog["view_roles"]._fwd_index.values()} == {SearchDocids}
    assert {type(d) for d in catalog["search_facets"]._fwd_index.values()} == {SearchDocids}
    assert {type(d) for d in text._wordinfo.values()} == {Postings}
    assert all(text.doc_frequency(wid) == len(docs) for wid, docs in text._wordinfo.items())
    assert [(h.total, h.docids) for h in (search(catalog, REGION, q) for q in queries)] == before
    # and what is filed from now on goes into the large sets
    index(catalog, *[Thing("аттестация")] * 401)
    assert type(catalog["search_text"].index._wordinfo[text.lexicon.get_wid("аттестац")]) is Postings


def test_objects_without_search_text_are_not_in_the_search_indexes(catalog):
    class School:
        title, workflow_name, _ancestors = "Школа аттестации", None, ["/"]
    catalog.index_doc(1, School())
    assert catalog["search_text"].indexed_count() == 0
    assert 1 not in catalog["search_facets"]._rev_index


def test_an_unchanged_text_is_not_run_through_the_stemmer_again(catalog, monkeypatch):
    thing = Thing("аттестация педагогов")
    catalog.index_doc(1, thing)
    calls = []
    index_doc = catalog["search_text"].index.index_doc
    monkeypatch.setattr(catalog["search_text"].index, "index_doc", lambda *a: calls.append(a) or index_doc(*a))
    thing.search_status = "submitted"
    catalog.reindex_doc(1, thing)
    assert calls == []
    thing.text = "положение о конкурсе"
    catalog.reindex_doc(1, thing)
    assert len(calls) == 1
    assert search(catalog, REGION, SearchParams(q="аттестация")).total == 0
    assert search(catalog, REGION, SearchParams(q="конкурсы", status="submitted")).docids == [1]
    catalog.unindex_doc(1)
    assert search(catalog, REGION, SearchParams(q="конкурс")).total == 0


# -- workflow and evolve -------------------------------------------------------------

def test_the_workflow_writes_who_may_view_in_each_state():
    from core.project500.workflows import OVERSEERS, document_review

    class Doc:
        file = object()
    doc = Doc()
    wf = document_review()
    wf.initialize(doc, "head")
    assert doc.view_roles == frozenset(OVERSEERS) | {"school_head"}
    wf.fire(doc, "submit", "head", {"school_head"})
    assert doc.view_roles == wf.view_roles("submitted")


def test_the_evolve_step_fills_view_roles_and_search_indexes_of_an_old_database(host):
    import transaction
    import ZODB
    from ZODB.DemoStorage import DemoStorage

    from core.evolve import evolve, latest
    from tests.factories import edit, make_document, make_tree
    db = ZODB.DB(DemoStorage())
    with edit(db) as site:
        make_tree(site, regions=("66",), munis=1, schools=1)
        make_document(host, site, "66/m1/s1", title="Положение об аттестации", actor=None)
        doc = site["66"]["m1"]["s1"]["doc"]
        # as it was stored before search: no view_roles, no search indexes
        del doc.view_roles
        for name in ("search_text", "search_facets", "search_date", "view_roles"):
            del site.services["catalog"][name]
        site.evolve_version = 4
    tm = transaction.TransactionManager()
    conn = db.open(transaction_manager=tm)
    try:
        with tm:
            site = conn.root()["oko"]
            assert evolve(site, echo=lambda *_: None) == list(range(5, latest() + 1)) and site.evolve_version == latest()
            hits = search(site.services["catalog"], {"/66/m1": {"municipal_coordinator"}},
                          SearchParams(q="аттестационный"))
            assert hits.total == 1
    finally:
        conn.close()
        db.close()


def test_the_benchmark_builds_and_searches_a_small_database(host):
    import random
    import time

    import transaction
    import ZODB
    from ZODB.DemoStorage import DemoStorage

    from core.search.results import search_page
    from tests.bench import search as bench
    rng = random.Random(1)
    writer = bench.Writer(rng, bench.vocabulary(rng, made_up=300))
    db = ZODB.DB(DemoStorage())
    try:
        _, words = bench.build(db, host, rng, writer, 300, time.perf_counter() + 60)
        assert words > 300
        tm = transaction.TransactionManager()
        conn = db.open(transaction_manager=tm)
        found = 0
        for user, params in bench.queries(rng, writer, 20):
            tm.begin()
            page = search_page(conn.root()["oko"], host, bench.USERS[user], params)
            tm.abort()
            found += page.total
            assert user == "federal" or all(r.path.startswith("/66/") for r in page.rows)
        assert found
        conn.close()
    finally:
        db.close()


def test_the_1m_benchmark_draws_real_russian_words_and_searches_its_catalog_within_the_grants():
    import random
    import time

    import ZODB
    from ZODB.DemoStorage import DemoStorage

    from core.search.lexicon import term_of
    from tests.bench import search_1m as bench
    rng = random.Random(1)
    lexemes = bench.lexemes(rng, bench.dictionary_words(take=20, depth=2))
    # every form of a lexeme is one index term, and the seeds' commonest words come first
    assert all(len({term_of(form) for form in forms}) == 1 for _, forms in lexemes[:500])
    assert len(lexemes) > 2000
    writer = bench.ZipfWriter(rng, lexemes)
    db = ZODB.DB(DemoStorage())
    try:
        _, words = bench.build(db, rng, writer, 1500, time.perf_counter() + 120, commit_every=500)
        assert words > 1000
        conn = db.open()
        ancestors = conn.root()["catalog"]["ancestors"]
        in_66 = set(ancestors._fwd_index["/66"])
        conn.close()
        asked = bench.queries(rng, writer, 60)
        samples, empty, totals = bench.run_queries(db, asked, 0)
        assert len(samples) == 60 and sum(totals) and empty < 60
        conn = db.open()
        for user, params in asked:
            if user == "regional":
                found = bench.search(conn.root()["catalog"], bench.USERS[user], params).docids
                assert set(found) <= in_66
        conn.close()
    finally:
        db.close()


@pytest.fixture
def few_leaders(monkeypatch):
    """Leaders of 8, read afresh below 3, of words of 20 documents: a few hundred documents go through every
    case of their upkeep."""
    from core.search import leaders
    monkeypatch.setattr(leaders, "LEADERS", 8)
    monkeypatch.setattr(leaders, "LEADERS_REFILL", 3)
    monkeypatch.setattr(leaders, "LEADERS_FROM", 20)
    return leaders


def test_a_common_words_leaders_are_its_best_postings_through_adds_reindexes_and_removals(catalog, few_leaders):
    import random
    rng = random.Random(11)
    words = ["аттестация", "педагог", "школа", "приказ", "комиссия"] + [f"слово{n}" for n in range(20)]
    text_index = catalog["search_text"]
    index = text_index.index
    seen, common = set(), set()

    def check():
        for wid, docs in index._wordinfo.items():
            pairs = index.leaders(wid)
            # NB: a word has leaders exactly while it is common
            assert (pairs is None) == (len(docs) < few_leaders.LEADERS_FROM)
            if pairs is None:
                continue
            common.add(wid)
            seen.add(len(pairs))
            assert list(pairs) == few_leaders.best_pairs(docs, len(pairs))
            assert min(few_leaders.LEADERS_REFILL, len(docs)) <= len(pairs) <= few_leaders.LEADERS
        assert set(index._leaders) <= set(index._wordinfo)

    # and a word of 15 documents: postings of its own, too few for leaders
    churn(text_index, rng, words, 300, 12, check, extra=["редкоеслово"] * 15)
    # every case was met: full leaders, fewer after removals, and a word's whole postings
    assert {few_leaders.LEADERS} < seen and min(seen) < few_leaders.LEADERS_REFILL + 1
    rare = index._wordinfo[index.lexicon.get_wid(term_of("редкоеслово"))]
    assert type(rare) is not dict and index.leaders(index.lexicon.get_wid(term_of("редкоеслово"))) is None
    # words that were common and are no more, as nine documents in ten were taken out
    assert any(wid in index._wordinfo and type(index._wordinfo[wid]) is not dict and index.leaders(wid) is None
               for wid in common)


def test_a_one_word_search_reads_the_best_from_the_leaders_as_a_walk_of_the_postings_would(catalog, few_leaders,
                                                                                           monkeypatch):
    import random

    from core.search.indexes import SearchCosineIndex
    rng = random.Random(5)
    words = ["аттестация", "педагог", "школа", "приказ"] + [f"слово{n}" for n in range(10)]
    index(catalog, *(Thing(" ".join(rng.choices(words, k=rng.randint(1, 20))), type_=rng.choice(["act", "document"]),
                           ancestors=("/", rng.choice(["/66", "/24"])), view=["regional_operator"])
                     for _ in range(400)))
    asked = [(q, grants, params) for q in ("аттестация", "школа", "слово3")
             for grants in (REGION, {"/": {"regional_operator"}})
             for params in ({}, {"type": "act"}, {"authority": "/66"})]
    read = []
    for q, grants, params in asked:
        pages = [search(catalog, grants, SearchParams(q=q, **params), offset=offset, limit=5) for offset in (0, 5, 60)]
        read.append([(h.total, h.docids, h.scores) for h in pages])
    monkeypatch.setattr(SearchCosineIndex, "leaders", lambda self, wid: None)
    walked = []
    for q, grants, params in asked:
        pages = [search(catalog, grants, SearchParams(q=q, **params), offset=offset, limit=5) for offset in (0, 5, 60)]
        walked.append([(h.total, h.docids, {d: pytest.approx(s, rel=1e-6) for d, s in h.scores.items()})
                       for h in pages])
    assert read == walked and all(page[0][1] for page in read)


def test_the_evolve_step_keeps_the_leaders_of_an_old_catalogs_common_words(catalog, few_leaders):
    from core.evolve import best_postings
    from core.search.leaders import Leaders
    index(catalog, *(Thing("аттестация педагогов" if n % 3 else f"аттестация слово{n % 7}") for n in range(300)))
    text = catalog["search_text"].index
    before = search(catalog, REGION, SearchParams(q="аттестация"))
    del text._leaders
    assert text.leaders(text.lexicon.get_wid("аттестац")) is None
    assert search(catalog, REGION, SearchParams(q="аттестация")).docids == before.docids

    class Site:
        services = {"catalog": catalog}
    best_postings(Site())
    assert {type(leaders) for leaders in text._leaders.values()} == {Leaders}
    common = {wid for wid, docs in text._wordinfo.items() if len(docs) >= few_leaders.LEADERS_FROM}
    assert set(text._leaders) == common and len(common) < len(text._wordinfo)
    assert search(catalog, REGION, SearchParams(q="аттестация")).docids == before.docids

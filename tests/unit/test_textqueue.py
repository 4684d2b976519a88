"""Text indexes written after the commit (core.textqueue): writers never collide on them, search stays fresh."""
import contextlib
import random

import pytest
import transaction
from hypatia.text import TextIndex

from core import acts, textqueue
from core.catalog import Query
from core.search.params import SearchParams
from core.search.query import search
from core.site import open_site
from tests.factories import edit, make_act, make_user

REGION = {"/66": {"regional_operator"}}


@pytest.fixture
def acts_tree(tree, hasher, host):
    """The ``tree``, a methodologist of region 66, and the region's register with one act in it."""
    with edit(tree) as site:
        make_user(site, "methodologist", hasher, [("methodologist", "66")])
        make_act(host, site["66"], title="Положение о комиссии")
    return tree


@contextlib.contextmanager
def two_connections(db):
    """Two connections to ``db``, each with its own transaction manager: two people at once."""
    managers = [transaction.TransactionManager() for _ in range(2)]
    conns = [db.open(transaction_manager=tm) for tm in managers]
    try:
        yield list(zip(managers, conns))
    finally:
        for tm, conn in zip(managers, conns):
            tm.abort()
            conn.close()


def found(site, words):
    """Titles of what a search for ``words`` finds, and of what the title filter of listings finds."""
    catalog, query = site.services["catalog"], Query(site)
    hits = search(catalog, REGION, SearchParams(q=words)).docids
    by_title = catalog["title_text"].applyContains(" ".join(w + "*" for w in words.split()))
    return {query.resolve(d).title for d in hits}, {query.resolve(d).title for d in by_title}


def test_two_people_drafting_acts_at_once_both_commit_and_both_are_found_after(acts_tree, host):
    random.seed(14)  # NB: docids are random; a fixed seed keeps every other index's buckets from splitting
    with two_connections(acts_tree) as [(tm1, c1), (tm2, c2)]:
        make_act(host, open_site(c1)["66"], title="Приказ о стажировке кураторов")
        make_act(host, open_site(c2)["66"], title="Приказ о стажировке экспертов")
        tm1.commit()
        tm2.commit()  # the same words' postings, written by both: a ConflictError when writers indexed text
    with edit(acts_tree) as site:
        catalog = site.services["catalog"]
        assert catalog["title_text"].pending_count() == 0 and catalog["search_text"].pending_count() == 0
        both = {"Приказ о стажировке кураторов", "Приказ о стажировке экспертов"}
        assert found(site, "стажировке") == (both, both)


def test_an_edit_is_searchable_as_soon_as_its_transaction_has_committed(acts_tree, host):
    with edit(acts_tree) as site:
        act = next(iter(acts.register_of(site["66"]).values()))
        acts.edit_act(host, act, {**act.current.variables, "quorum": "не менее двух третей"}, "methodologist")
        # NB: written after the commit: inside the transaction the index still holds the old text
        assert site.services["catalog"]["search_text"].pending_count() == 1
    with edit(acts_tree) as site:
        assert found(site, "двух третей") == ({"Положение о комиссии"}, set())


def test_what_a_dead_process_left_pending_is_indexed_by_the_next_commit_that_notes_text(
        acts_tree, host, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(textqueue, "_after_commit", lambda committed, db: None)  # the process dies after its commit
        with edit(acts_tree) as site:
            make_act(host, site["66"], title="Приказ о мониторинге")
    with edit(acts_tree) as site:
        assert site.services["catalog"]["search_text"].pending_count() == 1
        assert found(site, "мониторинге") == (set(), set())
        make_act(host, site["66"], title="Отчёт о мониторинге")
    with edit(acts_tree) as site:
        assert found(site, "мониторинге") == ({"Приказ о мониторинге", "Отчёт о мониторинге"},) * 2


def test_a_removed_object_leaves_the_text_indexes_at_the_next_drain(acts_tree, host):
    with edit(acts_tree) as site:
        make_act(host, site["66"], title="Приказ об отмене")
    with edit(acts_tree) as site:
        register = acts.register_of(site["66"])
        name = next(n for n, a in register.items() if a.title == "Приказ об отмене")
        register.remove(name)
    with edit(acts_tree) as site:
        assert found(site, "отмене") == (set(), set())
        assert site.services["catalog"]["title_text"].pending_count() == 0


def test_an_object_without_text_is_drained_once_and_noted_as_not_indexed(acts_tree):
    from core.resources import Folder
    with edit(acts_tree) as site:
        site["66"].add("untitled", Folder(""))
    with edit(acts_tree) as site:
        catalog = site.services["catalog"]
        docid = site.services["docmap"].docid_for("/66/untitled")
        assert docid in catalog["title_text"].not_indexed() and docid in catalog["search_text"].not_indexed()
        assert catalog["title_text"].pending_count() == catalog["search_text"].pending_count() == 0


def test_a_docid_noted_again_while_it_is_drained_stays_pending(db):
    with edit(db) as site:
        queue = site.services["queue"] = textqueue.PendingDocids()
        queue.add(1)
        queue.add(2)
    with two_connections(db) as [(tm1, c1), (tm2, c2)]:
        drainer = open_site(c1).services["queue"]
        drained = drainer.snapshot()
        drainer.forget(drained)
        writer = open_site(c2).services["queue"]
        writer.add(2)  # changed again after the drainer read it
        writer.add(3)
        tm1.commit()
        tm2.commit()
    with edit(db) as site:
        assert set(site.services["queue"].entries) == {2, 3}


def test_the_evolve_step_defers_an_old_database_s_text_indexes(acts_tree, host):
    from core.evolve import deferred_text_indexes
    with edit(acts_tree) as site:
        catalog = site.services["catalog"]
        catalog["title_text"].__class__ = TextIndex  # as stored before: hypatia's own, no queue
        del catalog["title_text"]._pending
        del catalog["search_text"]._pending
        catalog._p_changed = True
    with edit(acts_tree) as site:
        catalog = site.services["catalog"]
        assert type(catalog["title_text"]) is TextIndex
        make_act(host, site["66"], title="Приказ до обновления")  # indexed at once, as before
        assert catalog["search_text"].pending_count() == 0
        deferred_text_indexes(site)
    with edit(acts_tree) as site:
        catalog = site.services["catalog"]
        assert isinstance(catalog["title_text"], textqueue.DeferredTextIndex)
        make_act(host, site["66"], title="Приказ после обновления")
        assert catalog["title_text"].pending_count() == 1
    with edit(acts_tree) as site:
        both = {"Приказ до обновления", "Приказ после обновления"}
        assert found(site, "приказ обновления") == (both, both)

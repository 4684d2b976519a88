"""Full-text search at scale: 100,000 acts and documents with Russian text, and the p95 of a search.

The database is built fresh (FileStorage, development.ini's cache size)
through the real code: documents are ``core.resources.Document`` objects
put through the region's workflow and added with ``Folder.add``, so the
catalog indexes them as it does in production. Texts come from a
vocabulary of a few thousand lexemes — education terms and made-up words
with Russian endings — inflected by real paradigms and drawn with Zipf's
law, so posting lists are as long as in real documents. The one shortcut:
a document's ``File`` carries the extracted text but no blob (search reads
only the text; 100,000 blob files would measure the disk, not search).

The queries run in-process through ``core.search.results.search_page``,
the function the page and the API call (ranking, visibility, filters,
resolving the page of hits and finding their passages), without HTTP, each
in a transaction of its own as a request is. ``search_index_100k_s`` is the
time spent storing and indexing the 100,000 objects, not making up their texts.
"""
import datetime
import itertools
import random
import time

from persistent import Persistent

from tests.bench.support import BenchError, opened_db, percentile, temp_dir, zodb_uri

DOCUMENTS = 100_000
ACT_SHARE = 10  # one object in ten is an act of a region or a municipality
REGIONS = ("66", "24", "54")
MUNICIPALITIES, SCHOOLS = 8, 25
QUERIES, WARMUP = 200, 20
BUILD_TIMEOUT = 900
# NB: one transaction, as `oko import-orgs` does: 1.3 GB at most, and each commit
# rewrites every bucket of the common words' postings.
COMMIT_EVERY = 100_000
SEED = 2026

# -- a Russian-like vocabulary ------------------------------------------------------

F_A = ("а", "ы", "е", "у", "ой", "ам", "ами", "ах")
F_IA = ("ия", "ии", "ию", "ией", "ий", "иям", "иями", "иях")
M = ("", "а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах")
M_SOFT = ("ь", "я", "ю", "ем", "е", "и", "ей", "ям", "ями", "ях")
N_IE = ("ие", "ия", "ию", "ием", "ии", "ий", "иям", "иями", "иях")
ADJ = ("ый", "ая", "ое", "ые", "ого", "ой", "ому", "ым", "ыми", "ых", "ую")
ADJ_K = ("ий", "ая", "ое", "ие", "ого", "ой", "ому", "им", "ими", "их", "ую")
VERB = ("ет", "ют", "л", "ла", "ли", "ть")
VERB_I = ("ит", "ят", "ил", "ила", "или", "ить")

EDUCATION = [
    ("аттестац", F_IA), ("комисс", F_IA), ("организац", F_IA), ("информац", F_IA), ("квалификац", F_IA),
    ("категор", F_IA), ("концепц", F_IA), ("стратег", F_IA), ("компетенц", F_IA), ("методолог", F_IA),
    ("программ", F_A), ("школ", F_A), ("систем", F_A), ("работ", F_A), ("оценк", F_A), ("методик", F_A),
    ("задач", F_A), ("групп", F_A), ("нагрузк", F_A), ("площадк", F_A), ("проверк", F_A), ("форм", F_A),
    ("педагог", M), ("приказ", M), ("отчет", M), ("план", M), ("урок", M), ("класс", M), ("экзамен", M),
    ("результат", M), ("эксперт", M), ("протокол", M), ("документ", M), ("куратор", M), ("мониторинг", M),
    ("риск", M), ("профил", M_SOFT), ("учител", M_SOFT), ("показател", M_SOFT), ("руководител", M_SOFT),
    ("образован", N_IE), ("положен", N_IE), ("обучен", N_IE), ("развит", N_IE), ("заседан", N_IE),
    ("решен", N_IE), ("заявлен", N_IE), ("учрежден", N_IE), ("мероприят", N_IE), ("управлен", N_IE),
    ("образовательн", ADJ), ("аттестационн", ADJ), ("квалификационн", ADJ), ("муниципальн", ADJ),
    ("профессиональн", ADJ), ("школьн", ADJ), ("учебн", ADJ), ("государственн", ADJ), ("региональн", ADJ),
    ("общеобразовательн", ADJ), ("антирисков", ADJ), ("педагогическ", ADJ_K), ("методическ", ADJ_K),
    ("рассматрива", VERB), ("утвержда", VERB), ("выполня", VERB), ("провод", VERB_I), ("определ", VERB_I),
]
STOP = ("и", "в", "на", "для", "о", "по", "с", "не", "от", "к", "при", "или")
_CONSONANTS = "бвгдзклмнпрстфхчш"
_VOWELS = "аеиоуя"


def vocabulary(rng, made_up=2500):
    """Lexemes ``(stem, endings)`` in Zipf rank order: education terms among made-up words."""
    seen, lexemes = {s for s, _ in EDUCATION}, []
    paradigms = (F_A, F_IA, M, M, M_SOFT, N_IE, ADJ, ADJ, ADJ_K, VERB, VERB_I)
    while len(lexemes) < made_up:
        stem = "".join(rng.choice(_CONSONANTS) + rng.choice(_VOWELS) for _ in range(rng.randint(2, 3)))
        stem += rng.choice(_CONSONANTS)
        if stem not in seen:
            seen.add(stem)
            lexemes.append((stem, rng.choice(paradigms)))
    # NB: domain words are frequent but not the most frequent: spread over the top 400 ranks.
    for stem, endings in EDUCATION:
        lexemes.insert(rng.randrange(0, 400), (stem, endings))
    return lexemes


class Writer:
    """Sentences of inflected words drawn by Zipf's law, a third of them stop words.

    NB: with the offset, the commonest content word is about 1% of a text's
    words and occurs in about half the documents, as «образование» would in
    a school system's papers; rare words occur in a few dozen.
    """

    def __init__(self, rng, lexemes):
        self.rng, self.lexemes = rng, lexemes
        self.cum = list(itertools.accumulate(1.0 / (rank + 20) for rank in range(len(lexemes))))

    def words(self, count, top=None):
        # NB: the whole vocabulary is not sliced (copied) for every text: a million texts
        # of a 100,000-lexeme vocabulary spent more time copying it than indexing them.
        if top is None or top >= len(self.lexemes):
            lexemes, cum = self.lexemes, self.cum
        else:
            lexemes, cum = self.lexemes[:top], self.cum[:top]
        picks = self.rng.choices(lexemes, cum_weights=cum, k=count)
        choice = self.rng.choice
        return [stem + choice(endings) for stem, endings in picks]

    def text(self, count):
        rng, out = self.rng, []
        content = count * 2 // 3
        words = self.words(content) + rng.choices(STOP, k=count - content)
        rng.shuffle(words)
        while words:
            n = rng.randint(6, 16)
            sentence, words = words[:n], words[n:]
            if rng.random() < 0.1:
                sentence.append(f"№ {rng.randint(1, 300)}")
            out.append(" ".join(sentence).capitalize() + ".")
        return " ".join(out)


# -- the database -------------------------------------------------------------------

class BenchAct(Persistent):
    """An act as the acts module gives it to search (the contract's members only)."""

    search_type = "act"
    is_case = True

    def __init__(self, title, text, kind, status, date, view_roles):
        self.title, self.text = title, text
        self.search_kind, self.search_status, self.search_date = kind, status, date
        self.view_roles = view_roles

    def search_text(self):
        return self.text


def _file(text):
    from core.resources import File
    file = File.__new__(File)
    file.filename, file.mimetype, file.size = "document.pdf", "application/pdf", len(text.encode())
    file.text, file.kind = text, "pdf"
    return file


def build(db, host, rng, writer, count, deadline):
    """``count`` documents and acts in a fresh site of ``db``.

    Returns the seconds spent storing and indexing them (making up their
    texts is not counted) and the number of terms in the lexicon.
    """
    import transaction

    from core.bootstrap import bootstrap
    from core.resources import Document, Municipality, Region, School
    tm = transaction.TransactionManager()
    conn = db.open(transaction_manager=tm)
    spent = 0.0
    try:
        tm.begin()
        site = bootstrap(conn.root())
        schools, authorities = [], []
        for code in REGIONS:
            region = site.add(code, Region(code, f"Регион {code}"))
            authorities.append(region)
            for m in range(1, MUNICIPALITIES + 1):
                muni = region.add(f"m{m}", Municipality(f"m{m}", f"Муниципалитет {code}-{m}"))
                authorities.append(muni)
                for s in range(1, SCHOOLS + 1):
                    schools.append(muni.add(f"s{s}", School(f"{code}-{m}-{s}", f"Школа № {s} ({code}-{m})", "urban")))
        workflows = {code: host.workflow(code, "document_review") for code in REGIONS}
        start = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
        acts_view = {"draft": frozenset({"regional_operator", "federal_operator"}),
                     "published": frozenset({"regional_operator", "federal_operator", "municipal_coordinator",
                                             "curator", "school_head"})}
        for n in range(count):
            if time.perf_counter() > deadline:
                raise BenchError(f"building the search database took more than {BUILD_TIMEOUT} s")
            when = start + datetime.timedelta(minutes=rng.randrange(0, 3 * 365 * 24 * 60))
            title = " ".join(writer.words(rng.randint(3, 7), top=800)).capitalize()
            text = writer.text(min(600, int(rng.lognormvariate(4.6, 0.6))))
            if n % ACT_SHARE == 0:
                where, name = rng.choice(authorities), f"act-{n}"
                status = "published" if rng.random() < 0.8 else "draft"
                obj = BenchAct(title, text, rng.choice(("order", "regulation", "report")), status,
                               when.date() if status == "published" else None, acts_view[status])
            else:
                where, name = rng.choice(schools), f"doc-{n}"
                obj = Document(title, "school_document", "document_review", "head")
                obj.created, obj.file = when, _file(text)
            fate = rng.random()
            t0 = time.perf_counter()
            if isinstance(obj, Document):
                workflow = workflows[where.__parent__.__parent__.code]
                workflow.initialize(obj, "head", when)
                if fate > 0.4:
                    workflow.fire(obj, "submit", "head", {"school_head"}, now=when)
                if fate > 0.7:
                    workflow.fire(obj, "confirm", "curator", {"curator"}, now=when)
            where.add(name, obj)
            if (n + 1) % COMMIT_EVERY == 0 or n + 1 == count:
                tm.commit()
                conn.cacheMinimize()
                tm.begin()
            spent += time.perf_counter() - t0
        return spent, site.services["catalog"]["search_text"].index.word_count()
    finally:
        tm.abort()
        conn.close()


# -- the queries --------------------------------------------------------------------

USERS = {"regional": {"/66": frozenset({"regional_operator"})},
         "federal": {"/": frozenset({"federal_operator"})}}


def queries(rng, writer, count):
    """``(user, SearchParams)``: one- and two-word queries, half with filters, a regional
    operator's and a federal operator's."""
    from core.search.params import SearchParams
    out = []
    for i in range(count):
        size = 1 if i % 2 else 2
        # NB: half the queries ask for common words, half for any of the 1,500 commonest.
        words = (writer.words(size, top=1500) if rng.random() < 0.5 else
                 [stem + rng.choice(endings) for stem, endings in rng.sample(writer.lexemes[:1500], size)])
        filters = {}
        kind = rng.random()
        if kind < 0.15:
            filters["type"] = rng.choice(("act", "document"))
        elif kind < 0.3:
            filters["status"] = rng.choice(("draft", "submitted", "confirmed", "published"))
        elif kind < 0.4:
            filters["authority"] = f"/66/m{rng.randint(1, MUNICIPALITIES)}"
        elif kind < 0.5:
            year = rng.choice((2024, 2025, 2026))
            filters["date_from"], filters["date_to"] = datetime.date(year, 1, 1), datetime.date(year, 6, 30)
        if rng.random() < 0.2:
            filters["sort"] = "date"
        user = "federal" if i % 4 in (1, 2) else "regional"
        out.append((user, SearchParams(q=" ".join(words), **filters)))
    return out


def bench_search(ctx):
    """search_p95_ms over 100,000 indexed acts and documents (in-process, the page's own search code)."""
    import transaction

    from core.plugins import Host, make_plugin_manager
    from core.search.results import search_page
    host = Host(make_plugin_manager())
    rng = random.Random(SEED)
    writer = Writer(rng, vocabulary(rng))
    db_dir = temp_dir(ctx.stack, "search-db")
    uri = zodb_uri(db_dir)
    with opened_db(uri) as db:
        built, words = build(db, host, rng, writer, DOCUMENTS, time.perf_counter() + BUILD_TIMEOUT)

    asked = queries(rng, writer, WARMUP + QUERIES)
    samples, empty, totals = [], 0, []
    with opened_db(uri) as db:
        tm = transaction.TransactionManager()
        conn = db.open(transaction_manager=tm)
        try:
            for i, (user, params) in enumerate(asked):
                t0 = time.perf_counter()
                # NB: a transaction per search, as per request: the object cache
                # is trimmed to its size between them, as it is in the server.
                tm.begin()
                page = search_page(conn.root()["oko"], host, USERS[user], params)
                tm.abort()
                elapsed = time.perf_counter() - t0
                if user == "regional" and any(not r.path.startswith("/66/") for r in page.rows):
                    raise BenchError(f"the regional operator was shown another region's objects for {params}")
                if i >= WARMUP:
                    samples.append(elapsed * 1000)
                    totals.append(page.total)
                    empty += not page.rows
        finally:
            conn.close()
    if empty > QUERIES // 2:
        raise BenchError(f"{empty} of {QUERIES} queries found nothing: the figures would mean nothing")
    return {"search_p95_ms": percentile(samples, 95), "search_p50_ms": percentile(samples, 50),
            "search_index_100k_s": built, "search_terms": words,
            "search_hits_median": percentile(totals, 50)}

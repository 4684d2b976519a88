"""Russian words for the full-text index: split, fold, drop stop words, stem.

The same pipeline runs when a text is indexed, when a query is parsed and
when the matched passage is looked for, so «аттестация», «аттестации» and
«аттестационной» all become the one term «аттестац»::

    text ─▶ RussianSplitter ─▶ CaseFolder ─▶ RussianStopWords ─▶ RussianStemmer ─▶ terms
            words, numbers     lower, ё→е     и, в, на, для…      Snowball + -ционн-/-сионн-

The elements are stored in the database inside the catalog's lexicon, so
their classes are part of the stored schema: rename or move one only with
an evolve step. They keep no state of their own (a PyStemmer object cannot
be pickled, and must not be shared between threads).
"""
import functools
import re
import threading
from itertools import filterfalse

from hypatia.text.lexicon import Lexicon

# NB: letters and digits, not "_": an identifier such as «school_document» is two words.
WORD = re.compile(r"[^\W_]+")
_GLOB = re.compile(r"[^\W_][^\W_*]*\*?")
# A token longer than this is a hash, a URL or an OCR accident, never a word to look for.
MAX_WORD = 40

# A short Russian list (after ё→е): words that carry no meaning of their own
# in an act or a report. Kept short on purpose: «не» and «без» stay out of
# the index, but «план», «год» or «итог» must stay findable.
STOP_WORDS = frozenset("""
а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже
для до его ее ей если есть еще же за и из или им их к как ко когда кто ли либо между мы на над
не него нее нет ни них но о об однако он она они оно от по под при про с со так также там
то того тоже том тот у уже чем что чтобы эта эти это этого этой этом этот я
""".split())
# NB: single letters are initials and list markers («а)», «б)»), never words to look for.
_DROPPED = STOP_WORDS | frozenset("абвгдежзийклмнопрстуфхцчшщъыьэюяabcdefghijklmnopqrstuvwxyz")

# NB: Snowball keeps the derivational suffix of an adjective made from a
# noun in -ция/-сия: «аттестационной» -> «аттестацион», «аттестация» ->
# «аттестац». Cutting «ион» after «ц»/«с» joins the two (so do «комиссия» and
# «комиссионный», «информация» and «информационный»), while «регион»,
# «миллион» or «позиционирован» are left alone.
_DERIVED = ("цион", "сион")
_MIN_STEM = 4

# Words whose terms each thread remembers: a document repeats its words,
# and a few tens of thousands of forms make most of any Russian text.
CACHE_SIZE = 50_000

_local = threading.local()


def _stemmer():
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        import Stemmer
        # NB: PyStemmer's own cache (10,000 words) thrashes on a real vocabulary.
        stemmer = _local.stemmer = Stemmer.Stemmer("russian", 0)
        _local.terms = {}
    return stemmer


def fold(word):
    """``word`` lower-cased, with ё as е (people type either)."""
    return word.lower().replace("ё", "е")


def derive(stem):
    """The term of a Snowball ``stem``: an adjective's -ционн-/-сионн- cut back to its noun."""
    if stem.endswith(_DERIVED) and len(stem) - 3 >= _MIN_STEM:
        return stem[:-3]
    return stem


class RussianSplitter:
    """Words and numbers of the text, in order; over-long tokens dropped."""

    def process(self, texts):
        out = []
        for text in texts:
            words = WORD.findall(text)
            if words and max(map(len, words)) > MAX_WORD:
                words = [w for w in words if len(w) <= MAX_WORD]
            out.extend(words)
        return out

    def processGlob(self, texts):
        out = []
        for text in texts:
            out.extend(w for w in _GLOB.findall(text) if len(w) <= MAX_WORD)
        return out


class CaseFolder:
    """Lower case, ё -> е."""

    def process(self, words):
        # NB: one pass over the joined words is several times faster than a call per word.
        return "\x00".join(words).lower().replace("ё", "е").split("\x00") if words else []


class RussianStopWords:
    """Drop the stop words and single letters (but not one-digit numbers)."""

    def process(self, words):
        return list(filterfalse(_DROPPED.__contains__, words))


class RussianStemmer:
    """Snowball's Russian stemmer, then the derivation rule of ``derive``."""

    def process(self, words):
        stemmer = _stemmer()
        known = _local.terms
        found = list(map(known.get, words))
        if None in found:
            missing = list({w for w, t in zip(words, found) if t is None})
            if len(known) + len(missing) > CACHE_SIZE:
                # NB: once forgotten, the words found before are missing too.
                known.clear()
                missing = list(dict.fromkeys(words))
            known.update(zip(missing, map(derive, stemmer.stemWords(missing))))
            found = list(map(known.__getitem__, words))
        return found

    def processGlob(self, words):
        # NB: a prefix pattern ("аттест*") is matched against the stored
        # terms as typed: stemming it would cut the prefix itself.
        plain = [w for w in words if "*" not in w]
        stems = iter(self.process(plain))
        return [w if "*" in w else next(stems) for w in words]


PIPELINE = (RussianSplitter(), CaseFolder(), RussianStopWords(), RussianStemmer())


class RussianLexicon(Lexicon):
    """hypatia's Lexicon, looking each distinct word of a text up once."""

    def sourceToWordIds(self, text):
        words = [text or ""]
        for element in self._pipeline:
            words = element.process(words)
        known = self._known()
        # NB: as hypatia does: the freshest count, so concurrent new words rarely collide.
        self.word_count._p_deactivate()
        create, wids, made = self._getWordIdCreate, {}, False
        for word in dict.fromkeys(words):
            wid = known.get(word)
            if wid is None:
                wid = create(word)
                if known is not _NOTHING:
                    known[word] = wid
                made = True
            wids[word] = wid
        if made and known is not _NOTHING:
            self._v_count = self.word_count()
        return [wids[word] for word in words]

    def _known(self):
        """``{word: wid}`` looked up or made in this transaction, to add to (``_NOTHING`` when not stored).

        NB: a lookup in ``_wids`` (a BTree of 100,000 words compared as
        strings) costs ~5 µs: a third of indexing a text. A word's wid never
        changes, but one made in a transaction is undone by its abort (the
        next transaction gets a new dict) or by rolling back to a savepoint
        (the word count then falls below the one this dict saw: it is dropped).
        """
        jar = self._p_jar
        if jar is None:
            return _NOTHING
        current, cache = jar.transaction_manager.get(), getattr(self, "_v_known", None)
        if cache is None or cache[0] is not current or self.word_count() < getattr(self, "_v_count", 0):
            cache = self._v_known = (current, {})
            self._v_count = self.word_count()
        return cache[1]


class _Nothing(dict):
    """An empty mapping that is never added to (``RussianLexicon._known`` of a lexicon not stored)."""

    def get(self, key, default=None):
        return default


_NOTHING = _Nothing()


def make_lexicon():
    """A Lexicon with the Russian pipeline."""
    return RussianLexicon(*PIPELINE)


def terms(text):
    """The index terms of ``text``, in order, repeats kept."""
    words = [text]
    for element in PIPELINE:
        words = element.process(words)
    return words


# NB: a page of results marks the same few words in each of its 25 passages (each word through the whole
# pipeline); a word's term never changes.
@functools.lru_cache(maxsize=16384)
def term_of(word):
    """The index term of one word, or None for a stop word."""
    found = terms(word)
    return found[0] if len(found) == 1 else None

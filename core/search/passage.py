"""The matched passage: the sentence of a text that best matches a query, words marked.

Nothing is stored for this: the passage is found in the object's text when
its page of results is shown. A Russian stem (and so every term of the
index) begins every form of its word, so a regular expression finds the
words that start with a term; each is then put through the index's own
pipeline, and only a word whose term is the query's is marked.
"""
import functools
import re
from html import escape

from markupsafe import Markup

from core.search.lexicon import fold, term_of

# Enough text to find a passage in; a 2,000,000-character upload is not read to its end.
SCAN = 300_000
WIDTH = 240
MAX_MATCHES = 500
_SPACE = re.compile(r"\s+")
_END = re.compile(r"[.!?…;]\s|\n\s*\n|\n(?=\s*[-–•\d])")


@functools.lru_cache(maxsize=256)
def _finder(stems):
    alternatives = "|".join(re.escape(s).replace("е", "[её]") for s in sorted(stems, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})[^\W_]*", re.IGNORECASE)


def matches(text, query, limit=SCAN):
    """``[(start, end, term)]`` of the words of ``text`` that match the query, in order."""
    stems = tuple(query.terms) + tuple(query.prefixes)
    if not text or not stems:
        return []
    wanted = set(query.terms)
    found = []
    for m in _finder(stems).finditer(text, 0, limit):
        if len(found) >= MAX_MATCHES:
            break
        word = m.group()
        term = term_of(word)
        if term in wanted:
            found.append((m.start(), m.end(), term))
            continue
        folded = fold(word)
        prefix = next((p for p in query.prefixes if folded.startswith(p)), None)
        if prefix is not None:
            found.append((m.start(), m.end(), prefix))
    return found


def _marked(text, start, end, found):
    out, pos = [], start
    for a, b, _ in found:
        if a < start or b > end:
            continue
        out.append(escape(_SPACE.sub(" ", text[pos:a])))
        out.append(f"<mark>{escape(text[a:b])}</mark>")
        pos = b
    out.append(escape(_SPACE.sub(" ", text[pos:end])))
    return "".join(out)


def highlight(text, query):
    """``text`` (a title) escaped, with the words that match the query marked."""
    return Markup(_marked(text or "", 0, len(text or ""), matches(text, query)))


def _sentence(text, pos, limit):
    start = 0
    for m in _END.finditer(text, max(0, pos - 2 * WIDTH), pos):
        start = m.end()
    m = _END.search(text, pos, min(limit, pos + 2 * WIDTH))
    end = m.start() + 1 if m else min(limit, len(text))
    return start, end


def _best_sentence(text, found):
    spans = []
    for a, b, term in found:
        if spans and a < spans[-1][1]:
            spans[-1][2].add(term)
        else:
            spans.append((*_sentence(text, a, SCAN), {term}))
    # NB: max() keeps the first of equals: the earliest best sentence.
    return max(spans, key=lambda span: len(span[2]))[:2]


def _boundary(text, pos, floor):
    """``pos`` moved back to the start of the word it falls in (not below ``floor``)."""
    if pos >= len(text) or not text[pos].isalnum():
        return pos
    while pos > floor and text[pos - 1].isalnum():
        pos -= 1
    return pos


def passage(text, query, width=WIDTH):
    """The fragment of ``text`` (about ``width`` characters) that best matches the query.

    The sentence holding the most different query terms wins (the first one
    on a tie); it is cut around its first match when too long. Without a
    match (the title matched) it is the beginning of the text. The result is
    escaped HTML, matched words in ``<mark>``.
    """
    text = text or ""
    found = matches(text, query)
    if found:
        start, end = _best_sentence(text, found)
    else:
        start, end = 0, len(text)
    head = tail = ""
    if end - start > width:
        first = next((a for a, _, _ in found if a >= start), start)
        cut = max(start, first - width // 3)
        # NB: cut at word boundaries, never inside a word.
        cut = _boundary(text, cut, start)
        if cut > start:
            start, head = cut, "…"
        if end - start > width:
            end, tail = _boundary(text, start + width, start + width // 2), "…"
    body = _marked(text, start, end, found).strip()
    return Markup(head + body + tail) if body else Markup("")

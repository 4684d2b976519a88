"""A crawler that reads the pages of the demo as each of its people would.

It logs in as a person, follows every link and every GET form's action a page
offers, breadth first, within bounds (pages per person, pages per route
pattern), and reports what a reader would stumble on:

- a link or GET form offered to the person that answers 4xx or 5xx;
- a Latin-script word or identifier in the visible text (outside ``ALLOWED``:
  abbreviations, file names, e-mail addresses and web addresses shown as such);
- a decimal number written with a point (dates such as 04.12.2026 and version
  numbers such as 2.1.3 aside);
- in a Word document OKO makes (an act), the same two checks on the document's text
  (a file as a person uploaded it is theirs, and read as it is).

POST forms are never submitted: their page was read, which is what the person
sees. Links that change something on GET (log-out) are not followed.

Used by the crawler test (``tests/functional/test_crawl.py``) and by the
benchmark of page sizes (``tests/bench/crawl.py``).
"""
import collections
import dataclasses
import gzip
import io
import re
import urllib.parse

import lxml.html

# Words in Latin script a Russian reader meets as they are: formats, standards, product names.
ALLOWED = {
    "XLSX", "XLS", "QTI", "PDF", "DOCX", "DOC", "CSV", "API", "JSON", "ZIP", "ICS", "OpenAPI", "HTML", "XML",
    "Word", "Excel", "iCalendar", "Markdown", "SMTP", "URL", "PNG", "JPEG", "SVG", "ODT", "RTF", "TXT",
    "SWOT",
    # The symbols of the statistics the pages explain: p, n and the t-test of a trend, r and D of an item,
    # and D, the planned date a teacher's deadlines count from.
    "p", "n", "t", "r", "D", "k",
    # The library the clustering of schools is named by, in its note on method.
    "scikit-learn",
}
_ROMAN = re.compile(r"^[IVXLC]+$")
# An abbreviation read as such, in capitals (WS, SWOT, IT): no code is written so.
_ABBREVIATION = re.compile(r"^[A-Z]{2,6}$")
# Read as one token: e-mail addresses, web addresses, file names (name.ext), a path shown as such.
_SHOWN_AS_SUCH = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"            # e-mail
    r"|https?://\S+|www\.[\w-]+(?:\.[\w-]+)+"     # URL, with its scheme or as «www.ca-kk.ru»
    r"|[\w\-. ()№+,«»]+\.(?:xlsx|xls|docx|doc|pdf|csv|zip|xml|json|ics|odt|rtf|txt|png|jpg|jpeg)\b",  # file name
    re.I)
_LATIN_WORD = re.compile(r"(?<![\w])[A-Za-z][A-Za-z0-9_\-]*")
# A decimal with a point: digits, a point, digits, not part of a date or a version (a second point).
# NB: «2.3/2.4.3590-20» is a sanitary rule's number, not a decimal; «до 06.12» is a day and a month.
_POINT_DECIMAL = re.compile(r"(?<![\d./])(?!(?:0[1-9]|[12]\d|3[01])\.(?:0[1-9]|1[0-2])\b)\d+\.\d+(?![\d/]|\.\d)")
# A version after the name of its standard («QTI 2.1»); a clause's number opening a paragraph («2.1. Комиссия…»).
_VERSION = re.compile(r"\b(?:" + "|".join(sorted(ALLOWED)) + r") \d+(?:\.\d+)+")
_CLAUSE = re.compile(r"^\s*\d+(?:\.\d+)+\.?\s")
_HIDDEN_TAGS = ("script", "style", "noscript", "template")
# Identifiers shown as such: a code one types (<code>, <kbd>, <samp>), a symbol of a formula (<var>).
_AS_SUCH_TAGS = ("code", "kbd", "samp", "var")
_SKIP_PATHS = ("/logout", "/static/", "/deform_static/", "/api/")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _uploaded(url):
    """Whether ``url`` gives back a file as a person uploaded it (read as it is, not checked): a roadmap's
    source, a measure's evidence, a school's document; OKO's own documents (acts) are checked."""
    path = urllib.parse.urlsplit(url).path
    return path.endswith(("@@source", "@@evidence")) or (path.endswith("@@download") and "/acts/" not in path)


def visible_text(html):
    """The text a reader sees in ``html``: the parsed page without scripts, styles and attributes."""
    doc = lxml.html.document_fromstring(html)
    for el in doc.iter(*_HIDDEN_TAGS, *_AS_SUCH_TAGS):
        el.drop_tree()
    # NB: what a field holds is the value of the field, as an input's is, not the page's text.
    for el in doc.xpath("//*[@hidden] | //input[@type='hidden'] | //textarea"):
        el.drop_tree()
    return " ".join(doc.text_content().split())


def latin_words(text):
    """The Latin-script words of ``text`` a reader should not meet (``ALLOWED`` and addresses aside)."""
    text = _SHOWN_AS_SUCH.sub(" ", text)
    return [w for w in _LATIN_WORD.findall(text)
            if w not in ALLOWED and w.strip("-_") not in ALLOWED and not _ROMAN.match(w)
            and not _ABBREVIATION.match(w.strip("-"))]


def point_decimals(text):
    """The numbers of ``text`` written with a decimal point («74.33»)."""
    return _POINT_DECIMAL.findall(_VERSION.sub(" ", text))


def docx_text(content):
    """The text of a Word document: its paragraphs and its tables' cells."""
    import docx
    document = docx.Document(io.BytesIO(content))
    parts = [_CLAUSE.sub(" ", p.text) for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return " ".join(" ".join(parts).split())


class Patterns:
    """Route patterns of addresses: a path's segment holding a digit is ``#``; a folder's children past the
    first few names met are ``*`` (one more item of a list); of the query, only its keys."""

    def __init__(self, names_per_folder=4):
        self.names_per_folder = names_per_folder
        self.children = collections.defaultdict(list)

    def __call__(self, url):
        """The pattern of ``url``."""
        parts = urllib.parse.urlsplit(url)
        out = []
        for segment in parts.path.split("/"):
            if re.search(r"\d", segment):
                segment = "#"
            elif segment and not segment.startswith("@@"):
                names = self.children["/".join(out)]
                if segment not in names and len(names) < self.names_per_folder:
                    names.append(segment)
                segment = segment if segment in names else "*"
            out.append(segment)
        keys = sorted({k for k, _ in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)})
        return "/".join(out) + ("?" + "&".join(keys) if keys else "")


def pattern(url):
    """The route pattern of ``url`` alone (see ``Patterns``)."""
    return Patterns()(url)


@dataclasses.dataclass
class Page:
    """One page the crawler read."""
    login: str
    url: str
    status: int
    content_type: str
    size: int
    gzip_size: int


@dataclasses.dataclass
class Report:
    """What a crawl found: the pages it read and the problems, each ``(login, url, what)``."""
    pages: list = dataclasses.field(default_factory=list)
    problems: list = dataclasses.field(default_factory=list)
    scripts: set = dataclasses.field(default_factory=set)  # every script's address the pages load

    def html_pages(self):
        """The HTML pages read with 200."""
        return [p for p in self.pages if p.status == 200 and p.content_type.startswith("text/html")]

    def text(self):
        """The problems, one a line."""
        return "\n".join(f"{login}: {url}: {what}" for login, url, what in self.problems)


def _local(href, base):
    """``href`` resolved against ``base`` if it stays on the site (fragment dropped), else None."""
    if not href or href.startswith(("mailto:", "tel:", "javascript:", "#")):
        return None
    url = urllib.parse.urljoin(base, href)
    parts = urllib.parse.urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        return None
    if any(parts.path.startswith(p) for p in _SKIP_PATHS):
        return None
    return urllib.parse.urlunsplit(("", "", parts.path, parts.query, ""))


def _offered(html, base):
    """The addresses a page offers: its links and its GET forms' actions (with their fields' values)."""
    doc = lxml.html.document_fromstring(html)
    out = []
    for a in doc.iter("a"):
        if a.get("download") is not None and False:
            continue
        url = _local(a.get("href"), base)
        if url:
            out.append(url)
    for form in doc.iter("form"):
        if (form.get("method") or "get").lower() != "get":
            continue
        action = form.get("action") or base
        fields = [(k, v if v is not None else "") for k, v in form.form_values()]
        url = _local(action, base)
        if url:
            if fields:
                url += ("&" if "?" in url else "?") + urllib.parse.urlencode(fields)
            out.append(url)
    return out


def crawl(client, login, report, start=("/", "/tasks"), max_pages=120, per_pattern=3):
    """Read, as the logged-in ``client`` of ``login``, every page reachable from ``start`` within bounds,
    adding the pages and the problems to ``report``."""
    seen, per, patterns = set(), collections.Counter(), Patterns()
    queue = collections.deque((url, "(начало)") for url in start)
    read = 0
    while queue and read < max_pages:
        url, source = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        key = patterns(url)
        if per[key] >= per_pattern:
            continue
        per[key] += 1
        read += 1
        res = client.get(url, expect_errors=True)
        hops = 0
        while res.status_int in (301, 302, 303) and hops < 3:
            res = res.follow(expect_errors=True)
            hops += 1
        ctype = res.headers.get("Content-Type", "")
        body = res.body
        report.pages.append(Page(login, url, res.status_int, ctype, len(body), len(gzip.compress(body, 6))))
        if res.status_int >= 400:
            report.problems.append((login, url, f"{res.status_int} (ссылка со страницы {source})"))
            continue
        if ctype.startswith(DOCX):
            if _uploaded(url):
                continue
            text = docx_text(body)
        elif ctype.startswith("text/html"):
            html = res.text
            text = visible_text(html)
            report.scripts.update(s.get("src") for s in lxml.html.document_fromstring(html).iter("script")
                                  if s.get("src"))
            for found in _offered(html, url):
                if found not in seen:
                    queue.append((found, url))
        else:
            continue
        words = latin_words(text)
        if words:
            report.problems.append((login, url, "латиница: " + ", ".join(dict.fromkeys(words))))
        points = point_decimals(text)
        if points:
            report.problems.append((login, url, "десятичная точка: " + ", ".join(dict.fromkeys(points))))
    return report

"""What every part of the inspector shares: limits, the result, the refusal, the kinds."""
from __future__ import annotations

import dataclasses

from core.numbers import number
from core.refused import Refused

MiB = 1024 * 1024


@dataclasses.dataclass(frozen=True)
class Limits:
    """The bounds an upload must stay within; every one is checked before the work it guards.

    The defaults suit documents of education authorities (orders, programmes,
    reports, portfolios): a real one is far inside them, a hostile one is
    stopped long before it costs memory or time.
    """

    #: Bytes of the uploaded file itself; no more than this plus one is ever read.
    #: The site's own figure is the ini setting ``oko.upload_max_bytes`` (``upload_limits``).
    max_size: int = 50 * MiB
    #: Parts (entries) of a .docx/.xlsx ZIP container.
    max_entries: int = 1000
    #: Bytes all parts of a .docx/.xlsx inflate to, declared and actually produced.
    max_inflated: int = 100 * MiB
    #: How many times a part may inflate relative to its compressed size (parts over 1 MiB).
    max_ratio: int = 200
    #: Characters of extracted text.
    max_text: int = 2_000_000
    #: Pages of a PDF.
    max_pdf_pages: int = 500
    #: Seconds of parsing: checked between PDF pages and between inflated chunks of a .docx/.xlsx.
    max_seconds: float = 30.0
    #: Bytes one PDF stream may decode to (pypdf's per-stream limits are set to this).
    max_pdf_stream: int = 16 * MiB
    #: Operands and operators pypdf may parse from one content stream.
    max_pdf_operations: int = 500_000

    def read(self, stream):
        """The bytes of an uploaded ``stream``, one over ``max_size`` at most: enough for the inspector to refuse
        a file too large without reading the whole of it."""
        return stream.read(self.max_size + 1)


class InspectionRefused(Refused, ValueError):
    """An upload failed inspection; ``str(exc)`` is the Russian message for the user.

    ``reason`` is a stable code for callers and logs: ``empty``, ``too_large``,
    ``type``, ``entries``, ``bomb``, ``entry_name``, ``doctype``, ``encoding``,
    ``encrypted``, ``macros``, ``corrupt``, ``pages``, ``pdf_limits``,
    ``too_slow``, ``text_too_long``, ``package`` (a ZIP that is no Office
    document), ``active_content`` (a PDF with scripts or actions that run
    or launch something).
    """

    ERROR = "upload_refused"

    def __init__(self, message, reason):
        super().__init__(message)
        self.message = message
        self.reason = reason


@dataclasses.dataclass(frozen=True)
class Kind:
    """A document kind the inspector understands, with the words the messages need."""

    code: str
    extension: str
    #: "принимаются только …" (plural, with the extension).
    accepted: str
    #: "не является …" (instrumental).
    expected: str
    #: "по содержимому это …" (nominative).
    found: str
    mimetype: str


KINDS = {
    "docx": Kind("docx", ".docx", "документы Word (.docx)", "документом Word", "документ Word",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": Kind("xlsx", ".xlsx", "таблицы Excel (.xlsx)", "таблицей Excel", "таблица Excel",
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": Kind("csv", ".csv", "таблицы CSV (.csv)", "таблицей CSV", "таблица CSV", "text/csv"),
    "pdf": Kind("pdf", ".pdf", "документы PDF (.pdf)", "документом PDF", "PDF", "application/pdf"),
    "text": Kind("text", ".txt", "текстовые файлы (.txt)", "текстовым файлом", "текстовый файл",
                 "text/plain"),
}


@dataclasses.dataclass(frozen=True)
class Inspected:
    """What the inspector found in an upload that passed: its kind, size and text.

    Handed to ``oko_validate_document`` plugins, which may read it as an
    object (``inspected.text``) or, like a dict, ``inspected.get("text", "")``.
    """

    kind: str
    filename: str
    size: int
    text: str = ""
    #: Lines set as headings (Word heading styles or outline levels); .docx only.
    headings: tuple = ()
    #: Number of pages; PDF only.
    pages: int | None = None
    #: Sheet names; .xlsx only.
    sheets: tuple = ()

    @property
    def type(self):
        """The kind, under the name the hook specification uses."""
        return self.kind

    @property
    def mimetype(self):
        """The MIME type of the kind found in the content (not the one the browser sent)."""
        return KINDS[self.kind].mimetype

    @property
    def lines(self):
        """The text as a tuple of lines."""
        return tuple(self.text.splitlines())

    _KEYS = ("kind", "type", "filename", "size", "text", "headings", "pages", "sheets", "mimetype")

    def as_dict(self):
        """A plain dict of the findings (for logs, JSON, plugins that want a dict)."""
        return {key: getattr(self, key) for key in self._KEYS}

    def __getitem__(self, key):
        # NB: plugins written against the hook's "(type, text, size)" wording
        # may treat the result as a mapping; keep that working.
        if key not in self._KEYS:
            raise KeyError(key)
        return getattr(self, key)

    def get(self, key, default=None):
        """Mapping-style access: ``inspected.get("text", "")``."""
        return getattr(self, key) if key in self._KEYS else default


def human_size(size):
    """A byte count for messages: «20 МБ», «512 КБ», «100 байт»."""
    if size >= MiB:
        return f"{number(size / MiB, 3)} МБ"
    if size >= 1024:
        return f"{number(size / 1024, 3)} КБ"
    return f"{size} {plural(size, 'байт', 'байта', 'байт')}"


def plural(n, one, few, many):
    """The Russian plural form of a noun for ``n``: plural(3, "страница", "страницы", "страниц")."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def too_slow(name, limits):
    """Raise the refusal for a document whose parsing ran past ``limits.max_seconds``."""
    refuse("too_slow", f"Файл «{name}» не принят: разбор документа занял больше "
                       f"{limits.max_seconds:g} с; документ слишком сложный.")


def refuse(reason, message):
    """Raise InspectionRefused (a helper, so call sites read as one line)."""
    raise InspectionRefused(message, reason)


def corrupt(name, detail):
    """Raise the refusal for a damaged or unreadable file, with a Russian detail."""
    refuse("corrupt", f"Файл «{name}» повреждён или не читается: {detail}.")

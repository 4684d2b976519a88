"""Safe inspection of uploaded documents: .docx, .xlsx, .pdf and, where allowed, plain text.

Every uploaded file passes through ``inspect_upload`` before anything else
reads it. The inspector decides the type by content (never by the name
alone), enforces size, entry-count and inflation limits before parsing,
refuses DOCTYPEs (XXE, entity bombs), zip bombs and unsafe part names, and
extracts the text for required-section checks, plugins and search::

    from core import docinspect

    try:
        inspected = docinspect.inspect_upload(stream, filename, allowed=("docx", "pdf"))
    except docinspect.InspectionRefused as exc:
        ...  # str(exc) is the Russian message for the user
    missing = docinspect.missing_sections(inspected, host.required_sections(region, doc_type))

Refusals are one exception class, ``InspectionRefused``, with a Russian
message and a ``reason`` code. Nothing untrusted reaches python-docx,
openpyxl or an XML parser with entity expansion: an uploaded table (CSV,
XLSX) is read by ``core.docinspect.tables.uploaded_table``, behind the
inspector.
"""
from __future__ import annotations

import os

from core.docinspect._base import KINDS, Inspected, InspectionRefused, Limits, corrupt, human_size, refuse
from core.docinspect._ooxml import classify, inspect_ooxml
from core.docinspect._pdf import inspect_pdf
from core.docinspect._sections import missing_sections, missing_sections_message, normalise
from core.docinspect._zip import read_directory

__all__ = ["KINDS", "Inspected", "InspectionRefused", "Limits", "UPLOAD_MAX_SETTING", "inspect_upload",
           "missing_sections", "missing_sections_message", "normalise", "sniff", "upload_limits"]

#: The ini setting bounding every upload of the site, in bytes (``Limits.max_size`` by default).
UPLOAD_MAX_SETTING = "oko.upload_max_bytes"

_READ_CHUNK = 1024 * 1024
_MAGIC = (
    (b"%PDF-", "PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
     "документ Word или Excel 97–2003 (.doc, .xls) либо документ, защищённый паролем"),
    (b"{\\rtf", "документ RTF"),
    (b"\x89PNG\r\n\x1a\n", "изображение PNG"),
    (b"\xff\xd8\xff", "изображение JPEG"),
    (b"GIF8", "изображение GIF"),
    (b"II*\x00", "изображение TIFF"),
    (b"MM\x00*", "изображение TIFF"),
    (b"Rar!", "архив RAR"),
    (b"7z\xbc\xaf\x27\x1c", "архив 7-Zip"),
    (b"\x1f\x8b", "архив gzip"),
    (b"MZ", "исполняемый файл Windows"),
    (b"\x7fELF", "исполняемый файл"),
)
_ZIP_FOUND = {"docx": KINDS["docx"].found, "xlsx": KINDS["xlsx"].found,
              "pptx": "презентация PowerPoint", "odf": "документ OpenDocument (LibreOffice)",
              "zip": "ZIP-архив"}


def upload_limits(settings):
    """The ``Limits`` every upload of the site is held to, from the ini ``settings``.

    The one place the upload size is read: ``oko.upload_max_bytes`` (a
    whole number of bytes, ``_`` allowed as in ``52_428_800``), or the
    default of ``Limits``. A value that is not a positive number stops
    the start-up with a ValueError naming the setting.
    """
    value = str(settings.get(UPLOAD_MAX_SETTING) or "").strip()
    if not value:
        return Limits()
    try:
        size = int(value)
    except ValueError:
        size = 0
    if size <= 0:
        raise ValueError(f"{UPLOAD_MAX_SETTING} = {value!r}: нужно целое число байт больше нуля.")
    return Limits(max_size=size)


def _basename(filename):
    # NB: some browsers send the client's full path ("C:\\Users\\...\\x.docx").
    return os.path.basename((filename or "").replace("\\", "/")).strip() or "без имени"


def _kind_by_name(name):
    extension = os.path.splitext(name)[1].casefold()
    return next((kind.code for kind in KINDS.values() if kind.extension == extension), None)


def _read_bounded(source, limit, name):
    """The upload's bytes, refusing it as soon as more than ``limit`` bytes arrive."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = source.tobytes() if isinstance(source, memoryview) else source
    else:
        try:
            start = source.tell() if getattr(source, "seekable", lambda: False)() else None
        except (OSError, ValueError):
            start = None
        data = bytearray()
        try:
            while len(data) <= limit:
                chunk = source.read(min(_READ_CHUNK, limit + 1 - len(data)))
                if not chunk:
                    break
                data += chunk
        finally:
            # NB: the caller stores the same stream after inspection.
            if start is not None:
                source.seek(start)
    if len(data) > limit:
        refuse("too_large", f"Файл «{name}» слишком большой: допускается не больше {human_size(limit)}.")
    return data


def sniff(data, limits=None):
    """What the content of ``data`` is, in Russian (nominative), for "по содержимому это …".

    Looks at magic bytes and, for a ZIP, at its part names (a bounded walk of
    its directory); never parses anything.
    """

    for magic, found in _MAGIC:
        if data.startswith(magic):
            return found
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        try:
            return _ZIP_FOUND[classify(read_directory(data, "", limits or Limits()))]
        except InspectionRefused:
            return _ZIP_FOUND["zip"]
    head = bytes(data[:8192]).lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "HTML-страница"
    if head.startswith(b"<?xml"):
        return "XML-файл"
    if b"\x00" not in head:
        return KINDS["text"].found
    return "файл неизвестного формата"


def _mismatch(name, expected, found):
    refuse("type", f"Файл «{name}» не является {KINDS[expected].expected}: по содержимому это {found}.")


def inspect_upload(source, filename, *, allowed=("docx", "pdf"), limits=Limits()):
    """Inspect an uploaded file and return what it is, or refuse it with a Russian message.

    ``source`` is a binary stream (read no further than ``limits.max_size``
    plus one byte, and put back where it was when it can seek) or bytes.
    ``allowed`` restricts the kinds accepted: any of "docx", "xlsx", "pdf",
    "text", "csv" (a table: checked to be text, nothing extracted). The
    kind the name promises must be allowed and must be what the content
    is. Returns an ``Inspected``; raises ``InspectionRefused``.
    """
    unknown = set(allowed) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown document kinds: {sorted(unknown)}")
    name = _basename(filename)
    expected = _kind_by_name(name)
    if expected is None or expected not in allowed:
        accepted = [KINDS[kind].accepted for kind in KINDS if kind in allowed]
        listed = accepted[0] if len(accepted) == 1 else ", ".join(accepted[:-1]) + " и " + accepted[-1]
        refuse("type", f"Файл «{name}» не принят: здесь принимаются только {listed}.")
    data = _read_bounded(source, limits.max_size, name)
    if not data:
        refuse("empty", f"Файл «{name}» пуст.")

    if expected == "pdf":
        if not data.startswith(b"%PDF-"):
            _mismatch(name, expected, sniff(data, limits))
        return inspect_pdf(data, name, limits)

    if expected in ("text", "csv"):
        found = sniff(data, limits)
        if found != KINDS["text"].found:
            _mismatch(name, expected, found)
        # NB: a table's reader decodes it line by line and names a bad line; no text to extract.
        return _inspect_text(data, name, limits) if expected == "text" else Inspected("csv", name, len(data))

    if not data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        _mismatch(name, expected, sniff(data, limits))
    entries = read_directory(data, name, limits)
    found = classify(entries)
    if found != expected:
        _mismatch(name, expected, _ZIP_FOUND[found])
    return inspect_ooxml(data, entries, expected, name, limits)


def _inspect_text(data, name, limits):
    try:
        text = bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError:
        # NB: Russian plain text that is not UTF-8 is almost always Windows-1251.
        text = bytes(data).decode("cp1251", errors="replace")
    if len(text) > limits.max_text:
        refuse("text_too_long", f"Файл «{name}» не принят: текст документа длиннее {limits.max_text} символов.")
    if "\x00" in text:
        corrupt(name, "в тексте есть двоичные данные")
    return Inspected("text", name, len(data), text.replace("\r\n", "\n").replace("\r", "\n").strip())

"""Required sections: is each title there, at the start of a line of the document's text."""
from __future__ import annotations

import re

# Numbering and bullets a section title may follow at the start of a line:
# "1.", "2.3)", "II.", "а)", "Раздел 3.", "•", "—", "§ 2".
_LEAD = re.compile(r"""(?:
      (?:раздел|глава|часть|section|chapter)\s+[0-9ivxlc]+[.:)]?\s*
    | [ivxlc]+[.)]\s+
    | [а-яa-z]\)\s*
    | [0-9.)(\[\]•·*§№:\-–—]+\s*
)*""", re.X | re.I)


def normalise(text):
    """Text as section titles are compared: case-folded, ё as е, runs of whitespace as one space."""
    return " ".join(text.replace("ё", "е").replace("Ё", "Е").casefold().split())


def _line_starts(text):
    # The lines joined by single spaces, and where each line's words begin
    # after its numbering; joined so a title wrapped over two lines still matches.
    joined, starts, pos = [], [], 0
    for line in text.splitlines():
        line = normalise(line)
        if not line:
            continue
        starts.append(pos + _LEAD.match(line).end())
        joined.append(line)
        pos += len(line) + 1
    return " ".join(joined), starts


def _title_at(joined, pos, title):
    end = pos + len(title)
    return joined.startswith(title, pos) and (end == len(joined) or not joined[end].isalnum())


def missing_sections(inspected, sections, *, anywhere=False):
    """The sections (``{"code", "title"}`` items, as ``Host.required_sections`` gives) not in the text.

    A section is present when its title begins a line of the document's text
    (after any numbering such as «1.», «II.», «Раздел 3.»), compared without
    regard to case, «ё» or whitespace; with ``anywhere=True`` anywhere in the
    text will do. ``inspected`` is an ``Inspected`` or a plain string.
    Returns the missing items themselves, in the order given.
    """
    text = inspected if isinstance(inspected, str) else inspected.text
    joined, starts = _line_starts(text or "")
    missing = []
    for section in sections:
        title = normalise(section["title"])
        if not title:
            continue
        if anywhere:
            found = any(_title_at(joined, m.start(), title) and (m.start() == 0 or not joined[m.start() - 1].isalnum())
                        for m in re.finditer(re.escape(title), joined))
        else:
            found = any(_title_at(joined, pos, title) for pos in starts)
        if not found:
            missing.append(section)
    return missing


def missing_sections_message(missing, inspected=None):
    """The Russian message for the user about ``missing`` sections, or None when none are missing.

    Given ``inspected`` with no text at all, says that it is probably a scan
    instead of listing every section.
    """
    if not missing:
        return None
    text = inspected if isinstance(inspected, str) or inspected is None else inspected.text
    if text is not None and not text.strip():
        return ("В документе не найден текст: возможно, это скан без текстового слоя. "
                "Загрузите документ, сохранённый из текстового редактора (Word или PDF с текстом).")
    titles = ", ".join(f"«{section['title']}»" for section in missing)
    if len(missing) == 1:
        return f"В документе нет раздела {titles}."
    return f"В документе нет разделов: {titles}."

""".docx and .xlsx: structure, safety checks over every part, and text.

python-docx and openpyxl are not used on uploads: both read whole parts into
memory before we could bound them. Parts are read here with the streaming
helpers of ``_zip`` instead.
"""
from __future__ import annotations

import re

from core.docinspect._base import KINDS, Inspected, corrupt, refuse
from core.docinspect._nested import EmbeddedArchive
from core.docinspect._zip import Budget, check_entries, guarded_xml, inflate, locate, parse_xml

CONTENT_TYPES = "[content_types].xml"
PACKAGE_RELATIONSHIPS = "_rels/.rels"
MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
# What [Content_Types].xml must say the main part is (macro-enabled types are refused as macros).
_OFFICE = "application/vnd.openxmlformats-officedocument."
MAIN_TYPES = {"docx": {_OFFICE + "wordprocessingml.document.main+xml", _OFFICE + "wordprocessingml.template.main+xml"},
              "xlsx": {_OFFICE + "spreadsheetml.sheet.main+xml", _OFFICE + "spreadsheetml.template.main+xml"}}
_TYPES_ROOT = "{http://schemas.openxmlformats.org/package/2006/content-types}Types"
# The main part's root element, in Transitional and Strict OOXML.
MAIN_ROOTS = {"docx": {f"{{{namespace}}}document" for namespace in (
                  "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                  "http://purl.oclc.org/ooxml/wordprocessingml/main")},
              "xlsx": {f"{{{namespace}}}workbook" for namespace in (
                  "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                  "http://purl.oclc.org/ooxml/spreadsheetml/main")}}

# Transitional and Strict OOXML spell the WordprocessingML namespace differently.
_W = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
      "http://purl.oclc.org/ooxml/wordprocessingml/main")
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_WORD_TAGS = {f"{{{namespace}}}{local}": local for namespace in _W
              for local in ("p", "t", "tab", "br", "cr", "noBreakHyphen", "pStyle", "outlineLvl", "r", "pPr")}
_HEADING_NAME = re.compile(r"^(heading|заголовок)\s*\d|^(title|заголовок|название)$", re.I)


def classify(entries):
    """What a ZIP container holds, judged by its part names: docx, xlsx, pptx, odf or zip."""
    names = {entry.name.casefold() for entry in entries}
    if CONTENT_TYPES in names:
        for kind, main in MAIN_PART.items():
            if main in names:
                return kind
        if "ppt/presentation.xml" in names:
            return "pptx"
    if "mimetype" in names and "content.xml" in names:
        return "odf"
    return "zip"


def _split(tag):
    namespace, _, local = tag.rpartition("}")
    return namespace[1:], local


class _Root:
    """Remembers the root element's tag of a part, then hands every event on to ``handler``."""

    def __init__(self, handler=None):
        self.handler = handler
        self.tag = None

    def __call__(self, event, element):
        if self.tag is None:
            self.tag = element.tag
        if self.handler is not None:
            self.handler(event, element)


class _Relationships:
    """_rels/.rels: the package's relationships, as (type, target) pairs."""

    def __init__(self):
        self.found = []

    def __call__(self, event, element):
        if event == "end" and _split(element.tag)[1] == "Relationship":
            self.found.append((element.get("Type") or "", element.get("Target") or ""))

    def points_to(self, part):
        """Whether the package's officeDocument relationship names ``part`` as the main part."""
        # NB: Transitional and Strict spell the type's namespace differently; both end alike.
        return any(kind.endswith("/officeDocument") and target.lstrip("/").casefold() == part
                   for kind, target in self.found)


class _ContentTypes:
    """[Content_Types].xml: which parts are XML, and whether any carries macros."""

    def __init__(self):
        self.defaults = {}
        self.overrides = {}
        self.root = None

    def __call__(self, event, element):
        if self.root is None:
            self.root = element.tag
        if event != "end":
            return
        local = _split(element.tag)[1]
        if local == "Default":
            self.defaults[(element.get("Extension") or "").casefold()] = element.get("ContentType") or ""
        elif local == "Override":
            self.overrides[(element.get("PartName") or "").casefold()] = element.get("ContentType") or ""

    def of(self, part):
        """The content type of ``part`` (a name inside the archive)."""
        key = part.casefold()
        if "/" + key in self.overrides:
            return self.overrides["/" + key]
        return self.defaults.get(key.rpartition(".")[2], "")

    def is_xml(self, part):
        """Whether ``part`` is XML, by its extension or its declared content type."""
        content_type = self.of(part).split(";")[0].strip().casefold()
        return (part.casefold().endswith((".xml", ".rels"))
                or content_type.endswith(("+xml", "/xml")))

    def has_macros(self):
        """Whether any part is declared as macro-enabled or as a VBA project."""
        types = list(self.defaults.values()) + list(self.overrides.values())
        return any("macroenabled" in t.casefold() or "vbaproject" in t.casefold() for t in types)


class _WordStyles:
    """word/styles.xml: which paragraph style ids are headings."""

    def __init__(self):
        self.styles = {}     # id -> [name, based_on, outline]
        self.current = None

    def __call__(self, event, element):
        namespace, local = _split(element.tag)
        if namespace not in _W:
            return
        if event == "start":
            if local == "style" and element.get(f"{{{namespace}}}type", "paragraph") == "paragraph":
                self.current = self.styles.setdefault(element.get(f"{{{namespace}}}styleId", ""),
                                                      ["", None, None])
            return
        value = element.get(f"{{{namespace}}}val")
        if local == "style":
            self.current = None
        elif self.current is None:
            return
        elif local == "name":
            self.current[0] = value or ""
        elif local == "basedOn":
            self.current[1] = value
        elif local == "outlineLvl" and value and value.isdigit():
            self.current[2] = int(value)

    def heading_ids(self):
        """Style ids whose paragraphs are headings (by name, outline level or inheritance)."""
        def is_heading(style_id, depth=0):
            name, based_on, outline = self.styles.get(style_id, ("", None, None))
            if _HEADING_NAME.search(name.strip()) or (outline is not None and outline < 9):
                return True
            return depth < 10 and based_on is not None and is_heading(based_on, depth + 1)
        return {style_id for style_id in self.styles if is_heading(style_id)}


class _TextBudget:
    def __init__(self, name, limits):
        self.name = name
        self.limits = limits
        self.chars = 0

    def add(self, text):
        self.chars += len(text)
        if self.chars > self.limits.max_text:
            refuse("text_too_long", f"Файл «{self.name}» не принят: текст документа длиннее "
                                    f"{self.limits.max_text} символов.")


class _WordText:
    """word/document.xml: paragraphs (table cells included) in document order."""

    def __init__(self, text_budget):
        self.budget = text_budget
        self.paragraphs = []     # (line, style id, outline level)
        self.stack = []          # open paragraphs: [pieces, style id, outline level]
        self.fallback = 0

    def _add(self, piece):
        self.budget.add(piece)
        self.stack[-1][0].append(piece)

    def __call__(self, event, element):
        # NB: called for every element of the body; dispatching on the full
        # tag through one dict lookup keeps large documents quick.
        local = _WORD_TAGS.get(element.tag)
        if local is None:
            if element.tag == _MC_FALLBACK:
                # Word writes text boxes twice (the mc:Choice and an old-style
                # mc:Fallback copy); read only the first.
                self.fallback += 1 if event == "start" else -1
            return
        if local == "p":
            if event == "start":
                self.stack.append([[], None, None])
                return
            pieces, style, outline = self.stack.pop()
            if not self.fallback:
                for line in "".join(pieces).split("\n"):
                    self.paragraphs.append((line.strip(), style, outline))
            return
        if event != "end" or self.fallback or not self.stack:
            return
        if local == "t":
            self._add(element.text or "")
        elif local == "noBreakHyphen":
            self._add("-")
        else:
            parent = element.getparent()
            parent_local = _WORD_TAGS.get(parent.tag) if parent is not None else None
            if local == "tab" and parent_local == "r":
                self._add("\t")
            elif local in ("br", "cr") and parent_local == "r":
                self._add("\n")
            elif local in ("pStyle", "outlineLvl") and parent_local == "pPr":
                grandparent = parent.getparent()
                if grandparent is not None and _WORD_TAGS.get(grandparent.tag) == "p":
                    value = element.get(f"{{{_split(element.tag)[0]}}}val")
                    if local == "pStyle":
                        self.stack[-1][1] = value
                    elif value and value.isdigit():
                        self.stack[-1][2] = int(value)


class _WorkbookSheets:
    """xl/workbook.xml: sheet names."""

    def __init__(self):
        self.sheets = []

    def __call__(self, event, element):
        if event == "end" and _split(element.tag)[1] == "sheet":
            self.sheets.append(element.get("name") or "")


class _CellStrings:
    """Cell strings, one per line: shared (xl/sharedStrings.xml ``si``) or inline (a sheet's ``is``)."""

    def __init__(self, text_budget):
        self.budget = text_budget
        self.strings = []
        self.pieces = []
        self.phonetic = 0

    def __call__(self, event, element):
        local = _split(element.tag)[1]
        if local == "rPh":
            self.phonetic += 1 if event == "start" else -1
        elif event == "end" and local == "t" and not self.phonetic:
            self.budget.add(element.text or "")
            self.pieces.append(element.text or "")
        elif event == "end" and local in ("si", "is"):
            self.strings.append("".join(self.pieces).strip())
            self.pieces = []


def inspect_ooxml(data, entries, kind, name, limits):
    """Check every part of a .docx/.xlsx within the limits and extract its text."""
    check_entries(entries, name, limits)
    if any(entry.name.casefold().rpartition("/")[2] == "vbaproject.bin" for entry in entries):
        _macros(name)
    locate(data, entries, name)
    budget = Budget(name, limits)
    text_budget = _TextBudget(name, limits)
    by_name = {entry.name.casefold(): entry for entry in entries}

    # [Content_Types].xml first: it says which of the other parts are XML.
    types = _ContentTypes()
    parse_xml(guarded_xml(inflate(data, by_name[CONTENT_TYPES], budget), CONTENT_TYPES, name),
              types, "[Content_Types].xml", name)
    if types.has_macros():
        _macros(name)
    main = MAIN_PART[kind]
    if types.root != _TYPES_ROOT:
        _not_a_package(name, kind, "в нём нет описания типов частей ([Content_Types].xml)")
    if types.of(main).split(";")[0].strip().casefold() not in MAIN_TYPES[kind]:
        _not_a_package(name, kind, f"часть «{main}» не объявлена как {KINDS[kind].found}")

    if kind == "docx":
        styles, body = _WordStyles(), _WordText(text_budget)
        handlers = {"word/styles.xml": styles, "word/document.xml": body}
    else:
        sheets, strings = _WorkbookSheets(), _CellStrings(text_budget)
        handlers = {"xl/workbook.xml": sheets, "xl/sharedstrings.xml": strings}
        # Inline strings (openpyxl writes these) live in the sheets themselves.
        handlers.update({entry.name.casefold(): strings for entry in entries
                         if re.fullmatch(r"xl/worksheets/[^/]+\.xml", entry.name.casefold())})

    relationships, root = _Relationships(), _Root(handlers.get(main))
    handlers.update({PACKAGE_RELATIONSHIPS: relationships, main: root})

    # NB: every part is inflated, not only those we read: a part that lies
    # about its size or hides a DOCTYPE would bite whoever opens the file next.
    for entry in entries:
        key = entry.name.casefold()
        if key == CONTENT_TYPES:
            continue
        chunks = inflate(data, entry, budget)
        if types.is_xml(entry.name):
            chunks = guarded_xml(chunks, entry.name, name)
        if key in handlers:
            parse_xml(chunks, handlers[key], entry.name, name)
        else:
            # NB: an embedded object may be an archive of its own: what it declares counts too.
            embedded = EmbeddedArchive()
            for _ in embedded.watch(chunks):
                pass
            embedded.check(entry.name, name, limits, budget)
    if not relationships.points_to(main):
        _not_a_package(name, kind, f"связи пакета (_rels/.rels) не указывают на основную часть «{main}»")
    if root.tag not in MAIN_ROOTS[kind]:
        _not_a_package(name, kind, f"в части «{main}» нет {'текста документа' if kind == 'docx' else 'книги'}")

    size = len(data)
    if kind == "docx":
        heading_ids = styles.heading_ids()
        lines = [line for line, _, _ in body.paragraphs if line]
        headings = tuple(line for line, style, outline in body.paragraphs
                         if line and (style in heading_ids or (outline is not None and outline < 9)))
        return Inspected("docx", name, size, "\n".join(lines), headings=headings)
    if not sheets.sheets:
        corrupt(name, "в книге нет ни одного листа")
    lines = [line for line in sheets.sheets + strings.strings if line]
    return Inspected("xlsx", name, size, "\n".join(lines), sheets=tuple(sheets.sheets))


def _macros(name):
    refuse("macros", f"Файл «{name}» содержит макросы; сохраните его как обычный документ "
                     f"(.docx или .xlsx, без макросов) и загрузите снова.")


def _not_a_package(name, kind, detail):
    refuse("package", f"Файл «{name}» не является {KINDS[kind].expected}: это ZIP-архив без устройства "
                      f"документа Office ({detail}).")

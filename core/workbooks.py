"""Excel workbooks the application writes for people to open: what came from users stays data.

A school or a teacher imported as ``=HYPERLINK("http://…","…")`` or
``=cmd|' /C calc'!A0`` must reach Excel as the text it is, never as a
formula (OWASP, "CSV injection"). openpyxl makes every string that begins with
``=`` a formula the moment it is assigned, so every writer saves its book
through ``workbook_bytes``: it turns each formula cell back into the string it
was, and marks it, and every string that begins like a formula (``=``, ``+``,
``-``, ``@``, a tab or a carriage return), with Excel's quote prefix, which
keeps a cell text even when someone edits it. Numbers, dates and booleans
stay what they are. No export of the application writes a formula of its own.
"""
import io

#: What a spreadsheet may read as the start of a formula (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(book):
    """Make every formula cell of ``book`` the text it was, and mark formula-like text as text."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (cell.data_type == "s" and isinstance(cell.value, str)
                                             and cell.value.startswith(FORMULA_START)):
                    cell.data_type = "s"
                    cell.quotePrefix = True
    return book


def workbook_bytes(book):
    """The .xlsx file of an openpyxl ``book``, defused (``defuse``)."""
    out = io.BytesIO()
    defuse(book).save(out)
    return out.getvalue()

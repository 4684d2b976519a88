"""The execution of a roadmap as an Excel workbook: the figures by level, section and authority, and the late
measures; every text from users stays text (``core.workbooks.workbook_bytes``).

openpyxl is imported by the functions that write a book, not at the top: with numpy, which it imports, it
would add a third of a second to every worker's start for the few who ask for a book.
"""
from core.workbooks import workbook_bytes

HEAD = ["", "Всего", "Наступили сроки", "Выполнено в срок", "С нарушением срока", "Не выполнено", "Просрочено",
        "Перенесено", "Доля выполненных в срок"]


def _figures(title, f):
    return [title, f.total, f.due, f.on_time, f.late_done, f.not_done, f.overdue, f.moved, f.share]


def _sheet(book, title, first, rows, sheet=None):
    from openpyxl.styles import Font

    sheet = sheet or book.create_sheet(title)
    sheet.append([first] + HEAD[1:])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
        sheet.cell(sheet.max_row, len(HEAD)).number_format = "0.0%"
    sheet.column_dimensions["A"].width = 60
    for letter in "BCDEFGHI":
        sheet.column_dimensions[letter].width = 14
    sheet.freeze_panes = "B2"
    return sheet


def execution_workbook(board, late):
    """A roadmap's ``Dashboard`` and its ``Late`` measures as .xlsx bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    summary = book.active
    summary.title = "Сводка"
    _sheet(book, "Сводка", f"{board.roadmap.title} — на {board.today:%d.%m.%Y}",
           [_figures("Всего", board.overall)] + [_figures(r.title, r.figures) for r in board.levels], summary)
    _sheet(book, "По разделам", "Раздел", [_figures(r.title, r.figures) for r in board.sections])
    if board.children:
        _sheet(book, board.children_title[:31], board.children_title,
               [_figures(r.title, r.figures) for r in board.children])
    sheet = book.create_sheet("Просроченные")
    sheet.append(["Исполнитель", "Мероприятие", "Срок", "Срок сейчас", "Состояние", "Причина"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for x in late:
        sheet.append([x.authority, x.measure, x.due, x.deadline, x.state, x.reason or ""])
        for column in (3, 4):
            sheet.cell(sheet.max_row, column).number_format = "DD.MM.YYYY"
    for letter, width in zip("ABCDEF", (40, 80, 12, 12, 28, 50)):
        sheet.column_dimensions[letter].width = width
    return workbook_bytes(book)


def federal_workbook(rows, today):
    """Every region's execution side by side as .xlsx bytes."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Регионы"
    _sheet(book, "Регионы", f"Регион (на {today:%d.%m.%Y})", [_figures(r.title, r.figures) for r in rows], sheet)
    return workbook_bytes(book)

"""The report as an Excel workbook (openpyxl): one sheet per table, shares formatted as percentages."""
from core.attestation_monitoring.quarterly import QUARTERS
from core.cmm.model import COMPETENCES
from core.cmm.model import LEVELS as LEVEL_TITLES
from core.workbooks import workbook_bytes

KIND_TITLES = {"single": "один ответ", "multiple": "несколько ответов", "short": "краткий ответ",
               "case": "управленческий кейс"}


def kind_title(kind):
    """An item's kind as the report names it («управленческий кейс»)."""
    return KIND_TITLES.get(kind, kind)


def competence_title(code):
    """A competence by its title, never its code."""
    return COMPETENCES.get(code, code)
RATE_HEAD = ["Группа", "Код", "Участников", "Оценены", "Прошли", "Доля прошедших"]
ITEM_HEAD = ["Код задания", "Вид", "Компетенция", "Уровень", "Версии", "Показов (тестов)", "Ответов",
             "Трудность (доля выполнения)", "Точечно-бисериальный r (без задания)", "Индекс D (27 %)", "Текст"]


def _sheet(book, title, head, rows, percent_columns=(), widths=()):
    from openpyxl.styles import Font
    sheet = book.create_sheet(title)
    sheet.append(head)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
        for column in percent_columns:
            sheet.cell(sheet.max_row, column).number_format = "0.0%"
    for n, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(1, n).column_letter].width = width
    sheet.freeze_panes = "A2"
    return sheet


def _rates(rows):
    return [(r["title"], r["code"], r["participants"], r["assessed"], r["passed"], r["rate"]) for r in rows]


def _items(items):
    return [(i["code"], kind_title(i["kind"]), competence_title(i["competence"]),
             LEVEL_TITLES.get(i["level"], i["level"]),
             ", ".join(str(v) for v in i["versions"]), i["exposure"], i["answers"],
             None if i["difficulty"] is None else round(i["difficulty"], 4),
             None if i["point_biserial"] is None else round(i["point_biserial"], 4),
             None if i["upper_lower"] is None else round(i["upper_lower"], 4), i["stem"]) for i in items]


def _report_sheets(book, figures):
    widths = (40, 14, 12, 10, 10, 16)
    _sheet(book, "По категориям", RATE_HEAD, _rates(figures["by_category"]), (6,), widths)
    _sheet(book, "По типам школ", RATE_HEAD, _rates(figures["by_school_type"]), (6,), widths)
    _sheet(book, "По муниципалитетам", RATE_HEAD, _rates(figures["by_municipality"]), (6,), widths)
    _sheet(book, "Задания", ITEM_HEAD, _items(figures["items"]), (),
           (22, 18, 14, 10, 8, 10, 9, 14, 16, 12, 80))


def _summary(book, title, figures):
    from openpyxl.styles import Font
    sheet = book.active
    sheet.title = "Сводка"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(["Состояние", "Число аттестуемых"])
    for s in figures["states"]:
        sheet.append([s["title"], s["count"]])
    sheet.append([])
    overall = figures["overall"]
    sheet.append(["Оценены", overall["assessed"]])
    sheet.append(["Прошли", overall["passed"]])
    sheet.append(["Доля прошедших", overall["rate"]])
    sheet.cell(sheet.max_row, 2).number_format = "0.0%"
    for t in figures["thresholds"]:
        sheet.append([f"Порог: {t['title']}", t["threshold"], t["rule"], "зафиксирован" if t["frozen"] else ""])
    sheet.column_dimensions["A"].width = 50
    sheet.column_dimensions["C"].width = 50
    return sheet


def report_workbook(figures):
    """A campaign report's (or a snapshot's) figures as .xlsx bytes."""
    from openpyxl import Workbook
    book = Workbook()
    _summary(book, f"Информационно-аналитический отчёт: аттестация руководителей ОО, {figures['region_title']}, "
                   f"{figures['year']}", figures)
    _report_sheets(book, figures)
    return workbook_bytes(book)


def annual_workbook(annual):
    """The annual report as .xlsx bytes: the quarters' dynamics, then the year's tables."""
    from openpyxl import Workbook
    book = Workbook()
    _summary(book, f"Годовой отчёт по итогам четырёх мониторингов: {annual.region_title}, {annual.year}", annual.final)
    rows = [(title, *values) for title, values, _ in annual.dynamics]
    sheet = _sheet(book, "Динамика по кварталам", ["Показатель"] + [QUARTERS[q.quarter] for q in annual.quarters],
                   rows, (), (50, 14, 14, 14, 14))
    for n, (_, _, kind) in enumerate(annual.dynamics, start=2):
        if kind == "rate":
            for column in range(2, 6):
                sheet.cell(n, column).number_format = "0.0%"
    _report_sheets(book, annual.final)
    return workbook_bytes(book)

"""A list of people (XLSX or CSV) read into rows: name, e-mail, phone, position, organisation code, role.

The headings may be Russian («ФИО», «Эл. почта», «Телефон», «Должность»,
«Код организации», «Роль») or the column names; a role is its code
(``school_head``) or its Russian title («Руководитель ОО»). The file is read
by the one reader of tables (``core.docinspect.tables``): an upload through
a page is inspected first and holds at most ``MAX_ROWS`` people; the command
reads any size.
"""
from core.accounts.people import Row
from core.docinspect.tables import MAX_ROWS, TableRefused, table_rows, uploaded_table  # noqa: F401

COLUMNS = ("name", "email", "phone", "position", "organisation", "role")
REQUIRED = ("name", "email", "organisation", "role")
COLUMN_TITLES = {"name": "ФИО", "email": "Эл. почта", "phone": "Телефон", "position": "Должность",
                 "organisation": "Код организации", "role": "Роль"}
HEADINGS = {
    "фио": "name", "фамилия, имя, отчество": "name", "фамилия имя отчество": "name", "name": "name",
    "эл. почта": "email", "эл.почта": "email", "электронная почта": "email", "e-mail": "email", "email": "email",
    "почта": "email", "адрес эл. почты": "email",
    "телефон": "phone", "phone": "phone",
    "должность": "position", "position": "position",
    "код организации": "organisation", "организация": "organisation", "код оо": "organisation",
    "organisation": "organisation", "organization": "organisation", "org_code": "organisation",
    "роль": "role", "role": "role",
}
TOO_MANY = (f"В списке больше {MAX_ROWS} человек: за один раз на странице загружается не больше {MAX_ROWS}. "
            "Разделите список на части или загрузите его командой oko import-users.")


def _heading(cells):
    return [HEADINGS.get(" ".join(str(c).split()).lower().replace("ё", "е")) for c in cells]


def people_rows(lines):
    """``Row`` of each filled line of ``lines`` (``(line, cells)``) below its heading; TableRefused naming the line."""
    columns, rows = None, []
    for line, cells in lines:
        cells = [str(c).strip() for c in cells]
        if not any(cells):
            continue
        if columns is None:
            columns = _heading(cells)
            missing = [COLUMN_TITLES[c] for c in REQUIRED if c not in columns]
            if missing:
                raise TableRefused(f"Строка {line}: нет столбцов {', '.join(f'«{m}»' for m in missing)}. Первая "
                                   f"строка списка — заголовки: {', '.join(COLUMN_TITLES.values())}.")
            continue
        values = {}
        for column, cell in zip(columns, cells):
            if column is not None and not values.get(column):
                values[column] = cell
        rows.append(Row(line, **values))
    if columns is None:
        raise TableRefused("Строка 1: список пуст.")
    if not rows:
        raise TableRefused("В списке нет ни одного человека: под заголовками нет заполненных строк.")
    return rows


def uploaded_people(upload, filename, limits):
    """The rows of a list uploaded through a page (inspected first, at most ``MAX_ROWS`` people)."""
    return people_rows(uploaded_table(upload, filename, limits, too_many=TOO_MANY))


def file_people(data, filename):
    """The rows of a list an operator's command hands over (any size)."""
    return people_rows(table_rows(data, filename))

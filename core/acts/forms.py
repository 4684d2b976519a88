"""The colander schema of a template's variables: one node per variable, Russian messages.

The same schema checks the drafting page (through deform) and the JSON API
(``values_from_json``). Each node carries ``oko_type`` (the variable type) so
the page can choose its widgets.
"""
import datetime

import colander

from core.web.forms import RuNumber

REQUIRED = "Обязательное поле"
MAX_STRING = 500
MAX_TEXT = 20000
MAX_ROWS = 500


class RuInteger(colander.Integer):
    """An integer whose error speaks Russian."""

    err_template = "«${val}» — не целое число"


def _node(var, required=None):
    required = var.required if required is None else required
    kind = var.type
    if kind == "int":
        node = colander.SchemaNode(RuInteger(), validator=colander.Range(
            min=0, max=10 ** 9, min_err="Не меньше ${min}", max_err="Не больше ${max}"))
    elif kind == "number":
        node = colander.SchemaNode(RuNumber(), validator=colander.Range(
            min=-10 ** 9, max=10 ** 9, min_err="Не меньше ${min}", max_err="Не больше ${max}"))
    elif kind == "date":
        node = colander.SchemaNode(colander.Date(), validator=colander.Range(
            min=datetime.date(1990, 1, 1), max=datetime.date(2100, 12, 31),
            min_err="Дата не раньше 1990 года", max_err="Дата не позже 2100 года"))
        node.typ.err_template = "Неверная дата: «${val}» (нужно ГГГГ-ММ-ДД)"
    elif kind == "choice":
        node = colander.SchemaNode(colander.String(), validator=colander.OneOf(
            var.choices, msg_err="Выберите значение из списка"))
    else:
        limit = MAX_TEXT if kind == "text" else MAX_STRING
        node = colander.SchemaNode(colander.String(), validator=colander.Length(
            max=limit, max_err="Не длиннее ${max} символов"))
    node.name, node.title, node.description = var.name, var.title, var.help
    node.missing_msg = REQUIRED
    if not required:
        node.missing = None if kind in ("int", "number", "date") else ""
    node.oko_type = kind
    node.oko_choices = var.choices
    return node


def _table(var):
    row = colander.SchemaNode(colander.Mapping(), name="row", title="Строка")
    for col in var.columns:
        row.add(_node(col))
    node = colander.SchemaNode(colander.Sequence(), row, name=var.name, title=var.title,
                               description=var.help)
    minimum = 1 if var.required else 0
    node.validator = colander.Length(min=minimum, max=MAX_ROWS, min_err="Нужна хотя бы одна строка",
                                     max_err="Не больше ${max} строк")
    node.missing_msg = "Нужна хотя бы одна строка"
    if not var.required:
        node.missing = []
    node.oko_type = "table"
    node.oko_min_rows = max(minimum, 1)
    return node


def values_schema(schema):
    """A colander mapping of every variable of a docgen ``Schema``, in form order."""
    root = colander.SchemaNode(colander.Mapping())
    for var in schema.variables:
        root.add(_table(var) if var.type == "table" else _node(var))
    return root


def invalid_details(error):
    """A colander ``Invalid`` as ``[{"field", "message"}]`` (field paths like "teachers.0.name")."""
    return [{"field": name or None, "message": message} for name, message in sorted(error.asdict().items())]


def values_from_json(schema, data):
    """Checked Python values from JSON ``data``; raises colander.Invalid with Russian messages."""
    root = values_schema(schema)
    if isinstance(data, dict):
        unknown = sorted(set(data) - set(schema.names))
        if unknown:
            raise colander.Invalid(root, f"В шаблоне нет переменных: {', '.join(unknown)}")
    return root.deserialize(data if isinstance(data, dict) else colander.null)


def values_to_json(values):
    """Stored values as JSON (dates as ISO strings)."""
    def one(value):
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, (list, tuple)):
            return [one(v) for v in value]
        if isinstance(value, dict):
            return {k: one(v) for k, v in value.items()}
        return value
    return one(dict(values))

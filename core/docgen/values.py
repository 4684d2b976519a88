"""From the values a user typed to the context a template is rendered with."""
import datetime
import re

from core.docgen.engine import LEFTOVERS, GenerationRefused

# NB: XML 1.0 forbids most control characters; a pasted one would corrupt the .docx.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# What an unfilled optional value prints as, per type.
_EMPTY = {"string": "", "text": "", "choice": "", "date": None, "int": None, "number": None, "table": ()}
SAMPLE = {"string": "Образец", "text": "Образец текста\nв две строки", "date": datetime.date(2000, 1, 1),
          "int": 1, "number": 12.5}


def clean_text(value, multiline):
    """``value`` as text safe for a document: no control characters, Unix line ends."""
    text = _CONTROL.sub("", str(value).replace("\r\n", "\n").replace("\r", "\n")).strip()
    return text if multiline else " ".join(text.split())


def _is_empty(value):
    return value is None or value == "" or value == () or value == []


def _scalar(var, value, label):
    if var.type in ("string", "text", "choice"):
        text = clean_text(value, var.type == "text")
        for tag in LEFTOVERS:
            if tag in text:
                raise GenerationRefused(f"Поле «{label}»: сочетание «{tag}» недопустимо в тексте акта.")
        if var.type == "choice" and text not in var.choices:
            raise GenerationRefused(f"Поле «{label}»: выберите значение из списка.")
        return text
    if var.type == "date" and not isinstance(value, datetime.date):
        raise GenerationRefused(f"Поле «{label}»: ожидается дата.")
    if var.type == "int" and (isinstance(value, bool) or not isinstance(value, int)):
        raise GenerationRefused(f"Поле «{label}»: ожидается целое число.")
    if var.type == "number" and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise GenerationRefused(f"Поле «{label}»: ожидается число.")
    return value


def _cell(var, value, label):
    if _is_empty(value) or (isinstance(value, str) and not value.strip()):
        if var.required:
            raise GenerationRefused(f"Не заполнено обязательное поле «{label}».")
        return _EMPTY[var.type]
    return _scalar(var, value, label)


def build_context(schema, values, number=None, date=None):
    """The rendering context: every variable of ``schema`` from ``values``, checked.

    Values are Python values (str, ``datetime.date``, int, float, a list of row
    dicts); an optional one left out prints as nothing. Raises
    GenerationRefused (Russian) for a missing required value or a value that
    could pass for template code.
    """
    context = {"number": str(number) if number else "", "date": date}
    for var in schema.variables:
        value = values.get(var.name)
        if var.type != "table":
            context[var.name] = _cell(var, value, var.title)
            continue
        rows = [] if _is_empty(value) else list(value)
        if var.required and not rows:
            raise GenerationRefused(f"Таблица «{var.title}»: нужна хотя бы одна строка.")
        context[var.name] = [
            {col.name: _cell(col, (row or {}).get(col.name), f"{var.title}, строка {n}: {col.title}")
             for col in var.columns}
            for n, row in enumerate(rows, start=1)]
    return context


def sample_values(schema):
    """Plausible values for every variable: a trial render when a template is loaded."""
    def one(var):
        return var.choices[0] if var.type == "choice" else SAMPLE[var.type]
    values = {}
    for var in schema.variables:
        if var.type == "table":
            values[var.name] = [{c.name: one(c) for c in var.columns} for _ in range(2)]
        else:
            values[var.name] = one(var)
    return values

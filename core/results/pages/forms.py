"""The forms of the results base: a table's upload, and the school's own passport facts of a year.

The facts form is built from the region's passport fields (the ones the
school fills): a field of each kind with its unit and source beside its
title, its value read by the same rules an import reads it by
(``core.results.facts.clean``), so a typed «12,5» and an imported «12.5» are
the same share.
"""
import colander
import deform

from core.results.facts import clean
from core.views.documents import MemoryTmpStore
from core.web.forms import Form

REQUIRED = "Обязательное поле"


def upload_schema(title="Файл (CSV или XLSX)"):
    """One table file (a store of its own per request: nothing is kept by the form)."""
    schema = colander.SchemaNode(colander.Mapping())
    schema.add(colander.SchemaNode(deform.FileData(), name="file", title=title, missing_msg="Выберите файл",
                                   widget=deform.widget.FileUploadWidget(MemoryTmpStore())))
    return schema


def _checked(field):
    def validator(node, value):
        try:
            clean(field, value)
        except ValueError as exc:
            raise colander.Invalid(node, str(exc)) from None
    return validator


def _title(field):
    unit = f", {field['unit']}" if field.get("unit") else ""
    return f"{field['title']}{unit}"


def facts_schema(fields, years):
    """The school's own fields of a year: ``fields`` (``PassportField``), the year chosen among ``years``."""
    schema = colander.SchemaNode(colander.Mapping())
    schema.add(colander.SchemaNode(colander.Integer(), name="year", title="Год", missing_msg=REQUIRED,
                                   validator=colander.OneOf(years, msg_err="Выберите год из списка"),
                                   widget=deform.widget.SelectWidget(values=[(str(y), str(y)) for y in years])))
    for field in fields:
        description = f"Источник: {field['source']}." + (f" {field['help']}" if field.get("help") else "")
        kw = {"name": field["code"], "title": _title(field), "description": description, "missing": "",
              "validator": _checked(field)}
        if field["kind"] == "choice":
            kw["widget"] = deform.widget.SelectWidget(values=[("", "—"), *[(c, t) for c, t in field["choices"]]])
        elif field["kind"] == "flag":
            kw["widget"] = deform.widget.SelectWidget(values=[("", "—"), ("да", "да"), ("нет", "нет")])
        elif field["kind"] == "text":
            kw["widget"] = deform.widget.TextInputWidget()
        else:
            kw["widget"] = deform.widget.TextInputWidget(attributes={"inputmode": "decimal"})
        schema.add(colander.SchemaNode(colander.String(), **kw))
    return schema


def form(request, schema, action, formid, button):
    """A form of ``schema`` posting to ``action`` (``core.web.forms.Form``)."""
    return Form(request, schema, action=action, formid=formid, buttons=(deform.Button("save", button),))

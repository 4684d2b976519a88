"""The forms of teacher attestation a person fills in: colander schemas rendered by deform, in Russian.

Adding a teacher to the plan, the support schedule, the expert's checklist,
the commission's decision, the work record book mark and the import file.
A form that fails re-renders what was typed with the messages beside the
fields; one-click steps stay plain buttons in the templates.
"""
import colander
import deform

from core.refused import Refused
from core.teachers.model import CATEGORIES, DECISIONS, POSTS, decisions_for
from core.teachers.pages._common import form_date, refused
from core.views.documents import MemoryTmpStore
from core.views.steps import take_form
from core.web.forms import Form

REQUIRED = "Обязательное поле"
_TEXT = colander.Length(max=500, max_err="Не длиннее ${max} символов")


class FormDate(colander.Date):
    """A date typed as ГГГГ-ММ-ДД (the browser's date field) or ДД.ММ.ГГГГ, with a Russian error."""

    def deserialize(self, node, cstruct):
        """The date, or ``Invalid`` saying how to type it."""
        if cstruct in (colander.null, None, ""):
            return colander.null
        try:
            return form_date(cstruct)
        except Refused as exc:
            raise colander.Invalid(node, str(exc)) from None


def _date(title, **kw):
    return colander.SchemaNode(FormDate(), title=title, missing_msg=REQUIRED,
                               widget=deform.widget.TextInputWidget(attributes={"type": "date"}), **kw)


def _text(title, **kw):
    kw.setdefault("validator", _TEXT)
    return colander.SchemaNode(colander.String(), title=title, missing_msg=REQUIRED, **kw)


def _choice(name, title, choices, blank=None):
    choices = list(choices)
    values = ([("", blank)] if blank else []) + choices
    return colander.SchemaNode(colander.String(), name=name, title=title, missing_msg=REQUIRED,
                               validator=colander.OneOf([v for v, _ in choices], msg_err="Выберите значение из списка"),
                               widget=deform.widget.SelectWidget(values=values))


def _mapping(*nodes, **kw):
    schema = colander.SchemaNode(colander.Mapping(), **kw)
    for node in nodes:
        schema.add(node)
    return schema


def plan_schema():
    """The officer puts a teacher in the schedule: name, post, category sought, planned date D."""
    return _mapping(
        _text("ФИО педагога", name="full_name", validator=colander.Length(
            min=3, max=300, min_err="Укажите ФИО полностью", max_err="Не длиннее ${max} символов")),
        _choice("post", "Должность", POSTS.items()), _choice("category", "Цель аттестации", CATEGORIES.items()),
        _date("Планируемая дата аттестации (D)", name="planned"))


def support_schema():
    """A meeting of the officer with the teacher."""
    return _mapping(_date("Дата встречи", name="on"), _text("Тема", name="topic"))


def review_schema(criteria):
    """The expert's checklist: each criterion met or not (``*`` mandatory); an unmet one needs a comment."""
    def unmet_need_comments(node, values):
        error = None
        for c in criteria:
            if values.get(f"met-{c['code']}") == "no" and not values.get(f"comment-{c['code']}", "").strip():
                error = error or colander.Invalid(node, "Экспертиза не записана: исправьте поля формы.")
                error[f"comment-{c['code']}"] = "Невыполненный критерий требует комментария"
        if error is not None:
            raise error

    schema = _mapping(validator=unmet_need_comments)
    for c in criteria:
        met = _choice(f"met-{c['code']}", c["title"] + (" *" if c.get("mandatory") else ""),
                      [("yes", "да"), ("no", "нет")], "—")
        met.missing_msg = "Отметьте, выполнен ли критерий"
        schema.add(met)
        schema.add(_text("Комментарий", name=f"comment-{c['code']}", missing=""))
    return schema


def decision_schema(category):
    """The commission's decision on a teacher seeking ``category``, with the protocol number."""
    return _mapping(_choice("decision", "Решение", [(code, DECISIONS[code]) for code in decisions_for(category)]),
                    _text("Протокол №", name="protocol", missing="",
                          validator=colander.Length(max=50, max_err="Не длиннее ${max} символов")))


def work_book_schema():
    """The officer's mark in the teacher's work record book."""
    return _mapping(_text("Запись в трудовой книжке", name="text"), _date("Дата записи", name="on"))


def import_schema():
    """The school's teachers from a CSV or XLSX file (a store of its own per request: nothing is kept)."""
    return _mapping(colander.SchemaNode(deform.FileData(), name="file", title="Файл (CSV или XLSX)",
                                        missing_msg=REQUIRED, widget=deform.widget.FileUploadWidget(MemoryTmpStore())))


def form(request, schema, action, formid, button):
    """A form of ``schema`` posting to ``action`` (``core.web.forms.Form``)."""
    return Form(request, schema, action=action, formid=formid, buttons=(deform.Button("save", button),))



def take(request, form_, key, renderer, page_of, action, url_of, message, keep=True):
    """``core.views.steps.take_form`` of the form ``key`` of a page: ``page_of(forms=..., **extra)`` gives the
    page's data with that form replaced."""
    return take_form(request, form_, renderer, lambda html, **extra: page_of(forms={key: html}, **extra), action,
                     url_of, message, "Форма заполнена с ошибками: исправьте отмеченные поля.", keep, refused)

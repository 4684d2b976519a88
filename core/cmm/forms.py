"""The item form (colander), and the item dict it gives: what a CMM author fills in."""
import re

import colander
import deform

from core.cmm.model import CATEGORIES, COMPETENCES, KINDS, LEVELS, SCHOOL_TYPES
from core.cmm.validation import CODE
from core.web.forms import RuNumber

SCHOOL_TYPE_TITLES = {"urban": "городская", "rural": "сельская", "small": "малокомплектная"}


class Option(colander.MappingSchema):
    """A choice: its key (a, b, c...) and text."""

    key = colander.SchemaNode(colander.String(), title="Ключ", validator=colander.Regex(CODE, "Латиница и цифры"))
    text = colander.SchemaNode(colander.String(), title="Текст варианта", validator=colander.Length(1, 2000))


class Options(colander.SequenceSchema):
    """The choices of a single or multiple choice item."""

    option = Option(title="Вариант")


class Criterion(colander.MappingSchema):
    """A criterion of a case's rubric."""

    code = colander.SchemaNode(colander.String(), title="Код", validator=colander.Regex(CODE, "Латиница и цифры"))
    title = colander.SchemaNode(colander.String(), title="Критерий", validator=colander.Length(1, 500))
    max = colander.SchemaNode(RuNumber(), title="Макс. балл", validator=colander.Range(min=0.5, max=100))


class Rubric(colander.SequenceSchema):
    """The rubric experts score a case by."""

    criterion = Criterion(title="Критерий")


def item_schema(federal, with_code):
    """The form of an item of the federal bank or a region's; the code only when the item is new."""
    levels = [(k, v) for k, v in LEVELS.items() if (k == "federal") == federal]
    schema = colander.SchemaNode(colander.Mapping())
    if with_code:
        schema.add(colander.SchemaNode(colander.String(), name="code", title="Код задания",
                                       description="Латинские буквы, цифры, дефис и знак подчёркивания: "
                                                   "так задание названо в файлах QTI",
                                       validator=colander.Regex(CODE, "Недопустимый код")))
    schema.add(colander.SchemaNode(colander.String(), name="kind", title="Вид задания",
                                   widget=deform.widget.SelectWidget(values=list(KINDS.items())),
                                   validator=colander.OneOf(list(KINDS))))
    schema.add(colander.SchemaNode(colander.String(), name="competence", title="Компетенция",
                                   widget=deform.widget.SelectWidget(values=list(COMPETENCES.items())),
                                   validator=colander.OneOf(list(COMPETENCES))))
    schema.add(colander.SchemaNode(colander.String(), name="level", title="Уровень",
                                   widget=deform.widget.SelectWidget(values=levels),
                                   validator=colander.OneOf([k for k, _ in levels])))
    if not federal:
        schema.add(colander.SchemaNode(colander.String(), name="municipality", title="Муниципалитет (код)",
                                       description="Только для муниципального задания", missing=""))
    schema.add(colander.SchemaNode(colander.Set(), name="school_types", title="Типы школ",
                                   widget=deform.widget.CheckboxChoiceWidget(
                                       values=[(t, SCHOOL_TYPE_TITLES[t]) for t in SCHOOL_TYPES]),
                                   validator=colander.Length(min=1, min_err="Отметьте хотя бы один тип школы")))
    schema.add(colander.SchemaNode(colander.Set(), name="categories", title="Категории аттестуемых",
                                   widget=deform.widget.CheckboxChoiceWidget(values=list(CATEGORIES.items())),
                                   validator=colander.Length(min=1, min_err="Отметьте хотя бы одну категорию")))
    schema.add(colander.SchemaNode(colander.String(), name="stem", title="Текст задания",
                                   widget=deform.widget.TextAreaWidget(rows=5),
                                   validator=colander.Length(10, 10_000)))
    schema.add(Options(name="options", title="Варианты ответа (выбор одного или нескольких)", missing=[],
                       widget=deform.widget.SequenceWidget(add_subitem_text_template="Добавить вариант")))
    schema.add(colander.SchemaNode(colander.String(), name="answer", title="Правильный ответ", missing="",
                                   description="Ключи верных вариантов через запятую, как они указаны у вариантов; "
                                               "для краткого ответа — "
                                               "принимаемые ответы, каждый с новой строки",
                                   widget=deform.widget.TextAreaWidget(rows=2)))
    schema.add(Rubric(name="rubric", title="Шкала оценивания (для управленческого кейса)", missing=[],
                      widget=deform.widget.SequenceWidget(add_subitem_text_template="Добавить критерий")))
    schema.add(colander.SchemaNode(RuNumber(), name="max_score", title="Максимальный балл", missing=None,
                                   description="Для кейса — сумма баллов критериев; по умолчанию 1"))
    return schema


def item_from_form(values, code=None):
    """The item dict (``core.cmm.validation`` format) of a validated form."""
    kind = values["kind"]
    raw = values.get("answer") or ""
    if kind == "short":
        answer = [line.strip() for line in raw.splitlines() if line.strip()]
    else:
        answer = [a for a in re.split(r"[\s,;]+", raw) if a]
    return {"code": code or values.get("code"), "kind": kind, "competence": values["competence"],
            "level": values["level"], "municipality": values.get("municipality") or None,
            "school_types": sorted(values["school_types"]), "categories": sorted(values["categories"]),
            "stem": values["stem"], "options": [[o["key"], o["text"]] for o in values.get("options") or []],
            "answer": answer, "rubric": [dict(r) for r in values.get("rubric") or []],
            "max_score": values.get("max_score")}


def form_from_version(version):
    """The form's values for editing ``version``."""
    return {"kind": version.kind, "competence": version.competence, "level": version.level,
            "municipality": version.municipality or "", "school_types": set(version.school_types),
            "categories": set(version.categories), "stem": version.stem,
            "options": [{"key": k, "text": t} for k, t in version.options],
            "answer": ("\n" if version.kind == "short" else ", ").join(version.answer),
            "rubric": [dict(r) for r in version.rubric], "max_score": version.max_score}

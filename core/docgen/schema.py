"""The schema of a template's variables: the TOML sidecar beside each .docx.

``docs_templates/order_x.docx`` is described by ``docs_templates/order_x.toml``::

    title = "Приказ о назначении ответственного за аттестацию"
    act_type = "order"                     # order, regulation, protocol, report, recommendation
    levels = ["school"]                    # where it is drafted: region, municipality, school
    description = "…"                      # optional, shown when a template is chosen
    signatory = ["signatory_post", "signatory_name"]   # optional: variables naming who signs

    [[variables]]
    name = "authority_name"                # the placeholder: {{ authority_name }}
    title = "Наименование организации"     # the form label (Russian)
    type = "string"                        # string, text, date, int, number, choice, table
    required = true                        # default true
    prefill = "authority"                  # optional: authority | region | today | city | head_post
                                           # (city, head_post: the region's oko_region_details, core.acts)
    default = "Директор"                   # optional literal default
    help = "…"                             # optional hint under the field

    [[variables]]
    name = "teachers"
    title = "Педагогические работники"
    type = "table"                         # rows of a docxtpl loop: {%tr for row in teachers %}
    columns = [
      { name = "name", title = "ФИО", type = "string" },
      { name = "planned", title = "Дата", type = "date", required = false },
    ]

A ``choice`` variable lists its ``choices = ["…", "…"]`` (the text put in the
document). A ``number`` takes a fraction, typed «12,5» or «12.5», and is put in
the document with a decimal comma. Columns take every key of a variable except
``columns``.
"""
import dataclasses
import functools
import pickle
import re
import tomllib

from core.refused import Refused

TYPES = ("string", "text", "date", "int", "number", "choice", "table")
COLUMN_TYPES = ("string", "text", "date", "int", "number", "choice")
ACT_TYPES = {
    "order": "Приказ",
    "regulation": "Положение",
    "protocol": "Протокол",
    "report": "Справка",
    "recommendation": "Методические рекомендации",
}
LEVELS = {"region": "регион", "municipality": "муниципалитет", "school": "школа"}
PREFILLS = ("authority", "region", "today", "city", "head_post")
# Filled by the system, never by the form: templates may use them freely.
SYSTEM_VARIABLES = {
    "number": "номер акта в реестре (пусто, пока акт не утверждён)",
    "date": "дата акта (пусто, пока акт не утверждён)",
}
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,49}$")


class SchemaError(Refused, ValueError):
    """A schema file is malformed; the message names the file and the variable."""

    ERROR = "template_invalid"


@dataclasses.dataclass(frozen=True)
class Variable:
    """One placeholder of a template and how the form asks for it."""

    name: str
    title: str
    type: str = "string"
    required: bool = True
    choices: tuple = ()
    columns: tuple = ()
    prefill: str = ""
    default: object = None
    help: str = ""

    def column(self, name):
        """The column ``name`` of a table variable, or None."""
        return next((c for c in self.columns if c.name == name), None)


@dataclasses.dataclass(frozen=True)
class Schema:
    """What a template is and the variables it needs."""

    title: str
    act_type: str
    levels: tuple
    variables: tuple
    description: str = ""
    signatory: tuple = ()

    def variable(self, name):
        """The variable ``name``, or None."""
        return next((v for v in self.variables if v.name == name), None)

    @property
    def names(self):
        """The names of the variables, in the order of the form."""
        return [v.name for v in self.variables]

    @property
    def act_type_title(self):
        """The Russian name of the kind of act."""
        return ACT_TYPES[self.act_type]

    def as_data(self):
        """The schema as plain data (kept with an act version, given by the API): a copy of its own to each caller."""
        return pickle.loads(self._data_pickled)

    @functools.cached_property
    def _data_pickled(self):
        # NB: dataclasses.asdict walks and deep-copies every field on each call (about 90 us for an order's
        # schema, paid by every act version made); a schema never changes, so it is walked once, and each
        # caller gets a fresh copy from its pickle (about 10 us).
        return pickle.dumps(dataclasses.asdict(self), protocol=pickle.HIGHEST_PROTOCOL)


def _variable(raw, where, column=False):
    if not isinstance(raw, dict):
        raise SchemaError(f"{where}: ожидается таблица с описанием переменной.")
    name = raw.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise SchemaError(f"{where}: недопустимое имя переменной «{name}» "
                          "(латинские строчные буквы, цифры и «_», с буквы).")
    where = f"{where}: переменная «{name}»"
    known = {"name", "title", "type", "required", "choices", "prefill", "default", "help"}
    if not column:
        known.add("columns")
    unknown = set(raw) - known
    if unknown:
        raise SchemaError(f"{where}: неизвестные ключи {', '.join(sorted(unknown))}.")
    kind = raw.get("type", "string")
    allowed = COLUMN_TYPES if column else TYPES
    if kind not in allowed:
        raise SchemaError(f"{where}: неизвестный тип «{kind}» (допустимы: {', '.join(allowed)}).")
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        raise SchemaError(f"{where}: нет названия (title).")
    choices = raw.get("choices", [])
    if kind == "choice" and (not choices or not all(isinstance(c, str) and c for c in choices)):
        raise SchemaError(f"{where}: у выбора должен быть непустой список строк choices.")
    prefill = raw.get("prefill", "")
    if prefill and prefill not in PREFILLS:
        raise SchemaError(f"{where}: неизвестное prefill «{prefill}» (допустимы: {', '.join(PREFILLS)}).")
    columns = ()
    if kind == "table":
        raw_columns = raw.get("columns")
        if not isinstance(raw_columns, list) or not raw_columns:
            raise SchemaError(f"{where}: у таблицы должен быть список столбцов columns.")
        columns = tuple(_variable(c, where, column=True) for c in raw_columns)
        _unique([c.name for c in columns], where, "столбец")
    return Variable(name=name, title=title.strip(), type=kind, required=bool(raw.get("required", True)),
                    choices=tuple(choices), columns=columns, prefill=prefill,
                    default=raw.get("default"), help=raw.get("help", ""))


def _unique(names, where, what):
    seen = set()
    for name in names:
        if name in seen:
            raise SchemaError(f"{where}: {what} «{name}» описан дважды.")
        seen.add(name)


def parse_schema(text, where):
    """The ``Schema`` of a sidecar's TOML ``text``; ``where`` names the file in messages.

    Raises SchemaError naming the file (and the variable) when it is malformed.
    """
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SchemaError(f"{where}: ошибка TOML: {exc}") from None
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        raise SchemaError(f"{where}: нет названия шаблона (title).")
    act_type = raw.get("act_type")
    if act_type not in ACT_TYPES:
        raise SchemaError(f"{where}: неизвестный вид акта «{act_type}» (допустимы: {', '.join(ACT_TYPES)}).")
    levels = raw.get("levels", list(LEVELS))
    if not isinstance(levels, list) or not levels or set(levels) - set(LEVELS):
        raise SchemaError(f"{where}: levels — список из {', '.join(LEVELS)}.")
    variables = tuple(_variable(v, where) for v in raw.get("variables", []))
    _unique([v.name for v in variables], where, "переменная")
    clash = [v.name for v in variables if v.name in SYSTEM_VARIABLES]
    if clash:
        raise SchemaError(f"{where}: переменная «{clash[0]}» заполняется системой, описывать её не нужно.")
    signatory = raw.get("signatory", [])
    names = {v.name for v in variables if v.type != "table"}
    if not isinstance(signatory, list) or any(n not in names for n in signatory):
        raise SchemaError(f"{where}: signatory — список имён описанных переменных (не таблиц).")
    return Schema(title=title.strip(), act_type=act_type, levels=tuple(levels), variables=variables,
                  description=raw.get("description", ""), signatory=tuple(signatory))


def schema_from_data(data):
    """A ``Schema`` back from ``Schema.as_data()`` (as kept with an act version)."""
    def var(d):
        return Variable(**{**d, "choices": tuple(d.get("choices", ())),
                           "columns": tuple(var(c) for c in d.get("columns", ()))})
    return Schema(title=data["title"], act_type=data["act_type"], levels=tuple(data["levels"]),
                  variables=tuple(var(v) for v in data["variables"]), description=data.get("description", ""),
                  signatory=tuple(data.get("signatory", ())))

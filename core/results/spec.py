"""The operations of the results base (core/results/api.py), added to the OpenAPI document.

{path} is a school (its passport; the head's facts of a year) or a region /
municipality (its indicators and trends; a results table or a table of
passport facts imported). A refused table answers 400 (table_refused, a
detail a problem naming the row and column); a step the actor does not take
403 (step_forbidden).
"""
from core.api.spec._base import CSRF, PATH, PATHS, SCHEMAS, TREE, _json, _op, _ref
from core.results.importer import FIELDS

_NUMBER = {"type": ["number", "null"]}
_VALUES = {"type": "array", "items": {"type": "object", "properties": {"year": {"type": "integer"},
                                                                       "value": {"type": "number"}}}}
_TREND = {"type": "object", "description": "The least-squares slope over the last 3–5 years, its standard error "
                                           "and Student's t-test against zero (core.results.trend)",
          "properties": {"years": {"type": "array", "items": {"type": "integer"}}, "slope": _NUMBER, "se": _NUMBER,
                         "t": _NUMBER, "df": {"type": "integer"}, "p": _NUMBER, "significant": {"type": "boolean"},
                         "direction": {"type": "string", "enum": ["up", "down", "flat", "unknown"]},
                         "text": {"type": "string"}}}
_FILE = {"type": "string", "format": "binary"}

SCHEMAS.update({
    "ResultIndicator": {"type": "object", "description": "An indicator of a node by year; beside: the region's "
                        "values (for a gap to the region, the node's own)", "properties": {
        "code": {"type": "string"}, "title": {"type": "string"}, "measure": {"type": "string"},
        "unit": {"type": "string"}, "versus_region": {"type": "boolean"}, "lower_is_better": {"type": "boolean"},
        "values": _VALUES, "beside": _VALUES, "trend": _TREND}},
    "SchoolPassport": {"type": "object", "properties": {
        "school": {"type": "object"}, "years": {"type": "array", "items": {"type": "integer"}},
        "sections": {"type": "array", "items": {"type": "object", "properties": {
            "code": {"type": "string"}, "title": {"type": "string"},
            "known": {"type": "array", "description": "What OKO Case knows itself (the school's type, its teachers "
                      "by category and attestation status, its years in the 500+ project)",
                      "items": {"type": "object"}},
            "fields": {"type": "array", "items": {"type": "object", "properties": {
                "code": {"type": "string"}, "title": {"type": "string"}, "kind": {"type": "string"},
                "unit": {"type": "string"}, "source": {"type": "string"},
                "filled_by": {"type": "string", "enum": ["school", "import"]},
                "values": {"type": "array", "items": {"type": "object"}},
                "versions": {"type": "array", "description": "Every version of the field, by year, oldest first",
                             "items": {"type": "object"}}}}}}}},
        "indicators": {"type": "array", "items": _ref("ResultIndicator")}}},
    "ResultsIndicators": {"type": "object", "properties": {
        "path": {"type": "string"}, "title": {"type": "string"}, "schools": {"type": "integer"},
        "indicators": {"type": "array", "items": _ref("ResultIndicator")},
        "below": {"type": ["object", "null"], "description": "The municipalities (of a region) or schools (of a "
                  "municipality) on the indicator asked for"}}},
    "ResultsImport": {"type": "object", "properties": {
        "dry_run": {"type": "boolean"}, "count": {"type": "integer"}, "schools": {"type": "integer"},
        "columns": {"type": "array", "description": "How the table's columns were read",
                    "items": {"type": "object", "properties": {"letter": {"type": "string"},
                                                               "heading": {"type": "string"},
                                                               "field": {"type": ["string", "null"]}}}},
        "sample": {"type": "array", "items": {"type": "object"}}, "added": {"type": "integer"},
        "changed": {"type": "integer"}, "unchanged": {"type": "integer"}, "summary": {"type": "string"}}},
})

_IMPORT_BODY = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"], "properties": {
        "file": _FILE,
        "mapping": {"type": "string", "description": "JSON: {column letter: field}, the fields being "
                    + ", ".join(FIELDS) + "; found from the headings when left out"},
        "fixed": {"type": "string", "description": "JSON: a procedure, subject, grade or year for every row "
                  "({\"procedure\": \"ВПР\", \"year\": \"2025\"})"},
        "dry_run": {"type": "string", "enum": ["true", "false"], "description": "true: check and say what "
                    "would change, write nothing"}}}}}}

PATHS.update({
    TREE + "/@@passport": {"get": _op("getSchoolPassport", "Паспорт школы: сведения по годам, кадры, участие в "
                                      "программах, результаты и их динамика", _ref("SchoolPassport"), [PATH])},
    TREE + "/@@passport-facts": {"post": _op(
        "fillSchoolPassport", "Сведения школы за год (заполняет руководитель; значения, загружаемые из таблиц, "
        "— 400)", {"type": "object", "properties": {"changed": {"type": "integer"},
                                                     "passport": _ref("SchoolPassport")}},
        [PATH, CSRF], {"required": True, **_json({
            "type": "object", "required": ["year", "values"], "additionalProperties": False,
            "properties": {"year": {"type": "integer", "minimum": 2000, "maximum": 2100},
                           "values": {"type": "object", "maxProperties": 200, "additionalProperties": {
                               "type": ["string", "number", "boolean"]}}}})})},
    TREE + "/@@results-indicators": {"get": _op(
        "getResultsIndicators", "Показатели региона или муниципалитета по годам, их динамика; муниципалитеты "
        "(школы) по одному показателю", _ref("ResultsIndicators"),
        [PATH, {"name": "indicator", "in": "query", "description": "Код показателя для таблицы по "
                "муниципалитетам (школам)", "schema": {"type": "string", "maxLength": 100}}])},
    TREE + "/@@results-import": {"post": _op(
        "importResults", "Загрузить таблицу результатов (ВПР, ОГЭ, ЕГЭ, региональные процедуры): все строки или "
        "ни одной; dry_run — только проверка", _ref("ResultsImport"), [PATH, CSRF], _IMPORT_BODY)},
    TREE + "/@@passport-import": {"post": _op(
        "importPassportFacts", "Загрузить сведения паспортов школ из таблицы (строка — школа и год, столбец — "
        "поле)", {"type": "object", "properties": {"written": {"type": "integer"}, "unchanged": {"type": "integer"},
                                                   "schools": {"type": "integer"}}},
        [PATH, CSRF], {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["file"], "properties": {"file": _FILE}}}}})},
    TREE + "/@@passport-fields": {"get": _op(
        "getPassportFields", "Поля паспорта, оценочные процедуры, предметы и показатели региона",
        {"type": "object"}, [PATH])},
})

"""The operations of normative acts (core/acts/api.py), added to the OpenAPI document.

{path} is an authority (region, municipality, school) for the register
operations, an act for the others.
"""
from core.api.spec._base import CSRF, ERRORS, PATH, PATHS, SCHEMAS, TREE, _json, _op, _ref

_VARIABLE = {"type": "object", "properties": {
    "name": {"type": "string"}, "title": {"type": "string"},
    "type": {"type": "string", "enum": ["string", "text", "date", "int", "number", "choice", "table"]},
    "required": {"type": "boolean"}, "choices": {"type": "array", "items": {"type": "string"}},
    "help": {"type": "string"}, "columns": {"type": "array", "items": {"type": "object"}}}}
_VALUES = {"type": "object", "description": "Values by variable name: strings, integers, numbers (12.5 or \"12,5\"), dates as "
           "YYYY-MM-DD, a table as a list of objects by column name"}
SCHEMAS.update({
    "ActTemplate": {"type": "object", "properties": {
        "name": {"type": "string"}, "title": {"type": "string"}, "act_type": {"type": "string"},
        "act_type_title": {"type": "string"}, "description": {"type": "string"},
        "variables": {"type": "array", "items": _VARIABLE}}},
    "ActTemplates": {"type": "object", "properties": {"templates": {"type": "array", "items": _ref("ActTemplate")}}},
    "ActVersion": {"type": "object", "properties": {
        "number": {"type": "integer"}, "created": {"type": "string", "format": "date-time"},
        "creator": {"type": "string"}, "note": {"type": "string"}, "filename": {"type": "string"},
        "size": {"type": "integer"}, "template": {"type": "string"}}},
    "Act": {"type": "object", "properties": {
        "path": {"type": "string"}, "title": {"type": "string"}, "act_type": {"type": "string"},
        "act_type_title": {"type": "string"}, "template": {"type": "string"}, "state": {"type": "string"},
        "state_title": {"type": "string"}, "number": {"type": ["integer", "null"]},
        "date": {"type": ["string", "null"], "format": "date"}, "signatory": {"type": "string"},
        "authority": {"type": "string"}, "variables": _VALUES,
        "versions": {"type": "array", "items": _ref("ActVersion")},
        "cases": {"type": "array", "items": {"type": "string"}},
        "repeals": {"type": "array", "items": {"type": "string"}},
        "repealed_by": {"type": ["string", "null"]}}},
    "Acts": {"type": "object", "properties": {
        "acts": {"type": "array", "items": _ref("Act")}, "total": {"type": "integer"},
        "page": {"type": "integer"}, "per_page": {"type": "integer"}}},
    "ActDraft": {"type": "object", "required": ["template", "variables"], "additionalProperties": False,
                 "properties": {"template": {"type": "string", "minLength": 1, "maxLength": 200},
                                "variables": _VALUES, "title": {"type": "string", "maxLength": 300},
                                "cases": {"type": "array", "maxItems": 1000, "description": "Paths of the case "
                                          "objects the act is built from", "items": {"type": "string"}}}},
    "ActEdit": {"type": "object", "required": ["variables"], "additionalProperties": False,
                "properties": {"variables": _VALUES, "note": {"type": "string", "maxLength": 500}}},
    "ActRepeal": {"type": "object", "required": ["by"], "additionalProperties": False,
                  "properties": {"by": {"type": "string", "minLength": 1, "description": "Path of the repealing act"},
                                 "comment": {"type": "string", "maxLength": 5000}}},
    "ActDiff": {"type": "object", "properties": {
        "old": {"type": "integer"}, "new": {"type": "integer"}, "lines": {"type": "array", "items": {
            "type": "object", "properties": {"kind": {"type": "string", "enum": ["same", "removed", "added", "folded"]},
                                             "text": {"type": "string"}, "old": {"type": ["integer", "null"]},
                                             "new": {"type": ["integer", "null"]}}}}}},
})
SCHEMAS["Node"]["properties"]["act"] = _ref("Act")
_PAGE = [{"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
         {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 25}}]
_VERSION = {"type": "integer", "minimum": 1}
PATHS.update({
    TREE + "/@@act-templates": {"get": _op("listActTemplates", "Шаблоны актов, доступные органу (организации)",
                                           _ref("ActTemplates"), [PATH])},
    TREE + "/@@acts": {
        "get": _op("listActs", "Акты органа (организации), новые первыми", _ref("Acts"), [PATH] + _PAGE),
        "post": _op("createAct", "Подготовить черновик акта по шаблону", _ref("Act"), [PATH, CSRF],
                    {"required": True, **_json(_ref("ActDraft"))}, status="201"),
    },
    TREE + "/@@versions": {"post": _op("editAct", "Новая редакция черновика акта", _ref("Act"), [PATH, CSRF],
                                       {"required": True, **_json(_ref("ActEdit"))}, status="201")},
    TREE + "/@@repeal": {"post": _op("repealAct", "Отменить акт другим актом того же органа", _ref("Act"),
                                     [PATH, CSRF], {"required": True, **_json(_ref("ActRepeal"))})},
    TREE + "/@@compare": {"get": _op("compareActVersions", "Сравнить две редакции акта", _ref("ActDiff"), [
        PATH, {"name": "old", "in": "query", "required": True, "schema": _VERSION},
        {"name": "new", "in": "query", "required": True, "schema": _VERSION}])},
    TREE + "/@@version-file": {"get": {
        "operationId": "downloadActVersion", "summary": "Скачать документ редакции акта",
        "parameters": [PATH, {"name": "version", "in": "query", "required": True, "schema": _VERSION}],
        "responses": {"200": {"description": "Файл .docx", "content": {"application/octet-stream": {}}}, **ERRORS}}},
})

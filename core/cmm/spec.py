"""The operations of the CMM bank (core/cmm/api.py), added to the OpenAPI document.

{path} is a bank (``cmm`` for the federal bank, ``66/cmm`` for a region's)
for the bank operations, an item (``cmm/fed-law-01``) for the others.
"""
from core.api.spec._base import CSRF, ERRORS, PATH, PATHS, SCHEMAS, TREE, _json, _op, _ref
from core.cmm.model import CATEGORIES, COMPETENCES, KINDS, LEVELS, SCHOOL_TYPES, STATUSES

_STRINGS = {"type": "array", "items": {"type": "string"}}
_ITEM_FIELDS = {
    "kind": {"type": "string", "enum": sorted(KINDS)},
    "competence": {"type": "string", "enum": sorted(COMPETENCES)},
    "level": {"type": "string", "enum": sorted(LEVELS)},
    "school_types": {"type": "array", "items": {"type": "string", "enum": list(SCHOOL_TYPES)}, "minItems": 1},
    "categories": {"type": "array", "items": {"type": "string", "enum": sorted(CATEGORIES)}, "minItems": 1},
    "stem": {"type": "string", "minLength": 10, "maxLength": 10000},
    "options": {"type": "array", "maxItems": 12, "items": {"type": "array", "minItems": 2, "maxItems": 2,
                                                           "items": {"type": "string"}},
                "description": "Pairs [key, text] of a choice item"},
    "answer": {**_STRINGS, "description": "Correct keys (single, multiple) or accepted answers (short)"},
    "rubric": {"type": "array", "items": {"type": "object", "required": ["code", "title", "max"],
                                          "properties": {"code": {"type": "string"}, "title": {"type": "string"},
                                                         "max": {"type": "number", "exclusiveMinimum": 0}}}},
    "max_score": {"type": ["number", "null"], "exclusiveMinimum": 0},
    "municipality": {"type": ["string", "null"]},
}
SCHEMAS.update({
    "CmmItemInput": {"type": "object", "additionalProperties": False,
                     "required": ["kind", "competence", "level", "stem"],
                     "properties": {"code": {"type": "string", "minLength": 1, "maxLength": 80}, **_ITEM_FIELDS}},
    "CmmVersion": {"type": "object", "properties": {
        "version": {"type": "integer"}, "status": {"type": "string", "enum": sorted(STATUSES)},
        "author": {"type": "string"}, "created": {"type": "string", "format": "date-time"},
        "note": {"type": "string"}, "code": {"type": "string"}, **_ITEM_FIELDS}},
    "CmmItem": {"type": "object", "properties": {
        "path": {"type": "string"}, "code": {"type": "string"}, "state": {"type": "string"},
        "current_version": {"type": ["integer", "null"]},
        "versions": {"type": "array", "items": _ref("CmmVersion")},
        "transitions": {"type": "array", "items": _ref("TransitionRef")}}},
    "CmmItemRow": {"type": "object", "properties": {
        "code": {"type": "string"}, "path": {"type": "string"}, "competence": {"type": "string"},
        "level": {"type": "string"}, "kind": {"type": "string"}, "state": {"type": "string"},
        "version": {"type": "integer"}, "stem": {"type": "string"}}},
    "CmmItems": {"type": "object", "properties": {
        "items": {"type": "array", "items": _ref("CmmItemRow")}, "total": {"type": "integer"},
        "page": {"type": "integer"}, "per_page": {"type": "integer"}}},
    "CmmImported": {"type": "object", "properties": {"created": _STRINGS, "updated": _STRINGS}},
})
_FILTERS = [{"name": name, "in": "query", "schema": {"type": "string", "enum": sorted(values)}}
            for name, values in (("competence", COMPETENCES), ("level", LEVELS), ("status", STATUSES),
                                 ("kind", KINDS))]
_PAGE = [{"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
         {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200,
                                                        "default": 50}}]
PATHS.update({
    TREE + "/@@cmm-items": {
        "get": _op("listCmmItems", "Задания банка КИМ (с фильтрами, постранично)", _ref("CmmItems"),
                   [PATH] + _FILTERS + _PAGE),
        "post": _op("createCmmItem", "Новое задание банка (черновик)", _ref("CmmItem"), [PATH, CSRF],
                    {"required": True, **_json(_ref("CmmItemInput"))}, status="201"),
    },
    TREE + "/@@cmm-item": {"get": _op("getCmmItem", "Задание банка КИМ и все его версии", _ref("CmmItem"), [PATH])},
    TREE + "/@@cmm-versions": {"post": _op(
        "editCmmItem", "Изменить задание (опубликованное — новой версией)", _ref("CmmItem"), [PATH, CSRF],
        {"required": True, **_json(_ref("CmmItemInput"))}, status="201")},
    TREE + "/@@cmm-transitions": {"post": _op(
        "moveCmmItem", "Отправить на рассмотрение, опубликовать, вернуть, вывести из обращения", _ref("CmmItem"),
        [PATH, CSRF], {"required": True, **_json(_ref("TransitionRequest"))})},
    TREE + "/@@cmm-import": {"post": _op(
        "importCmmItems", "Импорт заданий из файла QTI 2.1 (.zip-пакет или .xml); ошибка в одном — не "
        "загружается ничего", _ref("CmmImported"), [PATH, CSRF],
        {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["file"],
            "properties": {"file": {"type": "string", "format": "binary"}}}}}}, status="201")},
    TREE + "/@@cmm-export": {"get": {
        "operationId": "exportCmmItems", "summary": "Экспорт заданий банка в пакет QTI 2.1 (.zip)",
        "parameters": [PATH] + _FILTERS,
        "responses": {"200": {"description": "Пакет QTI 2.1", "content": {"application/zip": {}}}, **ERRORS}}},
})

"""The operations of roadmaps (core/roadmaps/api.py), added to the OpenAPI document.

{path} is an authority (the federation as the empty path, a region, a
municipality, a school) for the list and the import, a roadmap for getNode.
"""
from core.api.spec._base import CSRF, PATH, PATHS, SCHEMAS, TREE, _op, _ref

_TEXT = {"type": ["string", "null"]}
_YEAR = {"type": ["integer", "null"]}
_LEVEL = {"type": ["string", "null"], "enum": ["federal", "region", "municipality", "school", None]}
_DATE = {"type": ["string", "null"], "format": "date"}
SCHEMAS.update({
    "RoadmapPeriod": {"type": "object", "description": "A measure's period as written (text) and as read: "
                      "kind date, month, range, year, deadline, recurrence, relative, during, undated or unparsed",
                      "required": ["text", "kind"], "properties": {
                          "text": {"type": "string"},
                          "kind": {"type": "string", "enum": ["date", "month", "range", "year", "deadline",
                                                              "recurrence", "relative", "during", "undated",
                                                              "unparsed"]},
                          "start": _DATE, "end": _DATE, "first": _DATE,
                          "every": {"type": ["string", "null"], "enum": ["year", "quarter", "month", "week", None]},
                          "day": _YEAR, "month": _YEAR, "from_day": _YEAR, "from_month": _YEAR, "offset": _YEAR,
                          "anchor": _TEXT, "note": _TEXT}},
    "RoadmapMeasure": {"type": "object", "required": ["text", "level", "period"], "properties": {
        "id": {"type": "integer"}, "uid": {"type": "string", "description": "Stable across imports and the site"},
        "number": _TEXT, "text": {"type": "string"},
        "period": {"oneOf": [_ref("RoadmapPeriod"), {"type": "null"}]},
        "level": _LEVEL, "section": _TEXT, "section_code": {"type": "string"}, "year": _YEAR,
        "result": _TEXT, "indicator": _TEXT, "responsible": _TEXT, "participants": _TEXT, "notes": _TEXT,
        "table": {"type": "integer"}, "row": {"type": "integer"}}},
    "RoadmapSection": {"type": "object", "properties": {
        "code": {"type": "string"}, "title": {"type": "string"}, "first_year": _YEAR, "last_year": _YEAR}},
    "Roadmap": {"type": "object", "properties": {
        "path": {"type": "string"}, "name": {"type": "string"}, "title": {"type": "string"},
        "uid": {"type": "string"}, "level": _LEVEL, "authority": {"type": "string"},
        "measures_count": {"type": "integer"}, "sections": {"type": "array", "items": _ref("RoadmapSection")},
        "levels": {"type": "array", "items": {"type": "string"}},
        "years": {"type": "array", "items": {"type": "integer"}},
        "modified": {"type": "string", "format": "date-time"},
        "sources": {"type": "array", "items": {"type": "object", "properties": {
            "filename": {"type": "string"}, "sha256": {"type": "string"}, "size": {"type": "integer"},
            "imported": {"type": "string", "format": "date-time"}, "actor": {"type": "string"}}}},
        "measures": {"type": "array", "items": _ref("RoadmapMeasure")}}},
    "Roadmaps": {"type": "object", "properties": {
        "roadmaps": {"type": "array", "items": _ref("Roadmap")}, "may_import": {"type": "boolean"}}},
    "RoadmapProblem": {"type": "object", "properties": {
        "table": _YEAR, "row": _YEAR, "severity": {"type": "string", "enum": ["error", "warning"]},
        "message": {"type": "string"}}},
    "RoadmapImport": {"type": "object", "description": "A preview (preview: true; nothing written) or the "
                      "import's report and the roadmap", "properties": {
                          "preview": {"type": "boolean"}, "title": _TEXT, "default_title": {"type": "string"},
                          "columns": {"type": "array", "items": {"type": "object", "properties": {
                              "table": {"type": "integer"}, "row": {"type": "integer"}, "yearly": {"type": "boolean"},
                              "columns": {"type": "array", "items": {"type": "object", "properties": {
                                  "header": {"type": "string"}, "field": _TEXT, "understood": {"type": "string"}}}}}}},
                          "sections": {"type": "array", "items": _ref("RoadmapSection")},
                          "measures": {"type": "array", "items": _ref("RoadmapMeasure")},
                          "problems": {"type": "array", "items": _ref("RoadmapProblem")},
                          "merged": {"type": "array", "items": {"type": "object", "properties": {
                              "kind": {"type": "string", "enum": ["continuation", "cell"]},
                              "table": {"type": "integer"}, "row": {"type": "integer"},
                              "into_table": {"type": "integer"}, "into_row": {"type": "integer"},
                              "column": {"type": "string"}, "text": {"type": "string"}}}},
                          "report": {"type": "object", "properties": {
                              "created": {"type": "boolean"}, "added": {"type": "integer"},
                              "changed": {"type": "integer"}, "removed": {"type": "integer"},
                              "unchanged": {"type": "integer"}, "summary": {"type": "string"}}},
                          "roadmap": _ref("Roadmap")}},
})
SCHEMAS["Node"]["properties"]["roadmap"] = _ref("Roadmap")
_UPLOAD = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary", "description": "Word (.docx), Excel (.xlsx) or CSV"},
                   "title": {"type": "string", "maxLength": 300, "description": "The roadmap's title (by default "
                             "the document's, or the file's name)"},
                   "into": {"type": "string", "description": "Name of a roadmap of the authority to update"},
                   "preview": {"type": "string", "enum": ["true", "false", "1", "0"],
                               "description": "true: only say what would be imported"}}}}}}
PATHS.update({
    TREE + "/@@roadmaps": {
        "get": _op("listRoadmaps", "Дорожные карты органа (организации)", _ref("Roadmaps"), [PATH]),
        "post": _op("importRoadmap", "Загрузить дорожную карту из документа Word или таблицы Excel "
                    "(preview=true: только предпросмотр)", _ref("RoadmapImport"), [PATH, CSRF], _UPLOAD, status="201"),
    },
})
# NB: a preview, and an import of a file the roadmap already holds (nothing changed), answer 200.
_IMPORT = PATHS[TREE + "/@@roadmaps"]["post"]["responses"]
_IMPORT["200"] = _IMPORT["201"]

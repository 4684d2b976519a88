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

# -- derivation and execution: {path} is a roadmap ----------------------------------------------------------------
_KEY = {"type": "string", "maxLength": 100}
SCHEMAS.update({
    "RoadmapDerivation": {"type": "object", "properties": {
        "created": {"type": "array", "items": {"type": "string"}},
        "kept": {"type": "array", "items": {"type": "string"}},
        "summary": {"type": "string"}}},
    "RoadmapChange": {"type": "object", "properties": {
        "key": {"type": "string"}, "kind": {"type": "string", "enum": ["added", "changed", "removed"]},
        "title": {"type": "string"}, "fields": {"type": "array", "items": {"type": "string"}},
        "text": {"type": "string"}, "measure": {"type": ["integer", "null"]}}},
    "RoadmapChanges": {"type": "object", "properties": {
        "upstream": _TEXT, "changes": {"type": "array", "items": _ref("RoadmapChange")}}},
    "RoadmapChangeDecision": {"type": "object", "properties": {
        "change": _ref("RoadmapChange"), "action": {"type": "string"}}},
    "MeasureOccurrence": {"type": "object", "properties": {
        "key": {"type": "string"}, "due": _DATE, "deadline": _DATE,
        "status": {"type": "string", "enum": ["planned", "in_progress", "done", "not_done", "moved"]},
        "responsible": _TEXT, "body": _TEXT, "reason": _TEXT,
        "evidence": {"type": "array", "items": {"type": "object", "properties": {
            "kind": {"type": "string", "enum": ["file", "link"]}, "title": {"type": "string"}, "path": _TEXT}}},
        "history": {"type": "array", "items": {"type": "object", "properties": {
            "when": {"type": "string", "format": "date-time"}, "actor": {"type": "string"},
            "what": {"type": "string"}, "status": {"type": "string"}, "note": _TEXT}}}}},
    "MeasureExecution": {"type": "object", "properties": {
        "measure": {"type": "integer"}, "occurrences": {"type": "array", "items": _ref("MeasureOccurrence")},
        "occurrence": _ref("MeasureOccurrence")}},
})
_STATUS = {"type": "string", "enum": ["planned", "in_progress", "done", "not_done", "moved", "overdue"]}
SCHEMAS["RoadmapTimeline"] = {"type": "object", "properties": {
    "today": {"type": "string", "format": "date"}, "start": _DATE, "end": _DATE, "level": _LEVEL,
    "lanes": {"type": "array", "items": {"type": "object", "properties": {
        "section": {"type": "string"}, "section_code": {"type": "string"}, "level": {"type": "string"},
        "bars": {"type": "array", "items": {"type": "object", "properties": {
            "measure": {"type": "integer"}, "number": _TEXT, "text": {"type": "string"},
            "start": {"type": "string", "format": "date"}, "end": {"type": "string", "format": "date"},
            "status": _STATUS, "overdue": {"type": "boolean"},
            "marks": {"type": "array", "items": {"type": "object", "properties": {
                "key": {"type": "string"}, "date": {"type": "string", "format": "date"}, "status": _STATUS,
                "overdue": {"type": "boolean"}}}}}}},
        "undated": {"type": "array", "items": {"type": "integer"}}}}}}}
_DECISION = {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "required": ["key", "action"], "additionalProperties": False,
    "properties": {"key": _KEY, "action": {"type": "string", "enum": ["accept", "ignore"]}}}}}}
_REPORT = {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "required": ["measure", "key", "action"], "additionalProperties": False,
    "properties": {"measure": {"type": "integer"}, "key": _KEY,
                   "action": {"type": "string", "enum": ["assign", "link", "status"]},
                   "responsible": {"type": "string", "maxLength": 100}, "body": {"type": "string", "maxLength": 500},
                   "path": {"type": "string", "maxLength": 1000}, "title": {"type": "string", "maxLength": 300},
                   "status": {"type": "string", "enum": ["planned", "in_progress", "done", "not_done", "moved"]},
                   "reason": {"type": "string", "maxLength": 2000},
                   "moved_to": {"type": "string", "format": "date"}}}}}}
_MEASURE = {"name": "measure", "in": "query", "required": True, "schema": {"type": "integer"}}
_EVIDENCE = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["measure", "key", "file"],
    "properties": {"measure": {"type": "string", "pattern": "^[0-9]+$", "description": "The measure's id"},
                   "key": _KEY, "file": {"type": "string", "format": "binary",
                                         "description": "Word (.docx), PDF or Excel (.xlsx), through the upload "
                                                        "inspector"},
                   "title": {"type": "string", "maxLength": 300}}}}}}
PATHS.update({
    TREE + "/@@derive": {
        "post": _op("deriveRoadmap", "Передать дорожную карту в муниципалитеты (школы)", _ref("RoadmapDerivation"),
                    [PATH, CSRF], status="201")},
    TREE + "/@@changes": {
        "get": _op("listRoadmapChanges", "Изменения исходной дорожной карты", _ref("RoadmapChanges"), [PATH]),
        "post": _op("decideRoadmapChange", "Принять или отклонить изменение исходной карты",
                    _ref("RoadmapChangeDecision"), [PATH, CSRF], _DECISION)},
    TREE + "/@@execution": {
        "get": _op("getMeasureExecution", "Исполнение мероприятия", _ref("MeasureExecution"), [PATH, _MEASURE]),
        "post": _op("reportMeasureExecution", "Назначить ответственного, приложить ссылку, сменить статус",
                    _ref("MeasureExecution"), [PATH, CSRF], _REPORT)},
    TREE + "/@@timeline": {
        "get": _op("getRoadmapTimeline", "Мероприятия на шкале времени: по разделам и уровням, с просроченными",
                   _ref("RoadmapTimeline"), [PATH, {"name": "level", "in": "query", "schema": {
                       "type": "string", "enum": ["federal", "region", "municipality", "school"]}}])},
    TREE + "/@@evidence": {
        "post": _op("addMeasureEvidenceFile", "Приложить файл-подтверждение исполнения (проверяется, как на страницах)",
                    _ref("MeasureExecution"), [PATH, CSRF], _EVIDENCE, status="201")},
})
# NB: deriving again creates nothing and answers 200.
PATHS[TREE + "/@@derive"]["post"]["responses"]["200"] = PATHS[TREE + "/@@derive"]["post"]["responses"]["201"]

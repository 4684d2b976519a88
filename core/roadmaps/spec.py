"""The operations of roadmaps (core/roadmaps/api.py), added to the OpenAPI document.

{path} is an authority (the federation as the empty path, a region, a
municipality, a school) for the list and the import, a roadmap for getNode.
"""
from core.api.spec._base import CSRF, ERRORS, PATH, PATHS, SCHEMAS, TREE, _op, _ref

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
        "status_title": {"type": "string", "description": "In Russian: the region's own status when given one"},
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
                   "status": {"type": "string", "maxLength": 50, "description": "in_progress, done, not_done, "
                              "moved, or the code of a status of the region's own (oko_roadmap_statuses)"},
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


# -- monitoring: {path} is a roadmap (the federation for getFederalRoadmapExecution) ------------------------------
_COUNT = {"type": "integer"}
_SHARE = {"type": ["number", "null"], "description": "on_time / due (null when no deadline has come)"}
_FIGURES = {"total": _COUNT, "on_time": _COUNT, "late_done": _COUNT, "not_done": _COUNT, "overdue": _COUNT,
            "moved": _COUNT, "due": _COUNT, "ahead": _COUNT, "share_on_time": _SHARE}
SCHEMAS.update({
    "ExecutionFigures": {"type": "object", "description": "Occurrences of measures: total; done on time, done "
                         "late, not done; overdue (open past their deadline); moved; due (finished, or past their "
                         "first deadline); ahead (not yet due)", "properties": dict(_FIGURES)},
    "ExecutionRow": {"type": "object", "properties": {
        "code": {"type": "string"}, "title": {"type": "string"}, "path": _TEXT, **_FIGURES}},
    "RoadmapIndicators": {"type": "object", "properties": {
        "roadmap": {"type": "string"}, "as_of": {"type": "string", "format": "date"},
        "overall": _ref("ExecutionFigures"), "children_title": {"type": "string"},
        "levels": {"type": "array", "items": _ref("ExecutionRow")},
        "sections": {"type": "array", "items": _ref("ExecutionRow")},
        "children": {"type": "array", "items": _ref("ExecutionRow")}}},
    "LateMeasure": {"type": "object", "properties": {
        "authority": {"type": "string"}, "authority_path": {"type": "string"}, "roadmap": {"type": "string"},
        "measure": {"type": "integer"}, "text": {"type": "string"}, "due": _DATE, "deadline": _DATE,
        "state": {"type": "string"}, "reason": _TEXT}},
    "LateMeasures": {"type": "object", "properties": {
        "measures": {"type": "array", "items": _ref("LateMeasure")}, "limited": {"type": "boolean"}}},
    "MonitoringStageHeld": {"type": "object", "properties": {
        "key": {"type": "string"}, "year": {"type": "integer"}, "code": {"type": "string"},
        "title": {"type": "string"}, "date": {"type": "string", "format": "date"}, "taken_by": {"type": "string"},
        "taken_at": {"type": "string", "format": "date-time"}, "revision": {"type": "integer"},
        "figures": {"type": "object", "description": "Frozen: as_of, overall, levels, sections, authorities "
                    "(the authority itself first, then those below), late (with reasons)"}}},
    "MonitoringStages": {"type": "object", "properties": {
        "schedule": {"type": "object", "properties": {"code": {"type": "string"}, "title": {"type": "string"}}},
        "year": {"type": "integer"}, "may_monitor": {"type": "boolean"},
        "stages": {"type": "array", "items": {"type": "object", "properties": {
            "code": {"type": "string"}, "title": {"type": "string"}, "date": {"type": "string", "format": "date"},
            "held": {"oneOf": [_ref("MonitoringStageHeld"), {"type": "null"}]}}}}}},
    "MonitoringStageTaken": {"type": "object", "properties": {"stage": _ref("MonitoringStageHeld")}},
    "FederalRoadmapExecution": {"type": "object", "properties": {
        "as_of": {"type": "string", "format": "date"},
        "regions": {"type": "array", "items": {"allOf": [_ref("ExecutionRow"), {"type": "object", "properties": {
            "levels": {"type": "object", "additionalProperties": _ref("ExecutionFigures")}}}]}}}},
})
_ON = {"name": "on", "in": "query", "required": False, "schema": {"type": "string", "format": "date"},
       "description": "The day the figures are of (today by default)"}
_STAGE_YEAR = {"type": "integer", "minimum": 2000, "maximum": 2100}
_TAKE = {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "required": ["year", "stage"], "additionalProperties": False,
    "properties": {"year": _STAGE_YEAR, "stage": {"type": "string", "maxLength": 50}}}}}}
_DOCX = {"200": {"description": "Файл .docx", "content": {"application/octet-stream": {}}}}
PATHS.update({
    TREE + "/@@execution-indicators": {
        "get": _op("getRoadmapIndicators", "Показатели исполнения дорожной карты: доля выполненных в срок по "
                   "уровням, разделам и исполнителям", _ref("RoadmapIndicators"), [PATH, _ON])},
    TREE + "/@@late-measures": {
        "get": _op("listLateMeasures", "Мероприятия не в срок: просроченные, выполненные с нарушением срока, "
                   "невыполненные, перенесённые", _ref("LateMeasures"), [
                       PATH, _ON, {"name": "under", "in": "query", "required": False, "schema": {"type": "string"}},
                       {"name": "level", "in": "query", "required": False, "schema": _LEVEL},
                       {"name": "section", "in": "query", "required": False, "schema": {"type": "string"}}])},
    TREE + "/@@stages": {
        "get": _op("listMonitoringStages", "Порядок мониторинга и этапы года", _ref("MonitoringStages"), [
            PATH, {"name": "year", "in": "query", "required": False, "schema": _STAGE_YEAR}]),
        "post": _op("takeMonitoringStage", "Провести этап мониторинга (зафиксировать исполнение)",
                    _ref("MonitoringStageTaken"), [PATH, CSRF], _TAKE, status="201")},
    TREE + "/@@stage-report": {"get": {
        "operationId": "downloadStageReport", "summary": "Справка по итогам этапа мониторинга (.docx)",
        "parameters": [PATH, {"name": "key", "in": "query", "required": True, "schema": {"type": "string"}}],
        "responses": {**_DOCX, **ERRORS}}},
    TREE + "/@@annual-report": {"get": {
        "operationId": "downloadAnnualReport", "summary": "Годовой отчёт по этапам мониторинга года (.docx)",
        "parameters": [PATH, {"name": "year", "in": "query", "required": True, "schema": _STAGE_YEAR}],
        "responses": {**_DOCX, **ERRORS}}},
    TREE + "/@@roadmap-execution": {
        "get": _op("getFederalRoadmapExecution", "Исполнение дорожных карт всех регионов рядом",
                   _ref("FederalRoadmapExecution"), [PATH, _ON])},
})

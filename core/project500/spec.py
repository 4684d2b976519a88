"""The operations of the 500+ project (core/project500/api.py), added to the OpenAPI document.

{path} is a region for enrolment and the survey, a municipality for the
sample, a school's participation (…/500plus-2026) otherwise.
A refused step answers 403 (step_forbidden), 409 (step_order) or 400 (step_invalid, with details).
"""
from core.api.spec._base import CSRF, PATH, PATHS, SCHEMAS, TREE, YEAR_PARAM, _json, _op, _ref

INDICATOR_PARAMS = [
    YEAR_PARAM,
    {"name": "code", "in": "query", "required": True, "description": "The indicator code",
     "schema": {"type": "string", "minLength": 1, "maxLength": 100}},
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 25}},
]

_YEAR = {"type": "integer", "minimum": 2000, "maximum": 2100}
_LEVEL = {"type": "string", "enum": ["high", "medium", "low", "высокий", "средний", "низкий"]}
_CONTRACT = {"type": "string", "enum": ["not_signed", "signed"]}
_ANY_DATE = {"type": ["string", "null"], "format": "date"}


def _body(properties, required=(), extra=False):
    return {"required": True, **_json({"type": "object", "required": list(required),
                                       "additionalProperties": extra, "properties": properties})}


SCHEMAS.update({
    "ProjectDocument": {"type": "object", "properties": {
        "name": {"type": "string"}, "path": {"type": "string"}, "title": {"type": "string"},
        "document_type": {"type": "string"}, "risk_factor": {"type": ["string", "null"]},
        "state": {"type": "string"}, "state_title": {"type": "string"}, "deadline": _ANY_DATE,
        "late": {"type": "boolean"}, "versions": {"type": "integer"},
        "submitted_at": {"type": ["string", "null"], "format": "date-time"}, "reviewed": {"type": "boolean"},
        "conforms": {"type": "boolean"}, "content": {"type": "object"}, "file": {"type": ["string", "null"]},
        "programme": {"type": "string"}, "measure": {"type": "integer"}}},
    "Participation": {"type": "object", "properties": {"participation": {"type": "object", "properties": {
        "path": {"type": "string"}, "year": {"type": "integer"}, "school": {"type": "object"},
        "surveyed": {"type": "boolean"},
        "risk_profile": {"type": "array", "items": {"type": "object", "properties": {
            "factor": {"type": "string"}, "title": {"type": "string"}, "level": {"type": "string"},
            "activated": {"type": "boolean"}}}},
        "profile_downloads": {"type": "integer"}, "seminar_attended": {"type": "boolean"},
        "curator": {"type": ["string", "null"]}, "contract_status": _CONTRACT, "first_visit": _ANY_DATE,
        "activated_risks": {"type": "array", "items": {"type": "string"}},
        "professional_development": {"type": "boolean"}, "measures_activated": {"type": "boolean"},
        "sampled": {"type": "boolean"}, "reviewers": {"type": "array", "items": {"type": "string"}},
        "positive_changes_confirmed": {"type": "boolean"},
        "positive_stages": {"type": "array", "items": {"type": "integer"}},
        "webinars": {"type": "array", "items": {"type": "object", "properties": {
            "held_on": {"type": "string", "format": "date"}, "role": {"type": "string"}}}},
        "indicators_met": {"type": "array", "items": {"type": "string"}},
        "awaiting_roles": {"type": "array", "items": {"type": "string"}}, "due": _ANY_DATE,
        "next_steps": {"type": "array", "items": {"type": "object"}},
        "documents": {"type": "array", "items": _ref("ProjectDocument")},
        "journal": {"type": "array", "items": {"type": "object"}}}}}},
    "ProjectDocumentAnswer": {"type": "object", "properties": {
        "document": _ref("ProjectDocument"), "conforms": {"type": "boolean"}}},
})

_PARTICIPATION = _ref("Participation")
_FILE = {"type": "string", "format": "binary"}
PATHS.update({
    TREE + "/@@enrol": {"post": _op(
        "enrolSchools", "Включить школы региона в проект «500+» на год (неизвестные коды — 400 со списком)",
        {"type": "object", "properties": {"enrolled": {"type": "array", "items": {"type": "string"}},
                                          "already": {"type": "array", "items": {"type": "string"}}}},
        [PATH, CSRF], _body({"year": _YEAR, "codes": {"type": "array", "minItems": 1, "maxItems": 100000,
                                                      "items": {"type": "string", "minLength": 1, "maxLength": 64}}},
                            ["year", "codes"]))},
    TREE + "/@@risk-profiles": {"post": _op(
        "importRiskProfiles", "Загрузить рисковые профили школ региона (результаты анкетирования) целиком",
        {"type": "object", "properties": {"schools": {"type": "integer"}}}, [PATH, CSRF],
        _body({"year": _YEAR, "rows": {"type": "array", "minItems": 1, "maxItems": 1000000, "items": {
            "type": "object", "required": ["school_code", "factor", "level"], "additionalProperties": False,
            "properties": {"school_code": {"type": "string", "maxLength": 64},
                           "factor": {"type": "string", "maxLength": 300,
                                      "description": "Код рискового направления или его название"},
                           "level": {"type": "string", "maxLength": 20}}}}}, ["year", "rows"]))},
    TREE + "/@@participation": {"get": _op("getParticipation", "Участие школы в проекте «500+» за год",
                                           _PARTICIPATION, [PATH])},
    TREE + "/@@seminar": {"post": _op("recordSeminar", "Участие школы в установочном семинаре", _PARTICIPATION,
                                      [PATH, CSRF], _body({"attended": {"type": "boolean"}}, ["attended"]))},
    TREE + "/@@curator": {"post": _op("assignCurator", "Назначить (заменить) куратора школы", _PARTICIPATION,
                                      [PATH, CSRF], _body({"login": {"type": "string", "minLength": 1, "maxLength": 100},
                                                           "contract_status": _CONTRACT,
                                                           "until": {"type": ["string", "null"], "format": "date",
                                                                     "description": "The curator's last day, "
                                                                                    "included (none: no end)"}},
                                                          ["login"]))},
    TREE + "/@@contract": {"post": _op("setContractStatus", "Статус договора с куратором", _PARTICIPATION,
                                       [PATH, CSRF], _body({"status": _CONTRACT}, ["status"]))},
    TREE + "/@@risk-profile-downloads": {"post": _op(
        "recordProfileDownload", "Отметить, что школа (куратор) получила рисковый профиль", _PARTICIPATION,
        [PATH, CSRF])},
    TREE + "/@@first-visit": {"post": _op(
        "recordFirstVisit", "Первое посещение куратора: верификация профиля, активация рисковых направлений",
        _PARTICIPATION, [PATH, CSRF], _body({
            "visited_on": {"type": "string", "format": "date"},
            "levels": {"type": "object", "description": "Уровни по направлениям; изменённый уровень — с комментарием",
                       "additionalProperties": {"type": "object", "required": ["level"], "additionalProperties": False,
                                                "properties": {"level": _LEVEL,
                                                               "comment": {"type": "string", "maxLength": 2000}}}},
            "activate": {"type": "array", "items": {"type": "string"}}}, ["visited_on", "activate"]))},
    TREE + "/@@concept-documents": {"post": _op(
        "saveConceptDocument", "Сохранить концептуальный документ школы (каждое сохранение — новая версия)",
        _ref("ProjectDocumentAnswer"), [PATH, CSRF],
        {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["document_type", "content"],
            "properties": {
                "document_type": {"type": "string",
                                  "enum": ["development_concept", "medium_term_programme", "anti_risk_programme"]},
                "risk_factor": {"type": "string", "description": "Для антирисковой программы: код направления"},
                "content": {"type": "string", "contentMediaType": "application/json",
                            "description": "Форма документа в JSON: goals, tasks, measures [{measure, deadline, "
                                           "responsible, indicator, expected_result}], expected_results и поля региона"},
                "file": {**_FILE, "description": "Необязательный файл .docx или .pdf"}}}}}}, status="201")},
    TREE + "/@@sample": {"post": _op(
        "drawSample", "Выборка школ муниципалитета для содержательной экспертизы",
        {"type": "object", "properties": {"sampled": {"type": "array", "items": {"type": "string"}}}},
        [PATH, CSRF], _body({"year": _YEAR, "percent": {"type": "number", "exclusiveMinimum": 0, "maximum": 100},
                             "seed": {"type": "integer"},
                             "chosen": {"type": "array", "items": {"type": "string"}}}, ["year"]))},
    TREE + "/@@reviewers": {"post": _op("assignReviewer", "Назначить эксперта (только школе из выборки)",
                                        _PARTICIPATION, [PATH, CSRF],
                                        _body({"login": {"type": "string", "minLength": 1, "maxLength": 100}},
                                              ["login"]))},
    TREE + "/@@review": {"post": _op(
        "reviewDocument", "Экспертиза документа по критериям (назначенный эксперт, подтверждённый документ)",
        _ref("ProjectDocumentAnswer"), [PATH, CSRF], _body({
            "document": {"type": "string", "minLength": 1, "description": "Имя документа в участии школы"},
            "results": {"type": "object", "additionalProperties": {
                "type": "object", "required": ["met"], "additionalProperties": False,
                "properties": {"met": {"type": "boolean"}, "comment": {"type": "string", "maxLength": 2000}}}}},
            ["document", "results"]))},
    TREE + "/@@confirming-documents": {"post": _op(
        "addConfirmingDocument", "Загрузить подтверждающий документ меры антирисковой программы",
        _ref("ProjectDocumentAnswer"), [PATH, CSRF],
        {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["programme", "measure", "file"],
            "properties": {"programme": {"type": "string", "description": "Имя антирисковой программы"},
                           "measure": {"type": "string", "pattern": "^[0-9]+$", "description": "Номер меры, с 1"},
                           "title": {"type": "string", "maxLength": 300}, "file": _FILE}}}}},
        status="201")},
    TREE + "/@@professional-development": {"post": _op(
        "recordProfessionalDevelopment", "Участие команды школы в повышении квалификации", _PARTICIPATION,
        [PATH, CSRF], _body({"took_part": {"type": "boolean"}}, ["took_part"]))},
    TREE + "/@@measures": {"post": _op("activateMeasures", "Активировать основные направления и меры",
                                       _PARTICIPATION, [PATH, CSRF])},
    TREE + "/@@positive-changes": {"post": _op("confirmPositiveChanges", "Подтвердить наступление позитивных "
                                               "изменений (куратор)", _PARTICIPATION, [PATH, CSRF])},
    TREE + "/@@positive-stage": {"post": _op(
        "confirmPositiveStage", "Подтвердить этап позитивных изменений (куратор): первый, затем второй",
        _PARTICIPATION, [PATH, CSRF], _body({"stage": {"type": "integer", "minimum": 1, "maximum": 10}},
                                            ["stage"]))},
    TREE + "/@@webinars": {"post": _op(
        "recordWebinar", "Участие школы (руководителя или куратора) в вебинаре по обмену опытом",
        _PARTICIPATION, [PATH, CSRF], _body({"held_on": {"type": "string", "format": "date"},
                                             "role": {"type": "string", "enum": ["viewer", "speaker"]}},
                                            ["held_on", "role"]))},
})

# The 500+ indicators (core/project500/indicators_api.py): shares are 0..1, null when a node has no school.
SCHEMAS.update({
    "IndicatorFigure": {"type": "object", "properties": {
        "code": {"type": "string"}, "title": {"type": "string"}, "count": {"type": "integer"},
        "total": {"type": "integer"}, "share": {"type": ["number", "null"]}}},
    "IndicatorChild": {"type": "object", "properties": {
        "path": {"type": "string"}, "code": {"type": "string"}, "title": {"type": "string"},
        "total": {"type": "integer"},
        "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
        "shares": {"type": "object", "additionalProperties": {"type": ["number", "null"]}}}},
    "Indicators": {"type": "object", "properties": {
        "node": _ref("NodeRef"), "year": {"type": "integer"},
        "years": {"type": "array", "items": {"type": "integer"}}, "total": {"type": "integer"},
        "indicators": {"type": "array", "items": _ref("IndicatorFigure")},
        "breakdown": {"type": "array", "items": _ref("IndicatorChild"),
                      "description": "A region's municipalities or the federation's regions; empty below"}}},
    "IndicatorMissing": {"type": "object", "properties": {
        "code": {"type": "string"}, "year": {"type": "integer"}, "total": {"type": "integer"},
        "page": {"type": "integer"}, "per_page": {"type": "integer"},
        "schools": {"type": "array", "items": {"type": "object", "properties": {
            "path": {"type": "string"}, "code": {"type": "string"}, "title": {"type": "string"},
            "municipality": {"type": "string"}, "participation": {"type": "string"}}}}}},
})
SCHEMAS.update({
    "IndicatorSnapshots": {"type": "object", "properties": {
        "code": {"type": "string"}, "year": {"type": "integer"}, "weekly": {"type": "boolean"},
        "points": {"type": "array", "items": {"type": "object", "properties": {
            "day": {"type": "string", "format": "date"}, "met": {"type": "integer"}, "total": {"type": "integer"},
            "share": {"type": "number"}}}}}},
    "Schedule500": {"type": "object", "properties": {
        "year": {"type": "integer"}, "steps": {"type": "array", "items": {"type": "object", "properties": {
            "name": {"type": "string"}, "title": {"type": "string"}, "text": {"type": "string"},
            "start": {"type": "string", "format": "date"}, "end": {"type": "string", "format": "date"},
            "regional": {"type": "boolean"}}}}}},
})
PATHS.update({
    TREE + "/@@indicators-500-snapshots": {
        "get": _op("getIndicators500Snapshots", "Снимки показателя «500+» по датам (еженедельный ход анкетирования: "
                   "code=surveyed, weekly=true)", _ref("IndicatorSnapshots"),
                   [PATH, YEAR_PARAM, INDICATOR_PARAMS[1],
                    {"name": "weekly", "in": "query", "description": "Последний снимок каждой недели",
                     "schema": {"type": "string", "enum": ["true", "false", "1", "0"]}}]),
    },
    TREE + "/@@schedule-500": {
        "get": _op("getSchedule500", "Сроки шагов проекта «500+» в регионе (по дорожной карте, с поправками региона)",
                   _ref("Schedule500"), [PATH, YEAR_PARAM]),
    },
    # For the federation the path is empty: /api/v1/tree/@@indicators-500.
    TREE + "/@@indicators-500": {
        "get": _op("getIndicators500", "Показатели проекта «500+» муниципалитета, региона или федерации",
                   _ref("Indicators"), [PATH, YEAR_PARAM]),
    },
    TREE + "/@@indicators-500-missing": {
        "get": _op("getIndicators500Missing", "Школы проекта «500+», ещё не выполнившие показатель",
                   _ref("IndicatorMissing"), [PATH] + INDICATOR_PARAMS),
    },
})

"""The OpenAPI 3.1 document of /api/v1: the contract the API validates requests against."""
from core.resources import SCHOOL_TYPES
from core.security.roles import ROLES


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema):
    return {"content": {"application/json": {"schema": schema}}}


ERRORS = {str(code): {"description": text, **_json(_ref("Error"))}
          for code, text in [(400, "Запрос не соответствует описанию"), (401, "Нужен вход"),
                             (403, "Нет доступа"), (404, "Не найдено"),
                             (409, "Действие недоступно в текущем состоянии")]}

PATH = {"name": "path", "in": "path", "required": True,
        "description": "Path of the node from the root, slash-separated (e.g. 66/ekaterinburg/school-1)",
        "schema": {"type": "string"}}
CSRF = {"name": "X-CSRF-Token", "in": "header", "required": True,
        "description": "The csrf_token of GET /api/v1/session", "schema": {"type": "string"}}


def _op(op_id, summary, ok, params=(), body=None, status="200"):
    op = {"operationId": op_id, "summary": summary, "parameters": list(params),
          "responses": {status: {"description": "OK", **(_json(ok) if ok else {})}, **ERRORS}}
    if body is not None:
        op["requestBody"] = body
    return op


SCHEMAS = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["code", "message"],
        "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                       "details": {"type": "array", "items": {"type": "object"}}}}}},
    "User": {"type": "object", "properties": {"login": {"type": "string"}, "title": {"type": "string"}}},
    "Session": {"type": "object", "properties": {"user": {"anyOf": [_ref("User"), {"type": "null"}]},
                                                 "csrf_token": {"type": "string"}}},
    "Credentials": {"type": "object", "required": ["login", "password"], "additionalProperties": False,
                    "properties": {"login": {"type": "string", "minLength": 1, "maxLength": 100},
                                   "password": {"type": "string", "minLength": 1, "maxLength": 1000}}},
    "NodeRef": {"type": "object", "properties": {
        "path": {"type": "string"}, "name": {"type": "string"}, "title": {"type": "string"},
        "type": {"type": "string"}, "code": {"type": "string"}, "school_type": {"type": "string"},
        "state": {"type": "string"}}},
    "Node": {"type": "object", "properties": {
        "node": _ref("NodeRef"), "roles": {"type": "array", "items": {"type": "string"}},
        "children": {"type": "array", "items": _ref("NodeRef")},
        "total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"},
        "transitions": {"type": "array", "items": _ref("TransitionRef")}}},
    "TransitionRef": {"type": "object", "properties": {
        "name": {"type": "string"}, "title": {"type": "string"}, "require_comment": {"type": "boolean"}}},
    "TransitionRequest": {"type": "object", "required": ["transition"], "additionalProperties": False,
                          "properties": {"transition": {"type": "string", "minLength": 1},
                                         "comment": {"type": "string", "maxLength": 5000}}},
    "HistoryEntry": {"type": "object", "properties": {
        "transition": {"type": "string"}, "from_state": {"type": ["string", "null"]},
        "to_state": {"type": "string"}, "actor": {"type": "string"},
        "at": {"type": "string", "format": "date-time"}, "comment": {"type": "string"}}},
    "History": {"type": "object", "properties": {"history": {"type": "array", "items": _ref("HistoryEntry")}}},
    "Grant": {"type": "object", "required": ["login", "role"], "additionalProperties": False,
              "properties": {"login": {"type": "string", "minLength": 1},
                             "role": {"type": "string", "enum": sorted(ROLES)}}},
    "Roles": {"type": "object", "properties": {"local": {"type": "array", "items": _ref("Grant")}}},
    "Task": {"type": "object", "properties": {
        "path": {"type": "string"}, "title": {"type": "string"}, "state": {"type": "string"},
        "due": {"type": ["string", "null"], "format": "date"}, "overdue": {"type": "boolean"},
        "transitions": {"type": "array", "items": {"type": "string"}}}},
    "Tasks": {"type": "object", "properties": {"tasks": {"type": "array", "items": _ref("Task")}}},
    "SearchHit": {"type": "object", "properties": {
        "path": {"type": "string"}, "title": {"type": "string"},
        "type": {"type": "string", "enum": ["act", "document"]}, "kind": {"type": "string"},
        "kind_title": {"type": "string"}, "status": {"type": "string"}, "status_title": {"type": "string"},
        "date": {"type": ["string", "null"], "format": "date"}, "where": {"type": "string"},
        "passage": {"type": "string", "description": "The best matching fragment, escaped HTML; "
                                                     "matched words in <mark>"},
        "score": {"type": ["number", "null"]}}},
    "SearchResults": {"type": "object", "properties": {
        "q": {"type": "string"}, "total": {"type": "integer"}, "page": {"type": "integer"},
        "pages": {"type": "integer"}, "per_page": {"type": "integer"},
        "message": {"type": "string", "description": "Why there is nothing to show, in Russian (or empty)"},
        "results": {"type": "array", "items": _ref("SearchHit")}}},
    # The 500+ indicators (core/api/indicators.py): shares are 0..1, null when a node has no school.
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
}

LISTING_PARAMS = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 25}},
    {"name": "sort", "in": "query", "schema": {"type": "string", "enum": ["title", "code"], "default": "title"}},
    {"name": "order", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"], "default": "asc"}},
    {"name": "type", "in": "query", "schema": {"type": "string", "enum": sorted(SCHOOL_TYPES)}},
    {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 100}},
]

_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
SEARCH_PARAMS = [
    {"name": "q", "in": "query", "required": True, "description": "Words; every one must occur, in any form; "
     "a word ending in * matches every word it begins", "schema": {"type": "string", "minLength": 1, "maxLength": 200}},
    {"name": "type", "in": "query", "schema": {"type": "string", "enum": ["act", "document"]}},
    {"name": "kind", "in": "query", "description": "Act or document type code", "schema": {"type": "string", "maxLength": 100}},
    {"name": "status", "in": "query", "description": "Status (workflow state) code",
     "schema": {"type": "string", "maxLength": 100}},
    {"name": "authority", "in": "query", "description": "Only below this node (e.g. /66/ekaterinburg)",
     "schema": {"type": "string", "maxLength": 500}},
    {"name": "date_from", "in": "query", "description": "YYYY-MM-DD, inclusive", "schema": _DATE},
    {"name": "date_to", "in": "query", "description": "YYYY-MM-DD, inclusive", "schema": _DATE},
    {"name": "sort", "in": "query", "schema": {"type": "string", "enum": ["relevance", "date"], "default": "relevance"}},
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 25}},
]

UPLOAD = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["title", "file"],
    "properties": {"title": {"type": "string", "minLength": 1, "maxLength": 300},
                   "file": {"type": "string", "format": "binary"}}}}}}

YEAR_PARAM = {"name": "year", "in": "query", "description": "The project year; by default the current one, "
              "or the latest with schools in the project", "schema": {"type": "integer", "minimum": 2000, "maximum": 2100}}
INDICATOR_PARAMS = [
    YEAR_PARAM,
    {"name": "code", "in": "query", "required": True, "description": "The indicator code",
     "schema": {"type": "string", "minLength": 1, "maxLength": 100}},
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 25}},
]

TREE = "/api/v1/tree/{path}"

PATHS = {
    "/api/v1/openapi.json": {"get": _op("getOpenapi", "Это описание", {"type": "object"})},
    "/api/v1/session": {
        "get": _op("getSession", "Текущий пользователь и CSRF-токен", _ref("Session")),
        "post": _op("login", "Вход", _ref("Session"), [CSRF], {"required": True, **_json(_ref("Credentials"))}),
        "delete": _op("logout", "Выход (сеанс закрывается и на сервере)", None, [CSRF], status="204"),
    },
    "/api/v1/tasks": {"get": _op("getTasks", "Мои задачи", _ref("Tasks"))},
    "/api/v1/search": {"get": _op("search", "Поиск по актам и документам, доступным пользователю",
                                  _ref("SearchResults"), SEARCH_PARAMS)},
    TREE: {"get": _op("getNode", "Узел дерева и страница его содержимого", _ref("Node"),
                      [PATH] + LISTING_PARAMS)},
    TREE + "/@@history": {"get": _op("getHistory", "История объекта", _ref("History"), [PATH])},
    TREE + "/@@transitions": {
        "post": _op("fireTransition", "Выполнить переход рабочего процесса", _ref("Node"), [PATH, CSRF],
                    {"required": True, **_json(_ref("TransitionRequest"))}),
    },
    TREE + "/@@documents": {
        "post": _op("uploadDocument", "Загрузить документ в школу", _ref("NodeRef"), [PATH, CSRF], UPLOAD,
                    status="201"),
    },
    TREE + "/@@file": {"get": {"operationId": "downloadFile", "summary": "Скачать файл документа",
                               "parameters": [PATH], "responses": {
                                   "200": {"description": "Файл",
                                           "content": {"application/octet-stream": {}}}, **ERRORS}}},
    TREE + "/@@roles": {
        "get": _op("getRoles", "Роли, назначенные на узле", _ref("Roles"), [PATH]),
        "post": _op("grantRole", "Назначить роль", _ref("Roles"), [PATH, CSRF],
                    {"required": True, **_json(_ref("Grant"))}),
        "delete": _op("revokeRole", "Снять роль", _ref("Roles"), [
            PATH, CSRF, {"name": "login", "in": "query", "required": True, "schema": {"type": "string", "minLength": 1}},
            {"name": "role", "in": "query", "required": True, "schema": {"type": "string", "enum": sorted(ROLES)}}]),
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
}

# -- normative acts (core/api/acts.py): {path} is an authority (region, municipality,
# school) for the register operations, an act for the others --------------------
_VARIABLE = {"type": "object", "properties": {
    "name": {"type": "string"}, "title": {"type": "string"},
    "type": {"type": "string", "enum": ["string", "text", "date", "int", "choice", "table"]},
    "required": {"type": "boolean"}, "choices": {"type": "array", "items": {"type": "string"}},
    "help": {"type": "string"}, "columns": {"type": "array", "items": {"type": "object"}}}}
_VALUES = {"type": "object", "description": "Values by variable name: strings, integers, dates as "
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

# -- the 500+ project (core/api/project500.py): {path} is a region for enrolment and the
# survey, a municipality for the sample, a school's participation (…/500plus-2026) otherwise.
# A refused step answers 403 (step_forbidden), 409 (step_order) or 400 (step_invalid, with details).
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
                                                           "contract_status": _CONTRACT}, ["login"]))},
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
})

SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "OKO Case API", "version": "1.0.0",
             "description": "JSON API of OKO Case. Log in through /api/v1/session; every unsafe request "
                            "carries the X-CSRF-Token header. Errors are JSON objects {error: {code, message}}."},
    "paths": PATHS,
    "components": {"schemas": SCHEMAS},
}


def operations():
    """``{operationId: (path, method, operation)}`` of the document."""
    return {op["operationId"]: (path, method, op)
            for path, item in PATHS.items() for method, op in item.items()}

"""The base of the OpenAPI document: sessions, the tree, tasks, search."""
from core.resources import SCHOOL_TYPES
from core.security.audit import ACTIONS, KINDS
from core.security.directory import RULES
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
    "User": {"type": "object", "properties": {"login": {"type": "string"}, "title": {"type": "string"},
                                              "must_change_password": {"type": "boolean"}}},
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
              "description": "Only the tree roles (operators, coordinator, head, teacher, methodologist, CMM "
                             "author) are granted here, below the actor's own rank and never to oneself; curators, "
                             "experts, commissions and attestation officers are appointed by their domain steps "
                             "(refused here with 403 role_refused, naming the step)",
              "properties": {"login": {"type": "string", "minLength": 1},
                             "role": {"type": "string", "enum": sorted(ROLES)},
                             "start": {"type": ["string", "null"], "format": "date",
                                       "description": "The first day the role holds (none: at once)"},
                             "end": {"type": ["string", "null"], "format": "date",
                                     "description": "The last day the role holds, included (none: no end); "
                                                    "an expired grant stops working by itself"}}},
    "HeldRole": {"type": "object", "properties": {
        "login": {"type": "string"}, "role": {"type": "string"},
        "start": {"type": ["string", "null"], "format": "date"}, "end": {"type": ["string", "null"], "format": "date"},
        "current": {"type": "boolean", "description": "Whether the grant holds today"},
        "granted_by": {"type": ["string", "null"]}, "granted_at": {"type": ["string", "null"], "format": "date-time"}}},
    "People": {"type": "object", "properties": {
        "people": {"type": "array", "items": {"type": "object", "properties": {
            "login": {"type": "string", "description": "What a step of the API takes as the person's login"},
            "title": {"type": "string"}, "organisation": {"type": "string"}, "roles": {"type": "string"}}}},
        "more": {"type": "boolean", "description": "More people match: narrow the query"},
        "rule": {"type": "string", "description": "Whom the rule allows, in Russian"}}},
    "Roles": {"type": "object", "properties": {"local": {"type": "array", "items": _ref("HeldRole")}}},
    "AccessJournal": {"type": "object", "properties": {
        "total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"},
        "entries": {"type": "array", "items": {"type": "object", "properties": {
            "at": {"type": "string", "format": "date-time"}, "actor": {"type": "string"},
            "action": {"type": "string", "enum": sorted(ACTIONS)}, "login": {"type": "string"},
            "role": {"type": "string"}, "via": {"type": "string", "description": "access (the access page or "
                                                "@@roles) or the domain step that handed the role out"},
            "path": {"type": "string", "description": "Where: the node the entry is about"},
            "note": {"type": "string", "description": "What the actor said (why an account was suspended)"}}}}}},
    "Task": {"type": "object", "properties": {
        "path": {"type": "string"}, "title": {"type": "string"}, "state": {"type": "string"},
        "due": {"type": ["string", "null"], "format": "date"}, "overdue": {"type": "boolean"},
        "transitions": {"type": "array", "items": {"type": "string"}}}},
    "Tasks": {"type": "object", "properties": {
        "tasks": {"type": "array", "items": _ref("Task")}, "page": {"type": "integer"},
        "per_page": {"type": "integer"},
        "more": {"type": "boolean", "description": "Whether the next page holds tasks too"}}},
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
}

def page_params(per_page=25):
    """The ``page`` and ``per_page`` query parameters of a paged operation (``per_page``: its default)."""
    return [{"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
            {"name": "per_page", "in": "query",
             "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": per_page}}]


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
     "a word ending in * matches every word it begins; words in quotes (\"…\" or «…») must stand together, in "
     "that order; a word after - must not occur", "schema": {"type": "string", "minLength": 1, "maxLength": 200}},
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
TREE = "/api/v1/tree/{path}"

PATHS = {
    "/api/v1/openapi.json": {"get": _op("getOpenapi", "Это описание", {"type": "object"})},
    "/api/v1/session": {
        "get": _op("getSession", "Текущий пользователь и CSRF-токен", _ref("Session")),
        "post": _op("login", "Вход", _ref("Session"), [CSRF], {"required": True, **_json(_ref("Credentials"))}),
        "delete": _op("logout", "Выход (сеанс закрывается и на сервере)", None, [CSRF], status="204"),
    },
    "/api/v1/tasks": {"get": _op("getTasks", "Мои задачи, ближайший срок первым", _ref("Tasks"), page_params(50))},
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
    TREE + "/@@access-journal": {
        "get": _op("getAccessJournal", "Журнал изменений доступа и учётных записей на узле (новые сначала)",
                   _ref("AccessJournal"), [PATH] + LISTING_PARAMS[:2] + [
                       {"name": "kind", "in": "query", "description": "access: roles; accounts: accounts' life",
                        "schema": {"type": "string", "enum": sorted(KINDS)}},
                       {"name": "below", "in": "query", "description": "true: also every node under this one",
                        "schema": {"type": "string", "enum": ["true", "false"], "default": "false"}}]),
    },
    TREE + "/@@find-people": {
        "get": _op("findPeople", "Найти людей, которых здесь можно выбрать (по имени, организации, роли)",
                   _ref("People"), [PATH, {
                       "name": "rule", "in": "query", "description": "region: the node's region; place: the "
                       "organisation itself; elsewhere: the region but not the node's municipality",
                       "schema": {"type": "string", "enum": sorted(RULES), "default": "region"}}, {
                       "name": "q", "in": "query", "description": "Beginnings of words of the name, the "
                       "organisation or the role (case and «ё» aside)",
                       "schema": {"type": "string", "maxLength": 200, "default": ""}}]),
    },
}

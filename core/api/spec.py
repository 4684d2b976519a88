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
}

LISTING_PARAMS = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 25}},
    {"name": "sort", "in": "query", "schema": {"type": "string", "enum": ["title", "code"], "default": "title"}},
    {"name": "order", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"], "default": "asc"}},
    {"name": "type", "in": "query", "schema": {"type": "string", "enum": sorted(SCHOOL_TYPES)}},
    {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 100}},
]

UPLOAD = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["title", "file"],
    "properties": {"title": {"type": "string", "minLength": 1, "maxLength": 300},
                   "file": {"type": "string", "format": "binary"}}}}}}

TREE = "/api/v1/tree/{path}"

PATHS = {
    "/api/v1/openapi.json": {"get": _op("getOpenapi", "Это описание", {"type": "object"})},
    "/api/v1/session": {
        "get": _op("getSession", "Текущий пользователь и CSRF-токен", _ref("Session")),
        "post": _op("login", "Вход", _ref("Session"), [CSRF], {"required": True, **_json(_ref("Credentials"))}),
        "delete": _op("logout", "Выход (сеанс закрывается и на сервере)", None, [CSRF], status="204"),
    },
    "/api/v1/tasks": {"get": _op("getTasks", "Мои задачи", _ref("Tasks"))},
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
}

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

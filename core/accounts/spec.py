"""The operations of accounts (core/accounts/api.py), added to the OpenAPI document.

{path} is an organisation (the federal level is the empty path, a region,
a municipality, a school): the people of that node.
"""
from core.api.spec._base import CSRF, PATH, PATHS, SCHEMAS, TREE, _json, _op, _ref
from core.security.roles import ROLES

_PAGE = [{"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
         {"name": "per_page", "in": "query",
          "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 25}}]
_STATE = {"type": "string", "enum": ["active", "invited", "suspended"],
          "description": "active; invited (no password chosen yet); suspended"}
_LOGIN = {"type": "string", "minLength": 1, "maxLength": 254}
SCHEMAS.update({
    "Person": {"type": "object", "properties": {
        "login": {"type": "string"}, "title": {"type": "string"}, "email": {"type": "string"},
        "phone": {"type": "string"}, "position": {"type": "string"}, "organisation": {"type": "string"},
        "state": _STATE, "roles": {"type": "object", "description": "Roles by the path where they are held",
                                   "additionalProperties": {"type": "array", "items": {"type": "string"}}}}},
    "People": {"type": "object", "properties": {
        "people": {"type": "array", "items": _ref("Person")}, "total": {"type": "integer"},
        "page": {"type": "integer"}, "per_page": {"type": "integer"}}},
    "Invitation": {"type": "object", "required": ["name", "email", "organisation", "role"],
                   "additionalProperties": False,
                   "properties": {
                       "name": {"type": "string", "minLength": 1, "maxLength": 200},
                       "email": {"type": "string", "minLength": 1, "maxLength": 254},
                       "phone": {"type": "string", "maxLength": 40}, "position": {"type": "string", "maxLength": 200},
                       "organisation": {"type": "string", "minLength": 1, "maxLength": 200,
                                        "description": "The code of an organisation under the node (or its own)"},
                       "role": {"type": "string", "enum": list(ROLES)}}},
    "Invited": {"type": "object", "properties": {
        "person": _ref("Person"), "outcome": {"type": "string", "enum": ["new", "grant", "same"]},
        "mailed": {"type": "boolean"},
        "invitation_url": {"type": ["string", "null"], "description": "The one-time link, when no mailer sends it: "
                           "given in this answer only"}}},
    "PlannedRow": {"type": "object", "properties": {
        "line": {"type": "integer"}, "name": {"type": "string"}, "email": {"type": "string"},
        "organisation": {"type": "string"}, "role": {"type": "string"},
        "outcome": {"type": "string", "enum": ["new", "grant", "same"]}}},
    "PeopleImport": {"type": "object", "properties": {
        "applied": {"type": "boolean"}, "rows": {"type": "array", "items": _ref("PlannedRow")},
        "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
        "invitations": {"type": "array", "items": {"type": "object", "properties": {
            "login": {"type": "string"}, "invitation_url": {"type": ["string", "null"]}}}}}},
    "Suspension": {"type": "object", "required": ["login", "reason"], "additionalProperties": False,
                   "properties": {"login": _LOGIN, "reason": {"type": "string", "minLength": 1, "maxLength": 500}}},
    "AccountRef": {"type": "object", "required": ["login"], "additionalProperties": False,
                   "properties": {"login": _LOGIN}},
    "ProfileEdit": {"type": "object", "additionalProperties": False, "minProperties": 1, "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 200}, "phone": {"type": "string", "maxLength": 40},
        "position": {"type": "string", "maxLength": 200}}},
    "ResetRequest": {"type": "object", "required": ["email"], "additionalProperties": False,
                     "properties": {"email": {"type": "string", "minLength": 1, "maxLength": 254}}},
    "Message": {"type": "object", "properties": {"message": {"type": "string"}}},
})
_LIST = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary",
                            "description": "XLSX or CSV: ФИО, Эл. почта, Телефон, Должность, Код организации, "
                                           "Роль"}}}}}}
_DRY_RUN = {"name": "dry_run", "in": "query", "description": "true: check and say what would be done, write nothing",
            "schema": {"type": "string", "enum": ["true", "false"], "default": "false"}}
PATHS.update({
    TREE + "/@@people": {
        "get": _op("listPeople", "Пользователи с ролями на узле и в организациях уровнем ниже", _ref("People"),
                   [PATH] + _PAGE),
        "post": _op("invitePerson", "Пригласить пользователя (учётная запись, роль, приглашение)", _ref("Invited"),
                    [PATH, CSRF], {"required": True, **_json(_ref("Invitation"))}, status="201"),
    },
    TREE + "/@@people-import": {"post": _op(
        "importPeople", "Загрузить список пользователей: проверка целиком, при ошибке ничего не записывается",
        _ref("PeopleImport"), [PATH, CSRF, _DRY_RUN], _LIST)},
    TREE + "/@@person-suspend": {"post": _op("suspendPerson", "Приостановить учётную запись", _ref("Person"),
                                             [PATH, CSRF], {"required": True, **_json(_ref("Suspension"))})},
    TREE + "/@@person-restore": {"post": _op("restorePerson", "Восстановить учётную запись", _ref("Person"),
                                             [PATH, CSRF], {"required": True, **_json(_ref("AccountRef"))})},
    "/api/v1/profile": {
        "get": _op("getProfile", "Мой профиль", _ref("Person")),
        "patch": _op("editProfile", "Изменить своё ФИО, телефон, должность", _ref("Person"), [CSRF],
                     {"required": True, **_json(_ref("ProfileEdit"))}),
    },
    "/api/v1/password-reset": {"post": _op(
        "requestPasswordReset", "Прислать ссылку для смены пароля (ответ один для любого адреса)", _ref("Message"),
        [CSRF], {"required": True, **_json(_ref("ResetRequest"))}, status="202")},
})

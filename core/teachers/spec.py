"""The operations of teacher attestation (core/teachers/api.py), added to the OpenAPI document.

{path} is a school (its attestation year, a teacher added), a teacher's
dossier (…/teachers-2026/t…) or a region / municipality (overdue steps, the
result order). A refused step answers 403 (step_forbidden), 409
(step_order) or 400 (step_invalid, upload_refused, validation; with details).
"""
from core.api.spec._base import CSRF, ERRORS, PATH, PATHS, SCHEMAS, TREE, _json, _op, _ref, page_params
from core.teachers.model import CATEGORIES, COMMISSION_ROLES, DECISIONS, POSTS, STEP_ORDER

_DAY = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "ГГГГ-ММ-ДД"}
_DUE = {"type": ["string", "null"], "format": "date"}
_STEP = {"type": "string", "enum": STEP_ORDER}
_TEXT = {"type": "string", "minLength": 1, "maxLength": 500}


def _body(properties, required=()):
    return {"required": True, **_json({"type": "object", "required": list(required),
                                       "additionalProperties": False, "properties": properties})}


_REF = {"path": {"type": "string"}, "full_name": {"type": "string"}, "post": {"type": "string"},
        "post_title": {"type": "string"}, "category": {"type": "string"}, "category_title": {"type": "string"},
        "planned": {"type": "string", "format": "date"}, "step": _STEP, "step_title": {"type": "string"},
        "due": _DUE, "overdue": {"type": "boolean"}}

_LOGIN = {"type": "string", "minLength": 1, "maxLength": 100}
_LOGIN_QUERY = {"name": "login", "in": "query", "required": True, "schema": _LOGIN}

SCHEMAS.update({
    "TeacherAttestationPeople": {
        "type": "object", "description": "The region's pool of experts (where each works, as its roles say), the "
                                         "commission, and how many dossiers wait for an expert",
        "properties": {"experts": {"type": "array", "items": {"type": "object", "properties": {
                           "login": {"type": "string"}, "title": {"type": "string"}, "works_in": {"type": "string"}}}},
                       "commission": {"type": "object", "additionalProperties": {
                           "type": "array", "items": {"type": "string"}}},
                       "waiting": {"type": "integer"}}},
    "TeacherRef": {"type": "object", "description": "A teacher in a listing: the plan and the step awaited",
                   "properties": {**_REF, "soon": {"type": "boolean"}, "school": {"type": "string"},
                                  "deadlines": {"type": "object", "additionalProperties": _DUE}}},
    "TeacherDossier": {"type": "object", "properties": {"dossier": {"type": "object", "properties": {
        **_REF, "school": {"type": "string"}, "login": {"type": ["string", "null"]},
        "documents_agreed": {"type": "boolean"},
        "deadlines": {"type": "array", "description": "Steps counted back from D (D-20, D-10, D-5, D)",
                      "items": {"type": "object", "properties": {
                          "step": _STEP, "title": {"type": "string"}, "due": _DUE, "done": {"type": "boolean"}}}},
        "documents": {"type": "array", "description": "Exactly the documents this teacher must upload",
                      "items": {"type": "object", "properties": {
                          "code": {"type": "string"}, "title": {"type": "string"},
                          "file": {"type": ["string", "null"]}}}},
        "support": {"type": "array", "items": {"type": "object", "properties": {
            "on": {"type": "string", "format": "date"}, "topic": {"type": "string"}}}},
        "reviews": {"type": "array", "items": {"type": "object"}},
        "decision": {"type": ["object", "null"]}, "result_order": {"type": ["string", "null"]},
        "work_record": {"type": ["object", "null"]},
        "journal": {"type": "array", "items": {"type": "object"}}}}}},
    "TeacherAttestationYear": {"type": "object", "properties": {
        "years": {"type": "array", "items": {"type": "integer"}},
        "year": {"type": "object", "properties": {
            "path": {"type": "string"}, "school": {"type": "object"}, "school_year": {"type": "integer"},
            "officer": {"type": ["string", "null"]}, "officer_order": {"type": ["string", "null"]},
            "schedule_order": {"type": ["string", "null"]},
            "counts": {"type": "object", "properties": {"total": {"type": "integer"}, "done": {"type": "integer"},
                                                        "overdue": {"type": "integer"}}},
            "page": {"type": "integer"}, "per_page": {"type": "integer"},
            "steps": {"type": "array", "description": "This page's teachers (of counts.total) by step; count is "
                      "the step's teachers in the whole year", "items": {"type": "object", "properties": {
                          "step": _STEP, "title": {"type": "string"}, "count": {"type": "integer"},
                          "teachers": {"type": "array", "items": _ref("TeacherRef")}}}}}}}},
    "TeachersOverdue": {"type": "object", "properties": {
        "today": {"type": "string", "format": "date"}, "total": {"type": "integer"}, "page": {"type": "integer"},
        "per_page": {"type": "integer"},
        "by_step": {"type": "array", "description": "The region's teachers awaiting each step (empty for a "
                    "municipality)", "items": {"type": "object"}},
        "teachers": {"type": "array", "items": _ref("TeacherRef")}}},
    "TeacherResultOrder": {"type": "object", "properties": {
        "act": {"type": "object", "properties": {"path": {"type": "string"}, "title": {"type": "string"}}},
        "dossiers": {"type": "array", "items": {"type": "string"}},
        "readers": {"type": "array", "description": "Who reads the draft besides the register's own roles: "
                    "the commission members who decided and the schools' attestation officers",
                    "items": {"type": "string"}}}},
})

_DOSSIER = _ref("TeacherDossier")
_DOSSIER_INVITED = {"allOf": [_DOSSIER, {"type": "object", "properties": {"invitation_url": {
    "type": ["string", "null"], "description": "A new teacher's one-time invitation link, when no mailer sends it: "
                                              "given in this answer only"}}}]}

PATHS.update({
    TREE + "/@@teacher-year": {"get": _op(
        "getTeacherAttestationYear", "Аттестация педагогов школы за учебный год: педагоги по шагам, сроки",
        _ref("TeacherAttestationYear"), [PATH, {"name": "year", "in": "query", "description": "Год начала "
                                                "учебного года; по умолчанию текущий",
                                                "schema": {"type": "integer", "minimum": 2000, "maximum": 2100}},
                                         *page_params(50)])},
    TREE + "/@@teachers": {"post": _op(
        "planTeacher", "Включить педагога в график аттестации школы (дата в прошлом — 400)", _DOSSIER,
        [PATH, CSRF], _body({"full_name": {"type": "string", "minLength": 1, "maxLength": 300},
                             "post": {"type": "string", "enum": sorted(POSTS)},
                             "category": {"type": "string", "enum": sorted(CATEGORIES)}, "planned": _DAY},
                            ["full_name", "post", "category", "planned"]), status="201")},
    TREE + "/@@teacher-dossier": {"get": _op("getTeacherDossier", "Аттестация педагога: шаги и сроки от D, "
                                             "документы, экспертиза, решение, журнал", _DOSSIER, [PATH])},
    TREE + "/@@teacher-send-data": {"post": _op(
        "sendTeacherData", "Передать данные педагога районному координатору (ответственный за аттестацию)",
        _DOSSIER, [PATH, CSRF])},
    TREE + "/@@teacher-account": {"post": _op(
        "openTeacherAccount", "Открыть личный кабинет педагога (районный координатор): существующая учётная запись "
        "или новая по приглашению на эл. почту педагога", _DOSSIER_INVITED, [PATH, CSRF],
        _body({"account": {"type": "string", "minLength": 1, "maxLength": 254,
                           "description": "The teacher's e-mail (a new account is invited), or an existing log-in"}},
              ["account"]))},
    TREE + "/@@teacher-support": {"post": _op(
        "addTeacherSupport", "Встреча в расписании поддержки педагога", _DOSSIER, [PATH, CSRF],
        _body({"on": _DAY, "topic": _TEXT}, ["on", "topic"]))},
    TREE + "/@@teacher-agreed": {"post": _op(
        "setTeacherDocumentsAgreed", "Согласованы ли документы педагога с руководителем (нет — нужно письмо "
        "руководителя)", _DOSSIER, [PATH, CSRF], _body({"agreed": {"type": "boolean"}}, ["agreed"]))},
    TREE + "/@@teacher-materials": {"get": {
        "operationId": "downloadTeacherMaterial", "summary": "Скачать загруженный педагогом документ из перечня",
        "parameters": [PATH, {"name": "code", "in": "query", "required": True,
                              "schema": {"type": "string", "minLength": 1, "maxLength": 100}}],
        "responses": {"200": {"description": "Файл", "content": {"application/octet-stream": {}}}, **ERRORS}},
        "post": _op(
        "uploadTeacherMaterial", "Загрузить документ из перечня педагога (проверяется безопасным инспектором)",
        _DOSSIER, [PATH, CSRF], {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["code", "file"],
            "properties": {"code": {"type": "string", "minLength": 1, "maxLength": 100},
                           "file": {"type": "string", "format": "binary"}}}}}}, status="201")},
    TREE + "/@@teacher-submit": {"post": _op(
        "submitTeacherMaterials", "Отправить аттестационные материалы (пока нет обязательного документа — 400)",
        _DOSSIER, [PATH, CSRF])},
    TREE + "/@@teacher-consent": {"post": _op(
        "giveTeacherConsent", "Подтвердить согласие на участие в аттестации (до отправки материалов — 409)",
        _DOSSIER, [PATH, CSRF], _body({"agree": {"type": "boolean"}}, ["agree"]))},
    TREE + "/@@teacher-review": {"post": _op(
        "reviewTeacherPortfolio", "Экспертиза портфолио по критериям региона: каждый критерий, невыполненный — "
        "с комментарием", _DOSSIER, [PATH, CSRF],
        _body({"results": {"type": "object", "maxProperties": 100, "additionalProperties": {
            "type": "object", "required": ["met"], "additionalProperties": False,
            "properties": {"met": {"type": "boolean"}, "comment": {"type": "string", "maxLength": 3000}}}}},
            ["results"]))},
    TREE + "/@@teacher-decision": {"post": _op(
        "decideTeacher", "Решение аттестационной комиссии (председатель или секретарь)", _DOSSIER, [PATH, CSRF],
        _body({"decision": {"type": "string", "enum": sorted(DECISIONS)},
               "protocol": {"type": "string", "maxLength": 50}}, ["decision"]))},
    TREE + "/@@teacher-work-book": {"post": _op(
        "recordTeacherWorkBook", "Запись в трудовой книжке (после приказа о результатах; до него — 409)",
        _DOSSIER, [PATH, CSRF], _body({"text": _TEXT, "on": _DAY}, ["text"]))},
    TREE + "/@@teachers-overdue": {"get": _op(
        "getTeachersOverdue", "Просроченные шаги аттестации педагогов региона или муниципалитета, по сроку",
        _ref("TeachersOverdue"), [PATH, *page_params()])},
    TREE + "/@@teacher-attestation-people": {
        "get": _op("getTeacherAttestationPeople", "Пул экспертов и аттестационная комиссия региона",
                   _ref("TeacherAttestationPeople"), [PATH])},
    TREE + "/@@teacher-experts": {
        "post": _op("addTeacherExpert", "Включить эксперта в пул региона (где он работает, видно по его ролям)",
                    _ref("TeacherAttestationPeople"), [PATH, CSRF], _body({"login": _LOGIN}, ["login"])),
        "delete": _op("removeTeacherExpert", "Исключить эксперта из пула региона", _ref("TeacherAttestationPeople"),
                      [PATH, CSRF, _LOGIN_QUERY])},
    TREE + "/@@teacher-experts-draw": {
        "post": _op("drawTeacherExperts", "Назначить экспертов делам, ожидающим эксперта",
                    {"type": "object", "properties": {"drawn": {"type": "integer"}, "waiting": {"type": "integer"}}},
                    [PATH, CSRF])},
    TREE + "/@@teacher-commission": {
        "post": _op("appointTeacherCommission", "Включить в состав аттестационной комиссии региона",
                    _ref("TeacherAttestationPeople"), [PATH, CSRF],
                    _body({"login": _LOGIN, "role": {"type": "string", "enum": sorted(COMMISSION_ROLES)},
                           "end": {"type": ["string", "null"], "format": "date",
                                   "description": "The last day of the appointment, included (none: no end)"}},
                          ["login", "role"])),
        "delete": _op("dismissTeacherCommission", "Вывести из состава аттестационной комиссии региона",
                      _ref("TeacherAttestationPeople"), [PATH, CSRF, _LOGIN_QUERY,
                                                         {"name": "role", "in": "query", "required": True,
                                                          "schema": {"type": "string",
                                                                     "enum": sorted(COMMISSION_ROLES)}}])},
    TREE + "/@@teacher-result-order": {"post": _op(
        "draftTeacherResultOrder", "Проект приказа об утверждении результатов аттестации по всем решениям "
        "комиссии, не вошедшим в приказ (нет таких — 409); читают его решавшие члены комиссии и ответственные "
        "школ", _ref("TeacherResultOrder"), [PATH, CSRF],
        _body({"protocol_number": {"type": "string", "minLength": 1, "maxLength": 50}, "protocol_date": _DAY,
               "responsible_name": {"type": "string", "minLength": 1, "maxLength": 300},
               "signatory_name": {"type": "string", "minLength": 1, "maxLength": 200},
               "signatory_post": {"type": "string", "minLength": 1, "maxLength": 200}, "city": {"type": "string", "minLength": 1, "maxLength": 200},
               "notify_days": {"type": "integer", "minimum": 1, "maximum": 60}},
              ["protocol_number", "protocol_date", "responsible_name", "signatory_name", "signatory_post", "city"]), status="201")},
})

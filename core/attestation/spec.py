"""The operations of the leader attestation (core/attestation/api.py), added to the OpenAPI document.

{path} is a region (open a campaign), a campaign (…/leader-attestation-2026),
a dossier (…/participants/<login>) or an anonymous case answer
(…/answers/<code>). A refused step answers 403 (step_forbidden), 409
(step_order) or 400 (step_invalid, with details).
"""
from core.api.spec._base import CSRF, PATH, PATHS, SCHEMAS, TREE, _json, _op, _ref
from core.attestation.model import COMMISSION_ROLES

_DATE = {"type": "string", "format": "date"}
_WHEN = {"type": ["string", "null"], "format": "date-time"}
_CATEGORY = {"type": "string", "enum": ["head", "candidate"]}
_LOGIN = {"type": "string", "minLength": 1, "maxLength": 100}


def _body(properties, required=(), extra=False):
    return {"required": True, **_json({"type": "object", "required": list(required),
                                       "additionalProperties": extra, "properties": properties})}


_THRESHOLD = {"type": ["object", "null"], "properties": {
    "category": _CATEGORY, "threshold": {"type": "number"}, "rule": {"type": "string"},
    "results": {"type": "integer"}, "actor": {"type": "string"}, "at": {"type": "string", "format": "date-time"},
    "reason": {"type": "string"}, "frozen": {"type": "boolean"}}}

SCHEMAS.update({
    "AttestationThreshold": _THRESHOLD,
    "AttestationDossier": {"type": "object", "properties": {"dossier": {"type": "object", "properties": {
        "path": {"type": "string"}, "attestee": {"type": "string"}, "person": {"type": "string"},
        "category": _CATEGORY, "school": {"type": "object"}, "municipality": {"type": "string"},
        "sitting": _DATE, "state": {"type": "string"}, "state_title": {"type": "string"},
        "portfolio": {"type": "object"}, "consent_at": _WHEN, "started_at": _WHEN, "deadline_at": _WHEN,
        "submitted_at": _WHEN, "remaining_seconds": {"type": "integer"},
        "stages": {"type": "array", "items": {"type": "object"}}, "total": {"type": ["number", "null"]},
        "threshold": _ref("AttestationThreshold"), "decision": {"type": ["string", "null"]},
        "decision_title": {"type": ["string", "null"]}, "history": {"type": "array", "items": {"type": "object"}}}}}},
    "AttestationCampaign": {"type": "object", "properties": {"campaign": {"type": "object", "properties": {
        "path": {"type": "string"}, "year": {"type": "integer"}, "time_limit": {"type": "integer"},
        "exposure": {"type": "object", "description": "An item is given in at most `limit` tests "
                     "(ceil(percent x planned / 100); null: no limit yet or 100 %)", "properties": {
                         "percent": {"type": "integer"}, "planned": {"type": "integer"},
                         "limit": {"type": ["integer", "null"]}, "drawn": {"type": "integer"}}},
        "meeting": {"type": ["object", "null"]},
        "participants": {"type": "array", "items": {"type": "object"}},
        "experts": {"type": "array", "items": {"type": "object"}}, "commission": {"type": "object"},
        "thresholds": {"type": "object", "additionalProperties": _ref("AttestationThreshold")},
        "threshold_log": {"type": "array", "items": _ref("AttestationThreshold")}, "frozen_at": _WHEN,
        "unassigned_answers": {"type": "integer"}, "acts": {"type": "object"}}}}},
    "AttestationTest": {"type": "object", "properties": {"test": {"type": "object", "properties": {
        "state": {"type": "string"}, "remaining_seconds": {"type": "integer"}, "deadline_at": _WHEN,
        "items": {"type": "array", "items": {"type": "object", "properties": {
            "code": {"type": "string"}, "kind": {"type": "string"}, "stem": {"type": "string"},
            "options": {"type": "array"}, "max_score": {"type": "number"}, "rubric": {"type": "array"},
            "answer": {}}}}}}}},
    "CaseAnswer": {"type": "object", "description": "An anonymous answer: no attestee, school or municipality",
                   "properties": {"case": {"type": "object", "additionalProperties": False, "properties": {
                       "code": {"type": "string"}, "stem": {"type": "string"}, "rubric": {"type": "array"},
                       "max_score": {"type": "number"}, "text": {"type": "string"},
                       "my_score": {"type": ["object", "null"]}, "agreed": {"type": "boolean"}}}}},
})

PATHS.update({
    TREE + "/@@leader-attestation": {"post": _op(
        "openAttestationCampaign", "Открыть кампанию аттестации руководителей региона на год",
        _ref("AttestationCampaign"), [PATH, CSRF],
        _body({"year": {"type": "integer", "minimum": 2000, "maximum": 2100},
               "time_limit": {"type": "integer", "minimum": 10, "maximum": 600}}, ["year"]))},
    TREE + "/@@campaign": {"get": _op("getAttestationCampaign", "Кампания аттестации: график, эксперты, "
                                      "комиссия, пороги и журнал их расчёта", _ref("AttestationCampaign"), [PATH])},
    TREE + "/@@participants": {"post": _op(
        "scheduleAttestee", "Включить руководителя или кандидата в график аттестации", _ref("AttestationDossier"),
        [PATH, CSRF], _body({"login": _LOGIN, "school": {"type": "string", "minLength": 1, "maxLength": 64},
                             "category": _CATEGORY, "sitting": _DATE}, ["login", "school", "category", "sitting"]),
        status="201")},
    TREE + "/@@experts": {"post": _op(
        "addAttestationExpert", "Добавить эксперта в пул кампании (где он работает, видно по его ролям)",
        _ref("AttestationCampaign"), [PATH, CSRF], _body({"login": _LOGIN}, ["login"]))},
    TREE + "/@@settings": {"post": _op(
        "configureAttestationCampaign", "Настройки кампании: время на тестирование и предельная доля тестов "
        "с одним заданием (%; 100 — без ограничения)", _ref("AttestationCampaign"), [PATH, CSRF],
        _body({"time_limit": {"type": "integer", "minimum": 10, "maximum": 600},
               "exposure_percent": {"type": "integer", "minimum": 1, "maximum": 100}}))},
    TREE + "/@@threshold": {"post": _op(
        "calculateThreshold", "Рассчитать порог прохождения категории (с причиной; после заседания — 409)",
        {"type": "object", "properties": {"threshold": _ref("AttestationThreshold")}}, [PATH, CSRF],
        _body({"category": _CATEGORY, "reason": {"type": "string", "minLength": 1, "maxLength": 500}},
              ["category", "reason"]))},
    TREE + "/@@commission": {"post": _op(
        "appointCommissionMember", "Назначить председателя, секретаря или члена аттестационной комиссии",
        _ref("AttestationCampaign"), [PATH, CSRF],
        _body({"login": _LOGIN, "role": {"type": "string", "enum": list(COMMISSION_ROLES)}}, ["login", "role"]))},
    TREE + "/@@commission-meeting": {"post": _op(
        "holdCommissionMeeting", "Открыть заседание комиссии (секретарь или председатель): пороги фиксируются; "
        "повторно — 409", _ref("AttestationCampaign"), [PATH, CSRF],
        _body({"date": _DATE, "place": {"type": "string", "maxLength": 300},
               "present": {"type": "array", "minItems": 1, "maxItems": 100, "items": _LOGIN}},
              ["date", "present"]))},
    TREE + "/@@decisions": {"post": _op(
        "decideAttestee", "Решение комиссии по аттестуемому (до заседания или повторно — 409; вопреки порогу — "
        "только с обоснованием)", _ref("AttestationDossier"), [PATH, CSRF],
        _body({"participant": _LOGIN, "decision": {"type": "string", "enum": ["passed", "failed"]},
               "comment": {"type": "string", "maxLength": 3000}}, ["participant", "decision"]))},
    TREE + "/@@attestation-acts": {"post": _op(
        "draftAttestationActs", "Сформировать протокол заседания и приказ об утверждении результатов (черновики "
        "в реестре актов региона); до решений по всем — 409",
        {"type": "object", "properties": {"protocol": {"type": "string"}, "order": {"type": "string"},
                                          "campaign": _ref("AttestationCampaign")}}, [PATH, CSRF],
        _body({"protocol_number": {"type": "string", "minLength": 1, "maxLength": 50},
               "responsible_name": {"type": "string", "minLength": 1, "maxLength": 300},
               "signatory_name": {"type": "string", "minLength": 1, "maxLength": 200},
               "signatory_post": {"type": "string", "maxLength": 200},
               "city": {"type": "string", "maxLength": 200},
               "notify_days": {"type": "integer", "minimum": 1, "maximum": 60}},
              ["protocol_number", "responsible_name", "signatory_name"]), status="201")},
    TREE + "/@@dossier": {"get": _op("getDossier", "Досье аттестуемого", _ref("AttestationDossier"), [PATH])},
    TREE + "/@@registration": {"post": _op(
        "registerAttestee", "Регистрация: портфолио и согласие на обработку персональных данных",
        _ref("AttestationDossier"), [PATH, CSRF],
        _body({"portfolio": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 5000}},
               "consent": {"type": "boolean"}}, ["portfolio", "consent"]))},
    TREE + "/@@test": {"get": _op("getTest", "Тест аттестуемого: задания без ключей, сохранённые ответы, остаток "
                                  "времени", _ref("AttestationTest"), [PATH])},
    TREE + "/@@test-start": {"post": _op("startTest", "Начать тестирование (время считает сервер)",
                                         _ref("AttestationTest"), [PATH, CSRF])},
    TREE + "/@@answers": {"post": _op(
        "saveAnswer", "Сохранить ответ на задание (после истечения времени или сдачи — 409)",
        {"type": "object", "properties": {"saved": {"type": "boolean"}, "item": {"type": "string"},
                                          "remaining_seconds": {"type": "integer"}}}, [PATH, CSRF],
        _body({"item": {"type": "string", "minLength": 1, "maxLength": 80},
               "answer": {"anyOf": [{"type": "string", "maxLength": 20000},
                                    {"type": "array", "maxItems": 12, "items": {"type": "string", "maxLength": 80}}]}},
              ["item", "answer"]))},
    TREE + "/@@test-submit": {"post": _op("submitTest", "Завершить тестирование (повторная сдача — 409)",
                                          _ref("AttestationDossier"), [PATH, CSRF])},
    TREE + "/@@case": {"get": _op("getCaseAnswer", "Обезличенный ответ на кейс (только назначенному эксперту)",
                                  _ref("CaseAnswer"), [PATH])},
    TREE + "/@@scores": {"post": _op(
        "scoreCaseAnswer", "Оценка ответа на кейс по критериям (только назначенный эксперт, один раз)",
        _ref("CaseAnswer"), [PATH, CSRF],
        _body({"points": {"type": "object", "additionalProperties": {"type": "number", "minimum": 0}},
               "comment": {"type": "string", "maxLength": 3000}}, ["points"]))},
})

"""The operations of the results base (core/results/api.py), added to the OpenAPI document.

{path} is a school (its passport; the head's facts of a year) or a region /
municipality (its indicators and trends; a results table or a table of
passport facts imported). A refused table answers 400 (table_refused, a
detail a problem naming the row and column); a step the actor does not take
403 (step_forbidden).
"""
from core.api.spec._base import CSRF, PATH, PATHS, SCHEMAS, TREE, _json, _op, _ref
from core.results.importer import FIELDS

_NUMBER = {"type": ["number", "null"]}
_VALUES = {"type": "array", "items": {"type": "object", "properties": {"year": {"type": "integer"},
                                                                       "value": {"type": "number"}}}}
_TREND = {"type": "object", "description": "The least-squares slope over the last 3–5 years, its standard error "
                                           "and Student's t-test against zero (core.results.trend)",
          "properties": {"years": {"type": "array", "items": {"type": "integer"}}, "slope": _NUMBER, "se": _NUMBER,
                         "t": _NUMBER, "df": {"type": "integer"}, "p": _NUMBER, "significant": {"type": "boolean"},
                         "direction": {"type": "string", "enum": ["up", "down", "flat", "unknown"]},
                         "text": {"type": "string"}}}
_FILE = {"type": "string", "format": "binary"}

SCHEMAS.update({
    "ResultIndicator": {"type": "object", "description": "An indicator of a node by year; beside: the region's "
                        "values (for a gap to the region, the node's own)", "properties": {
        "code": {"type": "string"}, "title": {"type": "string"}, "measure": {"type": "string"},
        "unit": {"type": "string"}, "versus_region": {"type": "boolean"}, "lower_is_better": {"type": "boolean"},
        "values": _VALUES, "beside": _VALUES, "trend": _TREND}},
    "SchoolPassport": {"type": "object", "properties": {
        "school": {"type": "object"}, "years": {"type": "array", "items": {"type": "integer"}},
        "sections": {"type": "array", "items": {"type": "object", "properties": {
            "code": {"type": "string"}, "title": {"type": "string"},
            "known": {"type": "array", "description": "What OKO Case knows itself (the school's type, its teachers "
                      "by category and attestation status, its years in the 500+ project)",
                      "items": {"type": "object"}},
            "fields": {"type": "array", "items": {"type": "object", "properties": {
                "code": {"type": "string"}, "title": {"type": "string"}, "kind": {"type": "string"},
                "unit": {"type": "string"}, "source": {"type": "string"},
                "filled_by": {"type": "string", "enum": ["school", "import"]},
                "values": {"type": "array", "items": {"type": "object"}},
                "versions": {"type": "array", "description": "Every version of the field, by year, oldest first",
                             "items": {"type": "object"}}}}}}}},
        "indicators": {"type": "array", "items": _ref("ResultIndicator")}}},
    "ResultsIndicators": {"type": "object", "properties": {
        "path": {"type": "string"}, "title": {"type": "string"}, "schools": {"type": "integer"},
        "indicators": {"type": "array", "items": _ref("ResultIndicator")},
        "below": {"type": ["object", "null"], "description": "The municipalities (of a region) or schools (of a "
                  "municipality) on the indicator asked for"}}},
    "ResultsImport": {"type": "object", "properties": {
        "dry_run": {"type": "boolean"}, "count": {"type": "integer"}, "schools": {"type": "integer"},
        "columns": {"type": "array", "description": "How the table's columns were read",
                    "items": {"type": "object", "properties": {"letter": {"type": "string"},
                                                               "heading": {"type": "string"},
                                                               "field": {"type": ["string", "null"]}}}},
        "sample": {"type": "array", "items": {"type": "object"}}, "added": {"type": "integer"},
        "changed": {"type": "integer"}, "unchanged": {"type": "integer"}, "summary": {"type": "string"}}},
})

_IMPORT_BODY = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"], "properties": {
        "file": _FILE,
        "mapping": {"type": "string", "description": "JSON: {column letter: field}, the fields being "
                    + ", ".join(FIELDS) + "; found from the headings when left out"},
        "fixed": {"type": "string", "description": "JSON: a procedure, subject, grade or year for every row "
                  "({\"procedure\": \"ВПР\", \"year\": \"2025\"})"},
        "dry_run": {"type": "string", "enum": ["true", "false"], "description": "true: check and say what "
                    "would change, write nothing"}}}}}}

PATHS.update({
    TREE + "/@@passport": {"get": _op("getSchoolPassport", "Паспорт школы: сведения по годам, кадры, участие в "
                                      "программах, результаты и их динамика", _ref("SchoolPassport"), [PATH])},
    TREE + "/@@passport-facts": {"post": _op(
        "fillSchoolPassport", "Сведения школы за год (заполняет руководитель; значения, загружаемые из таблиц, "
        "— 400)", {"type": "object", "properties": {"changed": {"type": "integer"},
                                                     "passport": _ref("SchoolPassport")}},
        [PATH, CSRF], {"required": True, **_json({
            "type": "object", "required": ["year", "values"], "additionalProperties": False,
            "properties": {"year": {"type": "integer", "minimum": 2000, "maximum": 2100},
                           "values": {"type": "object", "maxProperties": 200, "additionalProperties": {
                               "type": ["string", "number", "boolean"]}}}})})},
    TREE + "/@@results-indicators": {"get": _op(
        "getResultsIndicators", "Показатели региона или муниципалитета по годам, их динамика; муниципалитеты "
        "(школы) по одному показателю", _ref("ResultsIndicators"),
        [PATH, {"name": "indicator", "in": "query", "description": "Код показателя для таблицы по "
                "муниципалитетам (школам)", "schema": {"type": "string", "maxLength": 100}}])},
    TREE + "/@@results-import": {"post": _op(
        "importResults", "Загрузить таблицу результатов (ВПР, ОГЭ, ЕГЭ, региональные процедуры): все строки или "
        "ни одной; dry_run — только проверка", _ref("ResultsImport"), [PATH, CSRF], _IMPORT_BODY)},
    TREE + "/@@passport-import": {"post": _op(
        "importPassportFacts", "Загрузить сведения паспортов школ из таблицы (строка — школа и год, столбец — "
        "поле)", {"type": "object", "properties": {"written": {"type": "integer"}, "unchanged": {"type": "integer"},
                                                   "schools": {"type": "integer"}}},
        [PATH, CSRF], {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["file"], "properties": {"file": _FILE}}}}})},
    TREE + "/@@passport-fields": {"get": _op(
        "getPassportFields", "Поля паспорта, оценочные процедуры, предметы и показатели региона",
        {"type": "object"}, [PATH])},
})

# -- the analysis (core/results/api.py: clusters, flags, the low-results list, recommendations, open statistics) --
_TEXTS = {"type": "array", "items": {"type": "string"}}
_YEAR = {"type": "integer", "minimum": 2000, "maximum": 2100}
_YEAR_BODY = {"required": False, **_json({"type": "object", "additionalProperties": False,
                                          "properties": {"year": _YEAR}})}
_RECOMMENDATION_YEAR = {"required": True, **_json({"type": "object", "required": ["year"],
                                                   "additionalProperties": False, "properties": {"year": _YEAR}})}

SCHEMAS.update({
    "Clustering": {"type": ["object", "null"], "description": "The region's schools grouped by context by k-means "
                   "(scikit-learn), the features standardised, k of 2..8 chosen by the highest mean silhouette "
                   "(core.results.clusters)", "properties": {
        "k": {"type": "integer"}, "at": {"type": "string"}, "year": {"type": ["integer", "null"]},
        "silhouettes": {"type": "array", "items": {"type": "object"}},
        "clusters": {"type": "array", "items": {"type": "object", "properties": {
            "number": {"type": "integer"}, "title": {"type": "string"}, "description": {"type": "string"},
            "size": {"type": "integer"}}}}}},
    "LowResultsList": {"type": ["object", "null"], "description": "The list of schools with low results for a "
                       "year of the 500+ project: proposed by the region's rule with evidence, the operator's "
                       "changes with reasons, accepted (its schools enrolled) or not", "properties": {
        "year": {"type": "integer"}, "rule": {"type": "string"}, "codes": _TEXTS, "accepted": {"type": "boolean"},
        "accepted_by": {"type": ["string", "null"]}, "enrolled": _TEXTS, "already": _TEXTS,
        "proposed": {"type": "array", "items": {"type": "object", "properties": {
            "code": {"type": "string"}, "title": {"type": "string"}, "municipality": {"type": "string"},
            "cluster": {"type": "integer"}, "evidence": _TEXTS}}},
        "changes": {"type": "array", "items": {"type": "object"}}}},
    "ResultsAnalysis": {"type": "object", "properties": {
        "path": {"type": "string"}, "clustering": _ref("Clustering"),
        "flag_rules": {"type": "object", "description": "The documented rules of the flags (core.results."
                       "objectivity), by code"},
        "flags": {"type": "array", "items": {"type": "object", "properties": {
            "municipality": {"type": "string"}, "flags": {"type": "array", "items": {
                "type": "object", "properties": {
                    "school": {"type": "string"}, "school_title": {"type": "string"},
                    "municipality": {"type": "string"}, "rule": {"type": "string"}, "title": {"type": "string"},
                    "year": {"type": "integer"}, "evidence": {"type": "string"}}}}}}},
        "low_results": {"type": "object", "description": "A region's: its rule (oko_low_results_rule) and the "
                        "list of the year asked for", "properties": {
            "rule": {"type": "object"}, "list": _ref("LowResultsList")}}}},
    "Recommendation": {"type": "object", "properties": {
        "school": {"type": "string"}, "recommendation": {"type": ["object", "null"], "properties": {
            "year": {"type": "integer"}, "cluster": {"type": "object"},
            "weak": {"type": "array", "items": {"type": "object"}},
            "similar": {"type": "array", "items": {"type": "object"}}, "flags": _TEXTS, "risks": _TEXTS,
            "measures": {"type": "string"}, "conclusion": {"type": "string"}, "sent": {"type": "boolean"},
            "versions": {"type": "array", "items": {"type": "object"}}}}}},
    "OpenStatistics": {"type": "object", "description": "Aggregates of a region or a municipality only: no school, "
                       "no person, no flag", "properties": {
        "region": {"type": "string"}, "region_title": {"type": "string"},
        "municipality": {"type": ["string", "null"]}, "municipality_title": {"type": ["string", "null"]},
        "years": {"type": "array", "items": {"type": "integer"}},
        "indicators": {"type": "array", "items": {"type": "object", "properties": {
            "code": {"type": "string"}, "title": {"type": "string"}, "unit": {"type": "string"},
            "values": {"type": "array", "items": {"type": "object"}}, "trend": {"type": "string"}}}}}},
})

PATHS.update({
    TREE + "/@@results-analysis": {"get": _op(
        "getResultsAnalysis", "Кластеры школ, признаки необъективности по муниципалитетам с основаниями; для "
        "региона — правило и список школ с низкими результатами", _ref("ResultsAnalysis"),
        [PATH, {"name": "year", "in": "query", "description": "Год списка (по умолчанию следующий за годом "
                "результатов)", "schema": _YEAR}])},
    TREE + "/@@results-clusters": {"post": _op(
        "computeClusters", "Рассчитать кластеры школ региона (региональный оператор)", _ref("Clustering"),
        [PATH, CSRF])},
    TREE + "/@@low-results-propose": {"post": _op(
        "proposeLowResults", "Сформировать список школ с низкими результатами по правилу региона",
        _ref("LowResultsList"), [PATH, CSRF], _YEAR_BODY)},
    TREE + "/@@low-results-change": {"post": _op(
        "changeLowResults", "Добавить школу в список или исключить её, с причиной", _ref("LowResultsList"),
        [PATH, CSRF], {"required": True, **_json({
            "type": "object", "required": ["code", "include", "reason"], "additionalProperties": False,
            "properties": {"year": _YEAR, "code": {"type": "string", "maxLength": 50},
                           "include": {"type": "boolean"}, "reason": {"type": "string", "maxLength": 500}}})})},
    TREE + "/@@low-results-accept": {"post": _op(
        "acceptLowResults", "Принять список: школы включаются в проект «500+»", _ref("LowResultsList"),
        [PATH, CSRF], _YEAR_BODY)},
    TREE + "/@@recommendation": {"get": _op(
        "getRecommendation", "Адресные рекомендации школе (черновик видит только методист)",
        _ref("Recommendation"), [PATH])},
    TREE + "/@@recommendation-draft": {"post": _op(
        "draftRecommendation", "Составить рекомендации школе по результатам анализа", _ref("Recommendation"),
        [PATH, CSRF])},
    TREE + "/@@recommendation-edit": {"post": _op(
        "editRecommendation", "Изменить меры и заключение (новая версия с автором)", _ref("Recommendation"),
        [PATH, CSRF], {"required": True, **_json({
            "type": "object", "required": ["year", "measures"], "additionalProperties": False,
            "properties": {"year": _YEAR, "measures": {"type": "string", "maxLength": 5000},
                           "conclusion": {"type": "string", "maxLength": 5000}}})})},
    TREE + "/@@recommendation-send": {"post": _op(
        "sendRecommendation", "Отправить рекомендации школе", _ref("Recommendation"), [PATH, CSRF],
        _RECOMMENDATION_YEAR)},
    TREE + "/@@recommendation-roadmap": {"post": _op(
        "recommendationToRoadmap", "Перенести меры отправленных рекомендаций в дорожную карту школы (руководитель "
        "школы, один раз)", {"type": "object", "properties": {"added": {"type": "array", "items": {
            "type": "object", "properties": {"id": {"type": ["string", "integer"]}, "text": {"type": "string"}}}}}},
        [PATH, CSRF], {"required": True, **_json({
            "type": "object", "required": ["year", "roadmap"], "additionalProperties": False,
            "properties": {"year": _YEAR, "roadmap": {"type": "string", "maxLength": 200}}})})},
    "/api/v1/open-statistics": {"get": _op(
        "getOpenStatistics", "Открытая статистика результатов региона или муниципалитета (без входа)",
        _ref("OpenStatistics"),
        [{"name": "region", "in": "query", "schema": {"type": "string", "maxLength": 10}},
         {"name": "municipality", "in": "query", "schema": {"type": "string", "maxLength": 100}}])},
})

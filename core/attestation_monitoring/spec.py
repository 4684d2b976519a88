"""The operations of the attestation monitoring (core/attestation_monitoring/api.py), added to the OpenAPI document.

{path} is a campaign (66/leader-attestation-2026) for the report, a region otherwise.
Shares are 0..1, null when nobody is assessed. A refused step answers 403, 409 or 400
(``monitoring_forbidden``, ``monitoring_order``, ``monitoring_invalid``).
"""
from core.api.spec._base import CSRF, PATH, PATHS, SCHEMAS, TREE, YEAR_PARAM, _json, _op, _ref

_SHARE = {"type": ["number", "null"], "minimum": 0, "maximum": 1}
_RATE = {"type": "object", "properties": {
    "code": {"type": "string"}, "title": {"type": "string"}, "participants": {"type": "integer"},
    "assessed": {"type": "integer"}, "passed": {"type": "integer"}, "rate": _SHARE}}
_RATES = {"type": "array", "items": _RATE}

SCHEMAS.update({
    "MonitoringReport": {"type": "object", "properties": {
        "region": {"type": "string"}, "region_title": {"type": "string"}, "year": {"type": "integer"},
        "states": {"type": "array", "items": {"type": "object"}}, "overall": _RATE, "by_category": _RATES,
        "by_school_type": _RATES, "by_municipality": _RATES, "thresholds": {"type": "array", "items": {"type": "object"}},
        "items": {"type": "array", "items": {"type": "object", "description": (
            "difficulty: mean score share; point_biserial: r with the rest score of the closed part; "
            "upper_lower: the 27 % index D; exposure: tests the item was in"), "properties": {
            "code": {"type": "string"}, "exposure": {"type": "integer"}, "answers": {"type": "integer"},
            "difficulty": _SHARE, "point_biserial": {"type": ["number", "null"]},
            "upper_lower": {"type": ["number", "null"]}}}}}},
    "MonitoringSnapshot": {"type": "object", "properties": {
        "year": {"type": "integer"}, "quarter": {"type": "integer"}, "title": {"type": "string"},
        "taken_at": {"type": "string", "format": "date-time"}, "taken_by": {"type": "string"},
        "revision": {"type": "integer"}, "figures": _ref("MonitoringReport")}},
    "MonitoringSnapshotRequest": {"type": "object", "required": ["year", "quarter"], "additionalProperties": False,
                                  "properties": {"year": {"type": "integer", "minimum": 2000, "maximum": 2100},
                                                 "quarter": {"type": "integer", "minimum": 1, "maximum": 4}}},
    "AnnualMonitoringReport": {"type": "object", "properties": {
        "year": {"type": "integer"}, "quarters": {"type": "array", "items": {"type": "integer"}},
        "dynamics": {"type": "array", "items": {"type": "object", "properties": {
            "title": {"type": "string"}, "values": {"type": "array"}, "kind": {"type": "string"}}}},
        "final": _ref("MonitoringReport"), "conclusions": {"type": "string"}}},
})

PATHS.update({
    TREE + "/@@monitoring": {"get": _op(
        "getCampaignMonitoring", "Информационно-аналитический отчёт кампании аттестации руководителей",
        _ref("MonitoringReport"), [PATH])},
    TREE + "/@@attestation-monitoring": {
        "get": _op("listMonitoringSnapshots", "Квартальные мониторинги аттестации руководителей в регионе",
                   {"type": "object", "properties": {"snapshots": {"type": "array",
                                                                   "items": _ref("MonitoringSnapshot")}}}, [PATH]),
        "post": _op("takeMonitoringSnapshot", "Провести (повторить) квартальный мониторинг",
                    _ref("MonitoringSnapshot"), [PATH, CSRF],
                    {"required": True, **_json(_ref("MonitoringSnapshotRequest"))})},
    TREE + "/@@attestation-annual": {"get": _op(
        "getAnnualMonitoringReport", "Годовой отчёт на основе четырёх квартальных мониторингов (409, если их меньше)",
        _ref("AnnualMonitoringReport"), [PATH, YEAR_PARAM])},
})

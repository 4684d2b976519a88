"""Leader attestation's federal answers, as a built-in plugin: the dossier's workflow, the stages of the
Target Model, the pass threshold, the experts' agreement and their time to score a case."""
import datetime
import statistics

from core import hookimpl
from core.attestation.workflow import leader_attestation
from core.federal import OPERATORS

# The Target Model's attestation: a test auto-scored, management cases scored by experts.
STAGES = [
    {"code": "test", "title": "Тестирование", "kind": "test", "order": 10},
    {"code": "cases", "title": "Решение управленческих кейсов", "kind": "cases", "order": 20},
]


# Points out of 100 by which two experts may differ before a third scores.
SCORE_MARGIN = 15

# NB: the codes a plugin's answers and arguments name (``core.federal.CODES``).
CODES = {
    "form": ("Forms a plugin adds fields to: the ``type_name`` of ``oko_extend_schema``.",
             {"leader_portfolio": "портфолио аттестуемого руководителя (регистрация)"}),
    "deadline": ("Names of ``oko_deadlines`` the core reads (a plugin may add its own, for the "
                 "``period`` of a state it adds).",
                 {"case_scoring": "срок: эксперт оценивает обезличенный ответ на кейс"}),
}


@hookimpl
def oko_plugin_info():
    return {"name": "attestation", "version": "1.0",
            "title": "Аттестация руководителей ОО (Целевая модель)", "regions": ["*"]}


@hookimpl
def oko_workflows(region):
    return {"leader_attestation": leader_attestation()}


@hookimpl
def oko_attestation_stages(region, category):
    return [dict(stage) for stage in STAGES]


@hookimpl
def oko_pass_threshold(region, category, results):
    if not results:
        return None
    return {"threshold": float(statistics.median(results)),
            "rule": "Медиана результатов категории (динамическое медианное определение порога)"}


@hookimpl
def oko_score_agreement(region, scores):
    if len(scores) < 2:
        return None
    if len(scores) == 2 and abs(scores[0] - scores[1]) > SCORE_MARGIN:
        return {"third_expert": True}
    if len(scores) == 2:
        return {"score": (scores[0] + scores[1]) / 2}
    return {"score": float(statistics.median(scores))}


@hookimpl
def oko_deadlines(region, year):
    return {"case_scoring": datetime.timedelta(days=10)}


@hookimpl
def oko_processes():
    return [{"code": "leader_dossiers", "title": "Аттестация руководителей: досье", "type_name": "attestation_dossier"},
            {"code": "case_answers", "title": "Обезличенные ответы на кейсы", "type_name": "attestation_case_answer"}]


@hookimpl
def oko_node_links(region, node_type):
    if node_type != "region":
        return []
    return [{"code": "leader_attestation", "title": "Аттестация руководителей", "view": "leader-attestation",
             "roles": OPERATORS}]

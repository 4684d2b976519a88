"""The federal defaults: a built-in plugin that answers for every region."""
import datetime
import statistics
from pathlib import Path

from core import hookimpl

from . import lists, teachers
from .attestation import oko_attestation_stages  # noqa: F401  (a hook of this plugin)
from .cmm import oko_test_blueprint  # noqa: F401  (a hook of this plugin)
from .workflows import FEDERAL_WORKFLOWS

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "docs_templates"
# Points out of 100 by which two experts may differ before a third scores.
SCORE_MARGIN = 15


@hookimpl
def oko_plugin_info():
    return {"name": "federal", "version": "1.0", "title": "Федеральные значения по умолчанию",
            "regions": ["*"]}


@hookimpl
def oko_includeme(config):
    # NB: every region's templates are checked against their schemas here, so a
    # broken one stops start-up naming the file and the variable, not a user later.
    from core import docgen
    host = getattr(getattr(config, "registry", None), "oko", None)
    if host is not None:
        docgen.check_all(host)


@hookimpl
def oko_content_types():
    from core.resources import Document
    return [{"name": "school_document", "title": "Документ школы", "factory": Document,
             "workflow": "document_review", "add_permission": "add_document",
             "addable_in": ["school"]}]


@hookimpl
def oko_workflows(region):
    from core.cmm.workflows import CMM_WORKFLOWS
    return {make().name: make() for make in FEDERAL_WORKFLOWS + CMM_WORKFLOWS}


@hookimpl
def oko_processes():
    # NB: documents, acts and dossiers answer the process protocol themselves (their workflow, their
    # steps); the CMM items are kept out of the catalog, so their process brings them.
    from core.cmm.tasks import process as cmm_items
    return [{"code": "school_documents", "title": "Документы школ", "type_name": "document"},
            {"code": "acts", "title": "Нормативные акты", "type_name": "act"},
            cmm_items(),
            {"code": "teacher_years", "title": "Аттестация педагогов: шаги школы",
             "type_name": "teacher_attestation_year"},
            {"code": "teacher_dossiers", "title": "Аттестация педагогов: досье", "type_name": "teacher_dossier"}]


@hookimpl
def oko_risk_factors(region):
    return lists.items(lists.RISK_FACTORS)


@hookimpl
def oko_indicators(region):
    return lists.items(lists.INDICATORS)


@hookimpl
def oko_review_criteria(region, document_type):
    # NB: a teacher's e-portfolio is judged by criteria of its own, not by the 500+ ones.
    if document_type == teachers.TEACHER_PORTFOLIO:
        return teachers.portfolio_criteria()
    return [{"code": code, "title": title, "mandatory": mandatory}
            for code, title, mandatory in lists.REVIEW_CRITERIA]


@hookimpl
def oko_required_sections(region, document_type):
    return lists.items(lists.REQUIRED_SECTIONS.get(document_type, ()))


@hookimpl
def oko_node_links(region, node_type):
    return [dict(link) for link in lists.NODE_LINKS.get(node_type, ())]


@hookimpl
def oko_portfolio_sections(region):
    return lists.items(lists.PORTFOLIO_SECTIONS)


@hookimpl
def oko_deadlines(region, year):
    return {
        "concept_documents": datetime.date(year, 3, 30),
        "document_review": datetime.timedelta(days=10),
        "cmm_review": datetime.timedelta(days=10),
        "case_scoring": datetime.timedelta(days=10),
        "teacher_account_opened": datetime.timedelta(days=-20),
        "teacher_materials_uploaded": datetime.timedelta(days=-10),
        "teacher_consent_given": datetime.timedelta(days=-5),
    }


@hookimpl
def oko_required_documents(region, post, dossier):
    docs = [{"code": "application", "title": "Заявление"},
            {"code": "results_description", "title": "Описание результатов профессиональной деятельности"}]
    if not getattr(dossier, "documents_agreed", True):
        docs.append({"code": "head_cover_letter", "title": "Сопроводительное письмо руководителя"})
    if post == "primary_teacher":
        docs.append({"code": "lesson_technology_map", "title": "Технологическая карта урока"})
    return docs


@hookimpl
def oko_document_templates(region):
    return {p.stem: p for p in sorted(TEMPLATES_DIR.glob("*.docx"))}


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
def oko_validate_document(region, document_type, inspected):
    return []

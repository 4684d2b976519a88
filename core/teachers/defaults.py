"""Teacher attestation's federal answers, as a built-in plugin: the portfolio's criteria and sections,
the documents a teacher sends, the steps' deadlines."""
import datetime

from core import hookimpl
from core.federal import OPERATORS, items
from core.teachers.model import CATEGORIES, POSTS

# The document type the experts' criteria of a teacher's portfolio are asked for.
TEACHER_PORTFOLIO = "teacher_portfolio"

# NB: the codes a plugin's answers and arguments name (``core.federal.CODES``).
CODES = {
    "post": ("Teacher posts: the ``post`` argument of ``oko_required_documents``.", POSTS),
    "teacher_category": ("What a teacher seeks (``dossier.category`` of ``oko_required_documents``).", CATEGORIES),
    "document_type": ("Document types: the ``document_type`` of ``oko_review_criteria``, "
                      "``oko_required_sections`` and ``oko_validate_document``.",
                      {TEACHER_PORTFOLIO: "электронное портфолио педагога (критерии экспертов)"}),
    "deadline": ("Names of ``oko_deadlines`` the core reads (a plugin may add its own, for the "
                 "``period`` of a state it adds).",
                 {"teacher_account_opened": "срок от даты D: личный кабинет открыт (−20 дней)",
                  "teacher_materials_uploaded": "срок от даты D: материалы загружены (−10 дней)",
                  "teacher_consent_given": "срок от даты D: согласие дано (−5 дней)",
                  "attestation_date": "срок от даты D: эксперты и комиссия завершили (0, необязательно)"}),
}

PORTFOLIO_CRITERIA = [
    ("stable_results", "Стабильные положительные результаты освоения обучающимися образовательных программ", True),
    ("monitoring_results", "Результаты мониторингов, проводимых организацией и системой образования", True),
    ("professional_development", "Повышение квалификации и профессиональное развитие за межаттестационный период",
     True),
    ("methodical_contribution", "Личный вклад в повышение качества образования, транслирование опыта", False),
]


def portfolio_criteria():
    """The federal criteria of a teacher's portfolio as hook items."""
    return [{"code": code, "title": title, "mandatory": mandatory} for code, title, mandatory in PORTFOLIO_CRITERIA]


PORTFOLIO_SECTIONS = [
    ("education", "Образование и повышение квалификации"),
    ("results", "Результаты профессиональной деятельности"),
    ("methodical_work", "Участие в методической работе"),
    ("awards", "Награды и поощрения"),
]


@hookimpl
def oko_plugin_info():
    return {"name": "teachers", "version": "1.0", "title": "Аттестация педагогов (федеральная модель)",
            "regions": ["*"]}


@hookimpl
def oko_review_criteria(region, document_type):
    return portfolio_criteria() if document_type == TEACHER_PORTFOLIO else []


@hookimpl
def oko_portfolio_sections(region):
    return items(PORTFOLIO_SECTIONS)


@hookimpl
def oko_processes():
    # NB: the year awaits the school's steps before a teacher has an account, the dossier the rest.
    return [{"code": "teacher_years", "title": "Аттестация педагогов: шаги школы",
             "type_name": "teacher_attestation_year"},
            {"code": "teacher_dossiers", "title": "Аттестация педагогов: досье", "type_name": "teacher_dossier"}]


@hookimpl
def oko_deadlines(region, year):
    return {
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
def oko_node_links(region, node_type):
    roles = {"region": OPERATORS, "municipality": OPERATORS + ("municipal_coordinator",),
             "school": ("school_head", "attestation_officer")}.get(node_type)
    if roles is None:
        return []
    return [{"code": "teachers", "title": "Аттестация педагогов", "view": "teachers", "roles": roles}]

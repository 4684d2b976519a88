"""The 500+ project's kinds of things and how they are named: levels, documents, the participation."""

LEVELS = {"high": "высокий", "medium": "средний", "low": "низкий"}
CONTRACT = {"not_signed": "не заключён", "signed": "заключён"}

DEVELOPMENT_CONCEPT = "development_concept"
MEDIUM_TERM_PROGRAMME = "medium_term_programme"
ANTI_RISK_PROGRAMME = "anti_risk_programme"
CONFIRMING_DOCUMENT = "confirming_document"
# The concept documents a school of 500+ writes (a plugin names them to give them a step of their own).
CONCEPT_DOCUMENTS = (DEVELOPMENT_CONCEPT, MEDIUM_TERM_PROGRAMME, ANTI_RISK_PROGRAMME)
DOCUMENT_TITLES = {
    DEVELOPMENT_CONCEPT: "Концепция развития",
    MEDIUM_TERM_PROGRAMME: "Среднесрочная программа развития",
    ANTI_RISK_PROGRAMME: "Антирисковая программа",
    CONFIRMING_DOCUMENT: "Подтверждающий документ",
}


# The page where a step is taken, when it is not the participation's own page.
STEP_VIEWS = {"first_visit": "first-visit", "review": "review"}


def participation_name(year):
    """The name of a school's participation object for ``year``."""
    return f"500plus-{year}"


def document_name(document_type, risk_factor=None):
    """The name of a concept document in its participation."""
    base = document_type.replace("_", "-")
    return f"{base}-{risk_factor}" if risk_factor else base

"""The federal lists of teacher attestation: the experts' criteria for a teacher's e-portfolio."""

# The document type the experts' criteria of a teacher's portfolio are asked for.
TEACHER_PORTFOLIO = "teacher_portfolio"

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

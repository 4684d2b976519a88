"""The РАСАТ e-portfolio of Sverdlovsk (seed 002): its sections and the experts' criteria.

РАСАТ (the regional automated system of teacher attestation on the basis of
an electronic portfolio) is a measure of the region's roadmap of the
education quality assessment system (РСОКО). Its sections follow the
roadmap's systems that a teacher's work shows in: the quality of pupils'
preparation, objectivity of assessment, professional development,
methodological work, gifted pupils and career guidance.
"""

TEACHER_PORTFOLIO = "teacher_portfolio"

SECTIONS = [
    ("rasat_results", "РАСАТ: результаты освоения обучающимися образовательных программ"),
    ("rasat_monitoring", "РАСАТ: результаты мониторингов системы образования"),
    ("rasat_contribution", "РАСАТ: личный вклад в повышение качества образования"),
    ("rasat_objectivity", "РАСАТ: объективность оценочных процедур (ВПР, региональные процедуры РСОКО)"),
    ("rasat_development", "РАСАТ: повышение квалификации по программам регионального реестра ДПО"),
    ("rasat_methodical", "РАСАТ: методическая работа, наставничество, поддержка молодых педагогов"),
    ("rasat_talent", "РАСАТ: работа с одарёнными обучающимися (олимпиады, конкурсы, проекты)"),
    ("rasat_career", "РАСАТ: профориентационная работа"),
]

CRITERIA = [
    ("rasat_rsoko_results", "Результаты обучающихся подтверждены данными оценочных процедур РСОКО", True),
    ("rasat_objective_assessment", "Оценивание объективно: нет признаков необъективности результатов ВПР", True),
    ("rasat_register_programmes", "Повышение квалификации по программам, прошедшим экспертизу качества (реестр ДПО)",
     False),
]


def sections():
    """The РАСАТ sections of a teacher's e-portfolio, as hook items."""
    return [{"code": code, "title": title} for code, title in SECTIONS]


def criteria():
    """The РАСАТ criteria the experts judge a teacher's portfolio by, as hook items."""
    return [{"code": code, "title": title, "mandatory": mandatory} for code, title, mandatory in CRITERIA]

"""The federal lists: risk factors, indicators, criteria, sections, documents."""

RISK_FACTORS = [
    ("low_equipment", "Низкий уровень оснащения школы"),
    ("staff_shortage", "Дефицит педагогических кадров"),
    ("low_teacher_competence", "Недостаточная предметная и методическая компетентность педагогических работников"),
    ("low_teaching_adaptivity", "Риски низкой адаптивности учебного процесса"),
    ("no_professional_development", "Несформированность внутришкольной системы повышения квалификации"),
    ("academic_failure_risk", "Высокая доля обучающихся с рисками учебной неуспешности"),
    ("language_barriers", "Низкое качество преодоления языковых и культурных барьеров"),
    ("school_environment", "Пониженный уровень качества школьной образовательной и воспитательной среды"),
    ("special_needs", "Высокая доля обучающихся с ОВЗ"),
    ("parental_involvement", "Низкий уровень вовлечённости родителей"),
    ("low_motivation", "Низкая учебная мотивация обучающихся"),
]

INDICATORS = [
    ("surveyed", "Доля ОО, принявших участие в анкетировании"),
    ("profile_downloaded", "Доля ОО, загрузивших рисковый профиль"),
    ("seminar_attended", "Доля ОО, принявших участие в установочном семинаре"),
    ("curator_visited", "Доля ОО, посещённых куратором"),
    ("risks_activated", "Доля ОО, активировавших рисковые направления"),
    ("curator_contract_signed", "Доля ОО, с кураторами которых заключены договоры"),
    ("concept_confirmed", "Доля ОО, разместивших концептуальные документы, подтверждённые куратором"),
    ("concept_conforms", "Доля ОО, концептуальные документы которых соответствуют требованиям экспертизы"),
    ("confirming_conform", "Доля ОО, подтверждающие документы которых соответствуют требованиям"),
    ("professional_development", "Доля ОО, принявших участие в мероприятиях по повышению квалификации"),
    ("measures_activated", "Доля ОО, активировавших основные направления и меры"),
    ("positive_changes", "Доля ОО с подтверждёнными позитивными изменениями"),
]

REVIEW_CRITERIA = [
    ("goals_match_risks", "Цели и задачи соответствуют выявленным рисковым направлениям", True),
    ("measures_have_deadlines", "Для каждой меры указаны сроки и ответственные", True),
    ("indicators_measurable", "Показатели достижения результатов измеримы", True),
    ("resources_described", "Описаны ресурсы, необходимые для реализации", False),
]

REQUIRED_SECTIONS = {
    "development_concept": [("goals", "Цели"), ("tasks", "Задачи"), ("expected_results", "Ожидаемые результаты")],
    "anti_risk_programme": [("goals", "Цели"), ("tasks", "Задачи"), ("measures", "Меры"),
                            ("indicators", "Показатели")],
}

PORTFOLIO_SECTIONS = [
    ("education", "Образование и повышение квалификации"),
    ("results", "Результаты профессиональной деятельности"),
    ("methodical_work", "Участие в методической работе"),
    ("awards", "Награды и поощрения"),
]


def items(pairs):
    """Turn (code, title) pairs into hook items."""
    return [{"code": code, "title": title} for code, title in pairs]


_OPERATORS = ("federal_operator", "regional_operator")
# Where each role starts its work from a tree node's page (oko_node_links).
NODE_LINKS = {
    "region": (
        {"code": "project500", "title": "Проект «500+»", "view": "project500", "roles": _OPERATORS},
        {"code": "leader_attestation", "title": "Аттестация руководителей", "view": "leader-attestation",
         "roles": _OPERATORS},
        {"code": "attestation_monitoring", "title": "Мониторинг аттестации", "view": "attestation-monitoring",
         "roles": _OPERATORS},
        {"code": "teachers", "title": "Аттестация педагогов", "view": "teachers", "roles": _OPERATORS},
        {"code": "cmm", "title": "Банк КИМ", "view": "cmm", "roles": _OPERATORS + ("cmm_author",)},
    ),
    "municipality": (
        {"code": "project500", "title": "Проект «500+»", "view": "project500",
         "roles": _OPERATORS + ("municipal_coordinator",)},
        {"code": "teachers", "title": "Аттестация педагогов", "view": "teachers",
         "roles": _OPERATORS + ("municipal_coordinator",)},
    ),
    "school": (
        {"code": "teachers", "title": "Аттестация педагогов", "view": "teachers",
         "roles": ("school_head", "attestation_officer")},
    ),
}

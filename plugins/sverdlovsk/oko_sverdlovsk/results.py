"""The region's part of the school results base: the conditions its monitoring of РСОКО measures (seed 002,
system 3: «кадровые, психолого-педагогические, материально-технические, учебно-методические и информационные»),
its own assessment procedure, and its indicator of the base level in mathematics."""

SOURCE = "мониторинг условий РСОКО Свердловской области"


def passport_fields():
    """The conditions of a school's passport as the region's monitoring defines them."""
    return [
        {"code": "rsoko_staffing", "title": "Укомплектованность педагогическими кадрами (кадровые условия)",
         "section": "conditions", "kind": "share", "unit": "%", "filled_by": "import", "source": SOURCE},
        {"code": "rsoko_psychological", "title": "Обеспеченность психолого-педагогическим сопровождением "
         "(психолого-педагогические условия)", "section": "conditions", "kind": "share", "unit": "%",
         "filled_by": "import", "source": SOURCE},
        {"code": "rsoko_equipment", "title": "Оснащённость учебных кабинетов современным оборудованием "
         "(материально-технические условия)", "section": "conditions", "kind": "share", "unit": "%",
         "filled_by": "import", "source": SOURCE},
        {"code": "rsoko_textbooks", "title": "Обеспеченность учебниками и учебно-методическими материалами "
         "(учебно-методические условия)", "section": "conditions", "kind": "share", "unit": "%",
         "filled_by": "import", "source": SOURCE},
        {"code": "rsoko_digital", "title": "Доступ обучающихся к электронным образовательным ресурсам "
         "(информационные условия)", "section": "conditions", "kind": "flag", "filled_by": "school",
         "source": "самообследование ОО"},
    ]


def procedures():
    """The region's own assessment of functional literacy."""
    return [{"code": "rsoko_literacy", "title": "Региональная оценка функциональной грамотности",
             "aliases": ["РОФГ"], "grades": [7, 8],
             "levels": ["ниже базового", "базовый", "повышенный", "высокий"],
             "subjects": [{"code": "functional_literacy", "title": "Функциональная грамотность"}]}]


def indicators():
    """The region's indicator of basic preparation in mathematics (РСОКО, «по базовой подготовке»)."""
    return [{"code": "rsoko_vpr_math_base", "title": "Доля участников ВПР по математике, достигших базового уровня "
             "(РСОКО)", "measure": "base_share", "procedures": ["vpr"], "subjects": ["math"]},
            {"code": "rsoko_literacy_base", "title": "Доля участников региональной оценки функциональной "
             "грамотности, достигших базового уровня", "measure": "base_share", "procedures": ["rsoko_literacy"]}]

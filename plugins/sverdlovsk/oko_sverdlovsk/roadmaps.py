"""The roadmap of the region's system of education quality assessment (РСОКО, seed 002): its eight systems are
the sections of every roadmap of the region, and it is monitored twice a year."""

# The eight systems of the РСОКО roadmap, in its order: code, title, other titles documents give them.
SYSTEMS = (
    ("training_quality", "Система оценки качества подготовки обучающихся", ("Оценка качества подготовки обучающихся",)),
    ("objectivity", "Система обеспечения объективности процедур ОКО",
     ("Система обеспечения объективности процедур оценки качества образования",)),
    ("leaders", "Система мониторинга эффективности руководителей всех ОО региона",
     ("Система мониторинга эффективности руководителей",)),
    ("teacher_training", "Система мониторинга качества повышения квалификации педагогов", ()),
    ("methodology", "Система методической работы", ()),
    ("low_results", "Система работы со школами с низкими образовательными результатами", ()),
    ("talent", "Система развития таланта", ("Система выявления, поддержки и развития способностей и талантов",)),
    ("career_guidance", "Система профориентации", ("Система организации профориентации",)),
)


def sections():
    """The eight systems as ``RoadmapSection`` items."""
    return [{"code": code, "title": title, **({"aliases": list(aliases)} if aliases else {})}
            for code, title, aliases in SYSTEMS]


def monitoring():
    """The РСОКО roadmap is monitored by half-years: on 1 July and on 25 December."""
    return [{"code": "rsoko_halves", "title": "РСОКО: по полугодиям, 1 июля и 25 декабря", "matches": ["РСОКО", "системы оценки качества образования"],
             "stages": [{"code": "h1", "title": "I полугодие", "month": 7, "day": 1},
                        {"code": "h2", "title": "II полугодие", "month": 12, "day": 25}]}]

"""Sverdlovsk region (66): the variant (regional) items of the CMM bank and its test blueprint.

The regional part builds on the region's system of education quality
assessment (РСОКО, seed 002); candidates for a head's post get one more
regional case, on the region's roadmap.
"""
from core.plugin import federal_test_blueprint, hookimpl

_ALL = {"school_types": "all", "categories": ["head", "candidate"], "level": "regional"}


def _single(code, competence, stem, options, answer):
    return {"code": code, "kind": "single", "competence": competence, "stem": stem,
            "options": options, "answer": [answer], **_ALL}


ITEMS = [
    _single("sverdl-quality-01", "quality",
            "На какие показатели РСОКО Свердловской области опирается оценка эффективности руководителя школы?",
            [["a", "Показатели систем оценки качества подготовки обучающихся и объективности процедур"],
             ["b", "Только число победителей олимпиад"], ["c", "Численность административного персонала"]], "a"),
    _single("sverdl-quality-02", "quality",
            "Школа Свердловской области вошла в число школ с признаками необъективности результатов. "
            "Что она включает в план по повышению объективности?",
            [["a", "Общественное наблюдение и перекрёстную проверку работ"], ["b", "Отказ от ВПР"],
             ["c", "Проверку работ учителем собственного класса"]], "a"),
    _single("sverdl-staff-01", "staff",
            "Какая региональная мера поддержки помогает Свердловской области закреплять молодых педагогов в сельских школах?",
            [["a", "Целевое обучение и наставничество в сочетании с мерами социальной поддержки"],
             ["b", "Запрет на увольнение в течение десяти лет"], ["c", "Сокращение учебной нагрузки до нуля"]], "a"),
    _single("sverdl-strategy-01", "strategy",
            "Как соотносится муниципальная дорожная карта проекта «500+» с региональной?",
            [["a", "Муниципальная строится на основе региональной и детализирует её для школ территории"],
             ["b", "Они никак не связаны"], ["c", "Региональная составляется по итогам муниципальных"]], "a"),
    _single("sverdl-partnership-01", "partnership",
            "Какая форма взаимодействия школ Свердловской области помогает школам с низкими результатами?",
            [["a", "Партнёрство со школой с высокими результатами (школы-партнёры, кураторы)"],
             ["b", "Изоляция школы от внешних контактов"], ["c", "Объединение всех школ района в одну"]], "a"),
    {"code": "sverdl-digital-01", "kind": "multiple", "competence": "digital", **_ALL,
     "stem": "Какие данные школа передаёт в региональные мониторинги качества образования? Отметьте все верные.",
     "options": [["a", "Результаты оценочных процедур"], ["b", "Сведения о кадровом обеспечении"],
                 ["c", "Пароли учётных записей педагогов"]],
     "answer": ["a", "b"]},
    {"code": "sverdl-law-01", "kind": "short", "competence": "law", **_ALL,
     "stem": "Как сокращённо называется региональная система оценки качества образования? (аббревиатура)",
     "answer": ["РСОКО"]},
    {"code": "sverdl-case-rsoko", "kind": "case", "competence": "quality", **_ALL,
     "stem": "По данным РСОКО доля обучающихся вашей школы, не достигших базового уровня по математике, "
             "выросла за два года с 8 до 15 %. Предложите план действий на год с показателями и ответственными.",
     "rubric": [{"code": "analysis", "title": "Анализ данных РСОКО и причин", "max": 4},
                {"code": "plan", "title": "Меры, сроки, ответственные", "max": 4},
                {"code": "indicators", "title": "Измеримые показатели", "max": 2}],
     "max_score": 10},
    {"code": "sverdl-case-roadmap", "kind": "case", "competence": "strategy", "level": "regional",
     "school_types": "all", "categories": ["candidate"],
     "stem": "Вы назначены руководителем школы, включённой в региональную дорожную карту повышения качества "
             "образования. Опишите первые 100 дней: что изучите, какие решения примете, как вовлечёте коллектив.",
     "rubric": [{"code": "diagnosis", "title": "Диагностика ситуации", "max": 4},
                {"code": "decisions", "title": "Первоочередные решения", "max": 4},
                {"code": "team", "title": "Вовлечение коллектива", "max": 2}],
     "max_score": 10},
]


@hookimpl
def oko_cmm_items(region, level):
    return [dict(item) for item in ITEMS if item["level"] == level]


@hookimpl
def oko_test_blueprint(region, category, school_type):
    blueprint = federal_test_blueprint(region=region, category=category, school_type=school_type)
    # NB: the regional quality assessment weighs in: one regional item on quality always,
    # one fewer drawn from any competence.
    blueprint["quality"]["variant"] = 1
    blueprint["*"]["variant"] = 3
    if category == "candidate":
        blueprint["*"]["case_variant"] += 1
    return blueprint

"""The results base's federal answers, as a built-in plugin: the passport's fields, the assessment procedures
(ВПР, ОГЭ, ЕГЭ) and their subjects, the indicators of results, and the links to the pages."""
from core import hookimpl

# (code, title, section, kind, filled_by, source, unit)
PASSPORT_FIELDS = [
    ("pupils", "Число обучающихся", "context", "integer", "import", "ФСН № ОО-1", "чел."),
    ("classes", "Число классов-комплектов", "context", "integer", "import", "ФСН № ОО-1", ""),
    ("disabled_share", "Доля обучающихся с ОВЗ", "context", "share", "import", "ФСН № ОО-1", "%"),
    ("instruction_language", "Язык обучения", "context", "text", "school", "образовательная программа ОО", ""),
    ("non_native_share", "Доля обучающихся, для которых русский язык не родной", "context", "share", "school",
     "сведения ОО", "%"),
    ("socio_economic", "Социально-экономический контекст", "context", "choice", "import",
     "региональный мониторинг контекстных данных", ""),
    ("teachers_total", "Численность педагогических работников", "staff", "integer", "import", "ФСН № ОО-2", "чел."),
    ("teacher_vacancies", "Вакантные ставки педагогических работников", "staff", "number", "school",
     "штатное расписание ОО", "ст."),
    ("psychologist", "В штате есть педагог-психолог", "conditions", "flag", "school", "штатное расписание ОО", ""),
    ("internet_speed", "Скорость подключения к сети Интернет", "conditions", "number", "school",
     "договор с оператором связи", "Мбит/с"),
    ("second_shift_share", "Доля обучающихся во вторую смену", "conditions", "share", "import", "ФСН № ОО-1", "%"),
    ("other_programmes", "Участие в иных программах и проектах", "programmes", "text", "school", "сведения ОО", ""),
]
SOCIO_ECONOMIC = [["favourable", "благоприятный"], ["average", "средний"], ["unfavourable", "неблагоприятный"]]


def passport_fields():
    """The federal fields of the e-passport as hook items."""
    items = []
    for code, title, section, kind, filled_by, source, unit in PASSPORT_FIELDS:
        item = {"code": code, "title": title, "section": section, "kind": kind, "filled_by": filled_by,
                "source": source}
        if unit:
            item["unit"] = unit
        if code == "socio_economic":
            item["choices"] = SOCIO_ECONOMIC
        items.append(item)
    return items


MARKS = ["«2»", "«3»", "«4»", "«5»"]
PROCEDURES = [
    {"code": "vpr", "title": "ВПР", "aliases": ["Всероссийские проверочные работы"],
     "grades": [4, 5, 6, 7, 8, 10, 11], "levels": MARKS},
    {"code": "oge", "title": "ОГЭ", "aliases": ["Основной государственный экзамен", "ГИА-9", "ГИА 9"],
     "grades": [9], "levels": MARKS},
    {"code": "ege", "title": "ЕГЭ", "aliases": ["Единый государственный экзамен", "ГИА-11", "ГИА 11"],
     "grades": [11], "levels": ["ниже минимального балла", "от минимального балла до 60", "61–80 баллов",
                                "81–100 баллов"], "score_max": 100},
]

# (code, title, other names tables give it)
SUBJECTS = [
    ("russian", "Русский язык", ("русский",)),
    ("math", "Математика", ("матем.",)),
    ("math_base", "Математика (базовый уровень)", ("математика базовая", "математика (базовая)", "математика б")),
    ("math_profile", "Математика (профильный уровень)",
     ("математика профильная", "математика (профильная)", "математика п")),
    ("world", "Окружающий мир", ()),
    ("physics", "Физика", ()),
    ("chemistry", "Химия", ()),
    ("biology", "Биология", ()),
    ("geography", "География", ()),
    ("history", "История", ()),
    ("social", "Обществознание", ()),
    ("literature", "Литература", ()),
    ("english", "Английский язык", ("английский",)),
    ("german", "Немецкий язык", ("немецкий",)),
    ("french", "Французский язык", ("французский",)),
    ("informatics", "Информатика", ("информатика и икт",)),
]

INDICATORS = [
    {"code": "vpr_base", "title": "Доля участников ВПР, достигших базового уровня (отметки «3», «4», «5»)",
     "measure": "base_share", "procedures": ["vpr"]},
    {"code": "vpr_high", "title": "Доля участников ВПР с высоким уровнем (отметка «5»)",
     "measure": "high_share", "procedures": ["vpr"]},
    {"code": "vpr_base_gap", "title": "Разрыв с регионом по доле участников ВПР, достигших базового уровня",
     "measure": "base_share", "procedures": ["vpr"], "versus": "region"},
    {"code": "oge_base", "title": "Доля участников ОГЭ, получивших отметку «3» и выше",
     "measure": "base_share", "procedures": ["oge"]},
    {"code": "oge_high", "title": "Доля участников ОГЭ с отметкой «5»", "measure": "high_share",
     "procedures": ["oge"]},
    {"code": "ege_mean", "title": "Средний балл ЕГЭ", "measure": "mean_score", "procedures": ["ege"]},
    {"code": "ege_high", "title": "Доля участников ЕГЭ, набравших 81–100 баллов", "measure": "high_share",
     "procedures": ["ege"]},
    {"code": "ege_low", "title": "Доля участников ЕГЭ, не преодолевших минимальный балл", "measure": "low_share",
     "procedures": ["ege"], "better": "lower"},
    {"code": "ege_mean_gap", "title": "Разрыв с регионом по среднему баллу ЕГЭ", "measure": "mean_score",
     "procedures": ["ege"], "versus": "region"},
]


LOW_RESULTS_RULE = {
    "indicators": ["vpr_base", "vpr_high", "oge_base", "ege_mean"], "min_indicators": 2, "years": 2, "margin": 1.5,
    "rule": "Школа предлагается в список, если в каждом из двух последних лет с результатами не меньше двух из "
            "показателей (доля участников ВПР на базовом уровне и выше, доля отметок «5» на ВПР, доля участников "
            "ОГЭ с отметкой «3» и выше, средний балл ЕГЭ) ниже ожидаемого для её кластера: медианы по кластеру "
            "за вычетом полутора стандартных отклонений (робастных: 1,4826 × медиана абсолютных отклонений, "
            "чтобы одна слабая школа не расширяла разброс своего кластера).",
}

# (indicator code: measures a recommendation proposes when the indicator is weak), Russian.
MEASURES = {
    "vpr_base": ["Провести диагностику предметных дефицитов обучающихся по результатам ВПР и составить "
                 "индивидуальные образовательные маршруты для не достигших базового уровня.",
                 "Организовать адресную методическую помощь учителям предметов с наибольшей долей отметок «2»."],
    "vpr_high": ["Организовать работу с мотивированными обучающимися: кружки, олимпиадная подготовка, проектная "
                 "деятельность."],
    "oge_base": ["Организовать дополнительные занятия для обучающихся 9 классов группы риска по математике и "
                 "русскому языку; провести тренировочные работы в формате ОГЭ."],
    "oge_high": ["Обеспечить дифференциацию обучения в 8–9 классах, включая задания повышенного уровня сложности."],
    "ege_mean": ["Провести анализ выполнения заданий ЕГЭ по предметам, спланировать повышение квалификации "
                 "учителей старшей школы по выявленным дефицитам."],
    "ege_low": ["Выявить обучающихся 11 классов, рискующих не преодолеть минимальный балл, и организовать для них "
                "консультации и тренировочные работы."],
    "ege_high": ["Организовать углублённую подготовку к ЕГЭ для обучающихся, ориентированных на высокие баллы."],
}
# Measures of a flag of objectivity.
OBJECTIVITY_MEASURES = ["Обеспечить объективность проведения и проверки ВПР: независимые наблюдатели, перекрёстная "
                        "проверка работ учителями других школ, выборочная перепроверка муниципальной комиссией."]


@hookimpl
def oko_low_results_rule(region):
    return LOW_RESULTS_RULE


@hookimpl
def oko_plugin_info():
    return {"name": "results", "version": "1.0", "title": "База результатов школ (федеральные перечни)",
            "regions": ["*"]}


@hookimpl
def oko_passport_fields(region):
    return passport_fields()


@hookimpl
def oko_assessment_procedures(region):
    return PROCEDURES


@hookimpl
def oko_result_indicators(region):
    return INDICATORS


@hookimpl
def oko_node_links(region, node_type):
    if node_type == "school":
        return [{"code": "passport", "title": "Паспорт школы", "view": "passport", "roles": []},
                {"code": "recommendation", "title": "Кластер и рекомендации", "view": "recommendation", "roles": []}]
    if node_type in ("region", "municipality"):
        return [{"code": "results", "title": "Результаты и показатели", "view": "results", "roles": []},
                {"code": "analysis", "title": "Анализ результатов", "view": "analysis",
                 "roles": ["federal_operator", "regional_operator", "municipal_coordinator", "methodologist"]}]
    return []

"""Who takes each step of the results base, declared once (``core.security.steps``).

The pages and the API declare ``permission=<STEP>.permission``; the domain
calls ``<STEP>.require(node, actor)``. Reading a passport or a region's
results needs only ``view`` on the node.
"""
from core.security.steps import Step

# NB: a municipality's coordinator loads its own schools' tables; the region's operator any of the region's.
IMPORTERS = ("federal_operator", "regional_operator", "municipal_coordinator")

IMPORT_RESULTS = Step("results.import_results", IMPORTERS,
                      message="Результаты оценочных процедур загружают региональный оператор и муниципальный "
                              "координатор.")
IMPORT_FACTS = Step("results.import_facts", IMPORTERS,
                    message="Сведения паспорта школы из таблиц загружают региональный оператор и муниципальный "
                            "координатор.")
FILL_PASSPORT = Step("results.fill_passport", ("school_head",),
                     message="Сведения паспорта школы заполняет её руководитель.")

OPERATORS = ("federal_operator", "regional_operator")
ANALYSE = Step("results.analyse", OPERATORS,
               message="Кластеры школ пересчитывает региональный оператор.")
PROPOSE_LOW_RESULTS = Step("results.propose_low_results", OPERATORS,
                           message="Список школ с низкими результатами предлагает региональный оператор.")
DECIDE_LOW_RESULTS = Step("results.decide_low_results", OPERATORS,
                          message="Список школ с низкими результатами правит и принимает региональный оператор.")
# NB: a methodologist of the region or the municipality drafts and edits; the coordinator sends to its schools.
RECOMMENDERS = ("methodologist", "regional_operator", "municipal_coordinator")
EDIT_RECOMMENDATION = Step("results.edit_recommendation", RECOMMENDERS,
                           message="Рекомендации школе составляет и правит методист.")
SEND_RECOMMENDATION = Step("results.send_recommendation", RECOMMENDERS,
                           message="Рекомендации школе отправляет методист.")

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

"""A throw-away plugin and helpers for the leader attestation tests.

``SmallBlueprint`` sets a small blueprint for region 66 (two invariant items
of strategic management and one invariant case), so a test publishes a bank
of three items and draws a whole test from it. ``publish_bank`` publishes
that bank through the CMM API; ``people`` adds the campaign's people;
``open_campaign_66`` opens region 66's campaign with both.
"""
import datetime

from core.attestation import campaign as steps
from core.cmm import bank as cmm_bank
from core.cmm.model import bank_of
from core.plugin import hookimpl
from tests.factories import make_user

BLUEPRINT = {"strategy": {"invariant": 2}, "*": {"case_invariant": 1}}
RUBRIC = [{"code": "analysis", "title": "Анализ управленческой ситуации", "max": 6},
          {"code": "decision", "title": "Обоснованность управленческого решения", "max": 4}]
ITEMS = [
    {"code": "t-strategy-1", "kind": "single", "competence": "strategy", "level": "federal", "school_types": "all",
     "categories": ["head", "candidate"], "stem": "Какой документ определяет стратегию развития школы?",
     "options": [["a", "Программа развития"], ["b", "Штатное расписание"], ["c", "Журнал посещаемости"]],
     "answer": ["a"], "max_score": 1},
    {"code": "t-strategy-2", "kind": "multiple", "competence": "strategy", "level": "federal",
     "school_types": "all", "categories": ["head", "candidate"],
     "stem": "Какие участники согласуют программу развития школы? Отметьте все верные.",
     "options": [["a", "Управляющий совет"], ["b", "Педагогический совет"], ["c", "Поставщик питания"]],
     "answer": ["a", "b"], "max_score": 2},
    {"code": "t-case-1", "kind": "case", "competence": "quality", "level": "federal", "school_types": "all",
     "categories": ["head", "candidate"],
     "stem": "Результаты ВПР по математике в 5-х классах снизились на 15 %. Опишите ваши действия.",
     "rubric": RUBRIC, "max_score": 10},
]


class SmallBlueprint:
    """Region 66 draws two closed invariant items of strategy and one invariant case."""

    @hookimpl
    def oko_plugin_info(self):
        return {"name": "attestation-test", "version": "0", "regions": ["66"]}

    @hookimpl
    def oko_test_blueprint(self, region, category, school_type):
        return BLUEPRINT


def publish_bank(host, site, items=ITEMS):
    """The federal bank with ``items``, published by the system (as the federal operator would)."""
    bank = bank_of(site, create=True)
    for data in items:
        item = cmm_bank.create_item(host, bank, data, None)
        cmm_bank.move(host, item, "submit", None)
        cmm_bank.move(host, item, "publish", None)
    return bank


# login, full name, (role, path) grants
PEOPLE = [
    ("expert_m1", "Местная Ольга Игоревна", [("expert", "66/m1")]),
    ("expert_a", "Андреева Анна Андреевна", [("expert", "66/m2")]),
    ("expert_b", "Борисов Борис Борисович", [("expert", "66/m2")]),
    ("expert_c", "Валентинова Вера Павловна", [("expert", "66/m2")]),
    ("chair", "Председателев Константин Ильич", []),
    ("secretary", "Секретарёва Наталья Борисовна", []),
    ("member", "Членов Артём Викторович", []),
]


def people(site, hasher):
    """Experts (one of m1, three of m2) and the future commission, on top of the ``tree`` fixture's users."""
    for login, title, grants in PEOPLE:
        make_user(site, login, hasher, grants, title=title)
    users = site.services["users"]
    users["head"].title = "Директорова Мария Николаевна"
    users["head2"].title = "Школьников Виктор Павлович"


class ThirdExpertRule:
    """Region 66 agrees a divergent case on the third expert's score (another region's choice of rule)."""

    @hookimpl
    def oko_plugin_info(self):
        return {"name": "third-expert-rule", "version": "0", "regions": ["66"]}

    @hookimpl
    def oko_score_agreement(self, region, scores):
        if len(scores) == 3:
            return {"score": scores[2], "rule": "Оценка третьего эксперта"}
        return None


def open_campaign_66(host, site, hasher, year, heads, experts):
    """Region 66's campaign with its people and the bank: ``heads`` ({login: school code}) scheduled
    today, ``experts`` (logins; where each works comes from its roles in ``PEOPLE``) added. The test blueprint is
    the caller's to register."""
    people(site, hasher)
    publish_bank(host, site)
    users = site.services["users"]
    c = steps.open_campaign(host, site["66"], year, "region66")
    for login, school in heads.items():
        steps.schedule(host, c, users[login], school, "head", datetime.date.today(), "region66")
    for login in experts:
        steps.add_expert(c, users[login], "region66")
    return c

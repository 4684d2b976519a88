"""Demo data of the CMM bank: the federal bank published, a federal CMM author, a draft in review."""
from core.cmm.bank import create_item, submit
from core.cmm.federal import load_federal_bank
from core.cmm.model import bank_of
from core.security.roles import grant
from core.security.users import demo_user

# login, full name, where (a path below the root): the author of the federal bank.
FEDERAL_AUTHOR = ("cmm_federal", "Инвариантова Вера Николаевна", "cmm")


def build(site, host, hasher, password):
    """Publish the federal bank, add its author, and leave one regional draft in review for region 66."""
    load_federal_bank(host, site)
    login, title, where = FEDERAL_AUTHOR
    user = demo_user(site, login, title, password, hasher)
    grant(bank_of(site), user, "cmm_author")
    region = site.get("66")
    if region is None:
        return
    bank = bank_of(region, create=True)
    if "sverdl-demo-draft" not in bank:
        item = create_item(host, bank, {
            "code": "sverdl-demo-draft", "kind": "single", "competence": "quality", "level": "regional",
            "stem": "Какая региональная система Свердловской области объединяет оценочные процедуры "
                    "и мониторинги качества образования?",
            "options": [["a", "РСОКО — региональная система оценки качества образования"],
                        ["b", "ЕГИСЗ"], ["c", "ФИС ФРДО"]],
            "answer": ["a"]}, "cmm_author")
        submit(host, item, "cmm_author")

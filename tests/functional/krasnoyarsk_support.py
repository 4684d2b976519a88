"""Set-up shared by the Krasnoyarsk tests: a campaign in region 24 (and one in 66) up to the submitted test.

``SmallBlueprint24`` gives region 24 the small blueprint of
``tests.plugins.attestation`` (two closed items and one case), so a test
publishes a bank of three items. ``campaign_24`` opens the campaign, imports
the school's results series, schedules ``head24`` at 24/m1/s1, adds three
experts of m2 and a commission; ``sit_and_score_cases`` takes the attestee
through the test and the experts through the case, so that only the
region's own stages are left.
"""
import datetime

from core import hookimpl
from core.attestation import campaign as steps
from core.attestation import campaign_of, commission, registration, scoring, series, sitting
from tests.factories import make_user
from tests.plugins.attestation import BLUEPRINT, publish_bank

YEAR = datetime.date.today().year
TODAY = datetime.date.today()
SERIES_CSV = "\n".join(["код оо;год;показатель;значение"] + [
    f"24-1-1;{YEAR - 3 + k};{name};{value}" for name, values in (
        ("Средний балл ОГЭ по математике", (3.4, 3.6, 3.9, 4.1)),
        ("Доля выпускников, поступивших в вузы края, %", (61, 58, 55, 52)),
        ("Доля педагогов с высшей категорией, %", (30, 30, 30, 30)),
    ) for k, value in enumerate(values)]).encode()


class SmallBlueprint24:
    """Regions 24 and 66 draw two closed invariant items of strategy and one invariant case."""

    @hookimpl
    def oko_plugin_info(self):
        return {"name": "krsk-test-blueprint", "version": "0", "regions": ["24", "66"]}

    @hookimpl
    def oko_test_blueprint(self, region, category, school_type):
        return BLUEPRINT


PEOPLE = [("region24", "Енисеева Ольга Викторовна", [("regional_operator", "24")]),
          ("region66", "Уральцев Игорь Сергеевич", [("regional_operator", "66")]),
          ("head24", "Сибирцева Анна Михайловна", [("school_head", "24/m1/s1")]),
          ("head66", "Уралова Дарья Петровна", [("school_head", "66/m1/s1")]),
          ("coordinator24", "Муниципальный Пётр Ильич", [("municipal_coordinator", "24/m1")]),
          ("expert_a", "Андреева Анна Андреевна", []), ("expert_b", "Борисов Борис Борисович", []),
          ("expert_c", "Валентинова Вера Павловна", []),
          ("chair", "Председателев Константин Ильич", []), ("secretary", "Секретарёва Наталья Борисовна", []),
          ("member", "Членов Артём Викторович", [])]


def campaign(host, site, hasher, region, head, school):
    """A campaign of ``region`` with ``head`` scheduled today at ``school``, experts of m2 and a commission."""
    for login, title, grants in PEOPLE:
        make_user(site, login, hasher, grants, title=title)
    users = site.services["users"]
    operator = f"region{region}"
    c = steps.open_campaign(host, site[region], YEAR, operator, time_limit=60)
    steps.schedule(host, c, users[head], school, "head", TODAY, operator)
    for login in ("expert_a", "expert_b", "expert_c"):
        steps.add_expert(c, users[login], operator)
    for login, role in (("chair", "commission_chair"), ("secretary", "commission_secretary"),
                        ("member", "commission_member")):
        commission.appoint(c, users[login], role, operator)
    return c


def campaign_24(host, site, hasher):
    """Region 24's campaign, the bank published and the school's results series imported."""
    publish_bank(host, site)
    c = campaign(host, site, hasher, "24", "head24", "24-1-1")
    series.import_series(host, c, SERIES_CSV, "series.csv", "region24")
    return c


def dossier(site, region, login):
    """The dossier of ``login`` in ``region``'s campaign of this year."""
    return campaign_of(site[region], YEAR).participants[login]


def sit_and_score_cases(host, d, login, percent=(70, 80), right=True):
    """The attestee registers, answers (everything right, or wrong), submits; two experts score the case."""
    registration.register(host, d, {"education": "Высшее педагогическое"}, True, login)
    test = sitting.start_test(host, d, login)
    answers = {"single": "a", "multiple": ["a", "b"]} if right else {"single": "b", "multiple": ["c"]}
    for item in test.items:
        answer = answers.get(item.kind, "Проведу анализ и педсовет.")
        sitting.save_answer(host, d, item.code, answer, login)
    sitting.submit_test(host, d, login)
    folder = d.campaign.answers
    for code in d.case_codes:
        answer = folder[code]
        for expert, share in zip(answer.experts, percent):
            points = {c["code"]: round(c["max"] * share / 100) for c in answer.item.rubric}
            scoring.score_case(host, answer, expert, points)
    return test

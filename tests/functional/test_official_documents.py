"""Official documents start from their own region's details and decline the names they print.

The Krasnoyarsk commission's protocol and order are issued in «г. Красноярск» by the
Ministry of the region and signed by its Minister, never prefilled with Yekaterinburg's town
and post; the decision is announced «Решение по Сибирцевой Анне Михайловне записано», and the
order brings its results «начальнику отдела аттестации Петровой А. С.».
"""
import datetime

import pytest

from core.attestation import commission
from core.docgen.engine import MONTHS
from core.resources import traverse_path
from oko_krasnoyarsk import interview, management_project
from tests.factories import edit, login, make_act
from tests.functional.krasnoyarsk_support import (
    TODAY,
    YEAR,
    campaign_24,
    dossier,
    sit_and_score_cases,
)
from tests.functional.test_krasnoyarsk_attestation import PROJECT

CAMPAIGN_24 = f"/24/leader-attestation-{YEAR}/"


@pytest.fixture
def scored_24(tree, krsk, hasher):
    """Region 24's attestee has been through every stage; the commission meets today."""
    with edit(tree) as site:
        campaign_24(krsk, site, hasher)
        d = dossier(site, "24", "head24")
        sit_and_score_cases(krsk, d, "head24")
        management_project.submit_project(krsk, d, PROJECT, "head24")
        opened = interview.open_interview(krsk, d, "member")
        interview.score_interview(krsk, d, {q.code: 2 for q in opened.questions}, "member",
                                  held_on=TODAY)
        management_project.score_project(krsk, d, {c["code"]: 4 for c in management_project.CRITERIA}, "member")
        assert d.workflow_state == "scored"
        commission.hold_meeting(krsk, d.campaign, TODAY, "", ["chair", "secretary", "member"], "secretary")
    return tree


def _lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_the_krasnoyarsk_commission_drafts_its_protocol_and_order_from_its_own_region(testapp, scored_24):
    login(testapp, "secretary")
    page = testapp.get(CAMPAIGN_24)
    form = page.forms["acts-form"]
    # the defaults come from region 24's plugin, not from Yekaterinburg
    assert form["city"].value == "г. Красноярск"
    assert form["signatory_post"].value == "Министр образования Красноярского края"
    assert "Екатеринбург" not in page.text

    decide = next(f for f in page.forms.values() if f.action.endswith("@@decide"))
    decide["decision"] = "passed"
    page = decide.submit(status=303).follow()
    assert "Решение по Сибирцевой Анне Михайловне записано." in page.text

    form = page.forms["acts-form"]
    form["protocol_number"] = "3"
    form["responsible_name"] = "начальник отдела аттестации Петрова А. С."
    form["signatory_name"] = "И. В. Министров"
    form.submit(status=303).follow()

    with edit(scored_24) as site:
        c = site["24"][f"leader-attestation-{YEAR}"]
        protocol, order = traverse_path(site, c.acts["protocol"]), traverse_path(site, c.acts["order"])
        protocol_text, order_text = protocol.current.file.text, order.current.file.text
    day = f"«{TODAY.day:02d}»"
    lines = _lines(protocol_text)
    assert lines[:5] == ["Министерство образования Красноярского края", "ПРОТОКОЛ",
                         "заседания аттестационной комиссии по аттестации руководителей общеобразовательных "
                         "организаций", f"{day} {MONTHS[TODAY.month - 1]} {YEAR} г. | № ________", "г. Красноярск"]
    assert lines[5:] == [
        "Председатель — К. И. Председателев.", "Секретарь — Н. Б. Секретарёва.",
        "Присутствовали члены комиссии: Председателев Константин Ильич", "Членов Артём Викторович",
        "Секретарёва Наталья Борисовна", "ПОВЕСТКА ДНЯ:",
        "О результатах аттестации руководителей и кандидатов на должность руководителя общеобразовательных "
        "организаций.", "СЛУШАЛИ:", f"Н. Б. Секретарёву о результатах аттестации руководителей и кандидатов {YEAR} года.",
        "РЕШИЛИ:", "Принять следующие решения по результатам аттестации:",
        "№ п/п | ФИО аттестуемого | Должность, организация | Итоговый балл | Решение",
        "1 | Сибирцева Анна Михайловна | Руководитель ОО, Школа № 1 (24-1) | 47,83 | соответствует занимаемой должности",
        "Голосовали: «за» — 3, «против» — 0, «воздержались» — 0.", "Председатель комиссии | К. И. Председателев",
        "Секретарь комиссии | Н. Б. Секретарёва"]
    assert "Екатеринбург" not in protocol_text and "Министр\n" not in protocol_text

    lines = _lines(order_text)
    assert lines[0] == "Министерство образования Красноярского края" and lines[1] == "ПРИКАЗ"
    assert lines[3] == "г. Красноярск"
    assert (f"В соответствии с Целевой моделью аттестации руководителей общеобразовательных организаций, на "
            f"основании решения аттестационной комиссии (протокол от {day}") in order_text
    assert ("2. Начальнику отдела аттестации Петровой А. С. довести результаты аттестации до сведения аттестуемых "
            "в течение 5 рабочих дней.") in lines
    assert "Министр образования Красноярского края | И. В. Министров" in lines
    assert ("1 | Сибирцева Анна Михайловна | Руководитель ОО | Школа № 1 (24-1) | 47,83 | "
            "соответствует занимаемой должности") in lines
    assert "Екатеринбург" not in order_text


def test_a_schools_order_names_its_officer_in_the_accusative_and_is_issued_in_its_town(tree, host):
    with edit(tree) as site:
        school = site["66"]["m1"]["s1"]
        act = make_act(host, school, actor="head", template="order_attestation_officer",
                       officer_name="Аттестационная Светлана Юрьевна", officer_post="заместителя директора",
                       schedule_due=datetime.date(2026, 9, 1), signatory_name="М. Н. Директорова")
        text = act.current.file.text
        assert act.current.variables["city"] == "г. " + site["66"]["m1"].title  # its municipality's town
    assert "1. Назначить Аттестационную Светлану Юрьевну, заместителя директора, ответственным" in text


def test_the_schedule_names_its_officer_in_the_dative_at_the_start_of_a_sentence(tree, host):
    with edit(tree) as site:
        act = make_act(host, site["66"]["m1"]["s1"], actor="head", template="order_attestation_schedule",
                       officer_name="Аттестационная С. Ю.", school_year="2026/2027", signatory_name="М. Н. Директорова",
                       teachers=[{"name": "Учителев Денис Олегович", "post": "учитель",
                                  "category": "первая квалификационная категория",
                                  "planned": datetime.date(2026, 11, 1)}])
        text = act.current.file.text
    assert "2. Аттестационной С. Ю., ответственному за сопровождение аттестации, ознакомить" in text

"""The Krasnoyarsk model of leader attestation runs in region 24 only; the federal flow stays elsewhere."""
import re

import pytest

from core.attestation.stages import stages_for
from core.numbers import number
from tests.factories import edit, login
from tests.functional.krasnoyarsk_support import campaign, campaign_24, dossier, sit_and_score_cases
from tests.plugins.attestation import publish_bank

DOSSIER_24 = "/24/leader-attestation-{year}/participants/head24/"
PROJECT = {"topic": "vsoko", "own_topic": "",
           "problem": "По данным мониторинга доля выпускников, поступивших в вузы края, снизилась с 61 до 52 %.",
           "goal": "Повысить долю поступивших до 60 %.", "tasks": "Обновить ВСОКО; ввести профильные классы.",
           "plan": "Сентябрь: анализ данных; октябрь: профильные группы; январь–май: сетевые курсы с вузами края.",
           "resources": "Два методиста, договор с СФУ, 150 тыс. руб.",
           "results": "Доля поступивших не ниже 60 %, охват профильным обучением 80 %.",
           "risks": "Отток педагогов: наставничество и стимулирующие выплаты."}


@pytest.fixture
def submitted_24(tree, krsk, hasher):
    """Region 24's attestee has sat the test and the case is agreed: only the regional stages are left."""
    with edit(tree) as site:
        campaign_24(krsk, site, hasher)
        sit_and_score_cases(krsk, dossier(site, "24", "head24"), "head24")
    return tree


def _form(page, form_id):
    return page.forms[form_id]


def test_region_24_adds_the_interview_and_the_project_after_the_federal_stages(host):
    assert [s["code"] for s in stages_for(host, "24", "head")] == ["test", "cases", "interview",
                                                                  "management_project"]
    assert [s["code"] for s in stages_for(host, "66", "head")] == ["test", "cases"]


def test_krasnoyarsk_asks_the_leader_where_the_monitoring_of_its_results_is_published(host):
    from core.attestation.registration import portfolio_schema
    assert "krsk_results_monitoring" in [n.name for n in portfolio_schema(host, "24").children]
    assert "krsk_results_monitoring" not in [n.name for n in portfolio_schema(host, "66").children]


def test_krasnoyarsk_interview_and_project_enter_the_attestees_total(testapp, submitted_24, krsk):
    from tests.functional.krasnoyarsk_support import YEAR
    url = DOSSIER_24.format(year=YEAR)
    with edit(submitted_24) as site:
        d = dossier(site, "24", "head24")
        assert d.workflow_state == "submitted"
        federal = d.stage_results["test"] + d.stage_results["cases"]

    # the attestee writes the management project on a suggested topic
    login(testapp, "head24")
    page = testapp.get(url).click(href="@@krsk-project")
    assert "Примерная тематика" in page.text and "Развитие внутренней системы оценки качества" in page.text
    form = _form(page, "project-form")
    for name, value in PROJECT.items():
        form[name] = value
    page = form.submit("save", status=303).follow()
    assert "Управленческий проект сохранён" in page.text
    testapp.reset()

    # the commission prepares the interview from the monitoring and scores it
    login(testapp, "member")
    page = testapp.get(url + "@@krsk-interview")
    assert "Доля выпускников, поступивших в вузы края" in page.text and "снижение" in page.text
    page = _form(page, "interview-open").submit(status=303).follow()
    questions = page.html.select("#questions tr")[1:]
    # three monitoring trends and four standing questions
    assert len(questions) == 7
    # the largest relative change is asked first
    assert "Средний балл ОГЭ по математике" in questions[0].text
    form = _form(page, "interview-score")
    names = [n for n in form.fields if n and n.startswith("q-")]
    for name in names:
        form[name] = "2"
    form[names[0]] = "3"
    page = form.submit(status=303).follow()
    expected_interview = round(20 * (2 * 6 + 3) / 21, 2)
    assert f"{number(expected_interview)} из 20" in page.text  # «14,29 из 20»

    # and the project, by the criteria
    page = testapp.get(url + "@@krsk-project")
    assert "Развитие внутренней системы оценки качества образования" in page.text
    form = _form(page, "project-score")
    for name in [n for n in form.fields if n and n.startswith("c-")]:
        form[name] = "4"
    page = form.submit(status=303).follow()
    assert "Проект оценён комиссией: 24 из 30" in page.text

    with edit(submitted_24) as site:
        d = dossier(site, "24", "head24")
        assert d.workflow_state == "scored"
        assert d.stage_results["interview"] == expected_interview
        assert d.stage_results["management_project"] == 24.0
        assert d.total == round(federal + expected_interview + 24.0, 2)


def test_the_krasnoyarsk_pages_do_not_exist_in_another_region(testapp, tree, krsk, hasher):
    with edit(tree) as site:
        publish_bank(krsk, site)
        campaign(krsk, site, hasher, "66", "head66", "66-1-1")
        d = dossier(site, "66", "head66")
        sit_and_score_cases(krsk, d, "head66")
        # the federal flow: two stages, and the dossier is scored without an interview or a project
        assert d.workflow_state == "scored"
        assert set(d.stage_results) == {"test", "cases"}
    from tests.functional.krasnoyarsk_support import YEAR
    url = f"/66/leader-attestation-{YEAR}/participants/head66/"
    login(testapp, "member")
    assert "krsk-" not in testapp.get(url, status=200).text
    testapp.get(url + "@@krsk-interview", status=404)
    testapp.get(url + "@@krsk-project", status=404)
    testapp.reset()
    login(testapp, "region66")
    testapp.get("/66/@@consultations", status=404)


def test_a_member_scoring_before_the_test_is_submitted_is_refused_and_nothing_changes(testapp, tree, krsk, hasher):
    from tests.functional.krasnoyarsk_support import YEAR
    with edit(tree) as site:
        campaign_24(krsk, site, hasher)
    url = DOSSIER_24.format(year=YEAR)
    login(testapp, "member")
    page = _form(testapp.get(url + "@@krsk-interview"), "interview-open").submit(status=303).follow()
    form = _form(page, "interview-score")
    for name in [n for n in form.fields if n and n.startswith("q-")]:
        form[name] = "1"
    page = form.submit(status=409)
    assert "после того, как аттестуемый сдал тест" in page.text
    with edit(tree) as site:
        interview = dossier(site, "24", "head24").krasnoyarsk.interview
        assert interview.points is None and interview.scores == {}


def test_an_attestee_cannot_score_its_own_interview(testapp, submitted_24):
    from tests.functional.krasnoyarsk_support import YEAR
    url = DOSSIER_24.format(year=YEAR)
    login(testapp, "head24")
    token = re.search(r'name="csrf_token" value="([^"]+)"', testapp.get(url + "@@krsk-interview").text).group(1)
    page = testapp.post(url + "@@krsk-interview-open", {"csrf_token": token}, status=403)
    assert "оценивает аттестационная комиссия" in page.text

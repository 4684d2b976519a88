"""Consultations for the municipalities of region 24: a request logged, answered, and the share of requests answered."""
import datetime

import pytest

from tests.factories import edit, login, make_user


def _people(db, hasher):
    with edit(db) as site:
        make_user(site, "region24", hasher, [("regional_operator", "24")])
        make_user(site, "coordinator24", hasher, [("municipal_coordinator", "24/m1")])


def _log(testapp, url, **values):
    form = testapp.get(url).forms["consultation-form"]
    for name, value in values.items():
        form[name] = value
    return form


def test_a_coordinator_logs_a_request_and_the_region_answers_it(testapp, tree, hasher):
    _people(tree, hasher)
    today = datetime.date.today()
    login(testapp, "coordinator24")
    form = _log(testapp, "/24/m1/@@consultations", requested_on=today.isoformat(),
                requester="Иванова Е. П., специалист по аттестации", topic="Как составить график аттестации руководителей?",
                channel="email")
    page = form.submit("save", status=303).follow()
    assert "Запрос № 1 зарегистрирован" in page.text
    assert [td.text for td in page.html.select("#indicator tr")[1].select("td")][1:4] == ["1", "0", "0,0\u00a0%"]
    testapp.reset()

    login(testapp, "region24")
    page = testapp.get("/24/@@consultations")
    assert page.html.select_one("#indicator-total").select("th")[3].text == "0,0\u00a0%"
    request = page.click(href="/24/consultations/1/")
    form = request.forms["answer-form"]
    form["answer"] = "Направлен образец графика и разъяснены сроки регистрации участников."
    page = form.submit(status=303).follow()
    assert "Консультация по запросу № 1 оказана" in page.text
    total = page.html.select_one("#indicator-total").select("th")
    assert [t.text for t in total[1:4]] + [total[5].text] == ["1", "1", "100,0\u00a0%", "да"]
    # the other municipality had no requests: nothing to answer, nothing missed
    assert "Муниципалитет 24-2" in page.html.select("#indicator tr")[2].text

    again = testapp.post("/24/consultations/1/@@answer", {"answered_on": today.isoformat(), "answer": "ещё раз",
                                                         "csrf_token": request.forms["answer-form"]["csrf_token"].value},
                         status=409)
    assert "уже оказана" in again.text


def test_a_request_of_another_municipality_or_from_the_future_is_refused(testapp, tree, hasher):
    _people(tree, hasher)
    login(testapp, "coordinator24")
    testapp.get("/24/m2/@@consultations", status=403)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    form = _log(testapp, "/24/m1/@@consultations", requested_on=tomorrow.isoformat(), requester="Иванова Е. П.",
                topic="Вопрос о модели аттестации", channel="phone")
    page = form.submit("save", status=400)
    assert "дата запроса ещё не наступила" in page.text
    form = _log(testapp, "/24/m1/@@consultations", requested_on="", requester="", topic="", channel="phone")
    assert "с ошибками" in form.submit("save", status=400).text
    with edit(tree) as site:
        assert "consultations" not in site["24"]


def test_a_coordinator_cannot_answer_a_request(testapp, tree, hasher, host):
    from oko_krasnoyarsk import consultations
    _people(tree, hasher)
    with edit(tree) as site:
        entry = consultations.log_request(host, site["24"], "m1", {
            "requested_on": datetime.date.today().isoformat(), "requester": "Иванова Е. П.",
            "topic": "Вопрос о модели аттестации", "channel": "phone"}, "coordinator24")
        try:
            consultations.answer_request(host, entry, {"answered_on": datetime.date.today().isoformat(),
                                                       "answer": "Ответ дан по телефону."}, "coordinator24")
        except consultations.ConsultationRefused as exc:
            assert exc.code == "forbidden"
        else:
            raise AssertionError("a coordinator answered a request")
        assert entry.workflow_state == "open" and entry.answer == ""


@pytest.mark.parametrize("requester, message", [("Иванова Е. П. " * 30, "Больше, чем максимальная длина 300"),
                                                ("Ив", "Меньше, чем минимальная длина 3")])
def test_a_too_long_or_too_short_requester_is_refused_in_russian_with_the_limit_named(testapp, tree, hasher,
                                                                                     requester, message):
    _people(tree, hasher)
    login(testapp, "coordinator24")
    form = _log(testapp, "/24/m1/@@consultations", requested_on=datetime.date.today().isoformat(),
                requester=requester, topic="Как составить график аттестации руководителей?", channel="email")
    res = form.submit("save", status=400)
    assert message in res.text
    assert "{" not in res.html.select_one("#consultation-form").get_text()

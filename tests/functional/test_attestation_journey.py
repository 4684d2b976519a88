"""One leader attestation campaign end to end, in the browser's terms (WebTest): the bank
published and the blueprint set, the schedule, registration, the timed test, blind double
scoring with a third expert on divergence, the threshold, the commission's decisions and the
generated order. Each step is taken by its owner while others are refused."""
import datetime
import io
import statistics

import openpyxl
import pytest
import webtest

from core.attestation import campaign_of
from tests.factories import edit, logged_in_clients
from tests.plugins.attestation import SmallBlueprint, people, publish_bank

TODAY = datetime.date.today()
YEAR = TODAY.year
C = f"/66/leader-attestation-{YEAR}/"
ROLES = ("region66", "head", "head2", "expert_m1", "expert_a", "expert_b", "expert_c", "chair", "secretary",
         "member")
REFUSALS = ("У вас нет доступа", "Доступ запрещён", "другой участник", "не назначен вам")
SECRETS = ("Директорова", "Школьников", "Школа № 1", "Школа № 2", "66-1-1", "66-1-2", "Муниципалитет 66-1",
           "participants", "(head)", "head2", '"head"')


@pytest.fixture
def campaign_app(app, tree, host, hasher):
    """The ``tree`` with the experts and the commission's people, the federal bank published
    through the CMM API and region 66's blueprint set (a test plugin)."""
    with edit(tree) as site:
        people(site, hasher)
        publish_bank(host, site)
    host.register(SmallBlueprint(), name="attestation-test")
    yield tree
    host.unregister("attestation-test")


@pytest.fixture
def clients(app, campaign_app):
    """A logged-in WebTest client per person of the journey, each with its CSRF token."""
    return logged_in_clients(app, ROLES)


def post(client, url, params=(), upload=None, headers=None):
    """A POST of a form as a browser sends it (CSRF token included); any status."""
    fields = [("csrf_token", client.token), *list(params.items() if isinstance(params, dict) else params)]
    return client.post(url, fields, upload_files=[upload] if upload else None, expect_errors=True,
                       headers=headers or {})


def assert_refused(res):
    if res.status_int == 303:
        res = res.follow()
    assert res.status_int in (200, 400, 403, 409), res.status
    assert any(text in res.text for text in REFUSALS), res.text[:1500]


def snapshot(db):
    """What a refused step must leave as it was."""
    with edit(db) as site:
        c = campaign_of(site["66"], YEAR)
        if c is None:
            return None
        answers = c.answers
        return (len(c.journal), tuple(sorted(c.experts.items())), tuple(c.threshold_log), c.meeting,
                tuple(sorted(c.acts.items())),
                tuple((d.__name__, d.workflow_state, tuple(d.answers.items()), tuple(d.stage_results.items()),
                       d.decision, len(d.history)) for d in c.dossiers()),
                tuple((a.code, a.experts, a.scores, a.final) for a in (answers.values() if answers else ())))


def others_are_refused(clients, db, owners, attempt):
    before = snapshot(db)
    for user, client in clients.items():
        if user in owners:
            continue
        assert_refused(attempt(client))
        assert snapshot(db) == before, f"{user} changed something"


def form_by_id(page, form_id):
    return page.forms[form_id]


def series_xlsx():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Код ОО", "Год", "Показатель", "Значение"])
    for year, value in zip(range(YEAR - 4, YEAR + 1), (61.0, 63.5, 62.0, 66.0, 68.5)):
        sheet.append(["66-1-1", year, "Средний балл ОГЭ по математике", value])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def dossier_of(db, login):
    with edit(db) as site:
        d = campaign_of(site["66"], YEAR).participants[login]
        return d.workflow_state, [i.code for i in d.test.items] if d.test else [], d.case_codes


def case_answer(db, code):
    with edit(db) as site:
        a = campaign_of(site["66"], YEAR).answers[code]
        return a.experts, a.final


def test_one_campaign_from_the_bank_to_the_order(clients, campaign_app, host):
    db = campaign_app
    operator, head, head2, secretary = clients["region66"], clients["head"], clients["head2"], clients["secretary"]

    # 1. The regional operator opens the campaign from the region's page.
    page = operator.get("/66/").click(href="@@leader-attestation")
    others_are_refused(clients, db, {"region66"}, lambda c: post(c, "/66/@@leader-attestation", {"year": YEAR}))
    form = page.forms["open-form"]
    form["time_limit"] = "60"
    page = form.submit(status=303).follow()
    assert f"Кампания аттестации {YEAR} года открыта" in page.text and page.request.path == C

    # 2. The schedule: two school heads of 66/m1 sit today.
    schedule = {"login": "head", "school": "66-1-1", "category": "head", "sitting": TODAY.isoformat()}
    others_are_refused(clients, db, {"region66"}, lambda c: post(c, C + "@@schedule", schedule))
    for user, school in (("head", "66-1-1"), ("head2", "66-1-2")):
        form = page.forms["schedule-form"]
        form["login"], form["school"] = user, school
        page = form.submit(status=303).follow()
    res = post(operator, C + "@@schedule", {**schedule, "school": "99-9-9", "login": "head3"})
    assert res.status_int == 400 and "нет школы с кодом «99-9-9»" in res.text
    assert "Директорова Мария Николаевна" in page.text and "Школьников Виктор Павлович" in page.text

    # 3. The expert pool (one works in the attestees' own municipality, as its roles say) and the commission.
    others_are_refused(clients, db, {"region66"}, lambda c: post(c, C + "@@experts", {"login": "expert_a"}))
    for user in ("expert_m1", "expert_a", "expert_b", "expert_c"):
        form = page.forms["expert-form"]
        form["login"] = user
        page = form.submit(status=303).follow()
    for user, role in (("chair", "commission_chair"), ("secretary", "commission_secretary"),
                       ("member", "commission_member")):
        form = page.forms["appoint-form"]
        form["login"], form["role"] = user, role
        page = form.submit(status=303).follow()
    assert "председатель" in page.forms["appoint-form"].response.text

    # 4. The schools' results over five years, from XLSX.
    form = page.forms["series-form"]
    form["file"] = webtest.Upload("results.xlsx", series_xlsx())
    assert "Динамика результатов загружена: школ — 1" in form.submit(status=303).follow().text

    # 5. Each head registers in the personal account: portfolio and consent.
    d1, d2 = C + "participants/head/", C + "participants/head2/"
    others_are_refused(clients, db, {"head"}, lambda c: post(c, d1 + "@@register",
                                                             {"education": "Высшее", "consent": "true"}))
    home = head.get("/tasks")
    assert "Зарегистрироваться" in home.text
    form = head.get(d1).click(href="@@register").forms["register-form"]
    form["education"] = "Высшее педагогическое, КПК «Управление школой» (2024)"
    res = form.submit("save", status=400)
    assert "нужно согласие на обработку персональных данных" in res.text
    form = res.forms["register-form"]
    form["consent"] = True
    page = form.submit("save", status=303).follow()
    assert "вы зарегистрированы" in page.text and "Высшее педагогическое" in page.text
    assert "Средний балл ОГЭ по математике" in page.text and "<svg" in page.text
    res = post(head2, d2 + "@@register", {"education": "Высшее", "consent": "true"})
    assert res.status_int == 303

    # 6. The test: started, answered item by item (a form each; the page's script posts the same
    #    form as JSON), a reload shows what was saved; handed in once.
    others_are_refused(clients, db, {"head"}, lambda c: post(c, d1 + "@@start"))
    page = head.get(d1 + "@@test").forms["start-form"].submit(status=303).follow()
    assert "Тестирование начато" in page.text and "Осталось времени" in page.text
    _, items, _ = dossier_of(db, "head")
    assert items == ["t-strategy-1", "t-strategy-2", "t-case-1"]
    single = [f for f in page.forms.values() if f.get("item", default=None) and f["item"].value == "t-strategy-1"][0]
    single["answer"] = "a"
    single.submit(status=303)
    res = post(head, d1 + "@@answer", [("item", "t-strategy-2"), ("answer", "a"), ("answer", "b")],
               headers={"Accept": "application/json"})
    assert res.json == {"saved": True, "item": "t-strategy-2", "answered": 2, "remaining": res.json["remaining"]}
    post(head, d1 + "@@answer", {"item": "t-case-1", "answer": "Проведу анализ ВПР с учителями, "
                                                                 "скорректирую рабочие программы."})
    page = head.get(d1 + "@@test")
    assert 'value="a" checked' in page.text and "скорректирую рабочие программы" in page.text
    others_are_refused(clients, db, {"head"}, lambda c: post(c, d1 + "@@submit"))
    page = page.forms["submit-form"].submit(status=303).follow()
    assert "Тест сдан" in page.text
    before = snapshot(db)
    res = post(head, d1 + "@@submit")
    assert res.status_int == 409 and "повторная сдача не принимается" in res.text
    res = post(head, d1 + "@@answer", {"item": "t-strategy-1", "answer": "b"})
    assert res.status_int == 409 and "Тест уже сдан" in res.text
    assert snapshot(db) == before

    # The second head runs out of time: a late answer is refused and changes nothing.
    post(head2, d2 + "@@start")
    post(head2, d2 + "@@answer", {"item": "t-strategy-1", "answer": "b"})
    post(head2, d2 + "@@answer", {"item": "t-case-1", "answer": "Назначу ответственного."})
    with edit(db) as site:
        d = campaign_of(site["66"], YEAR).participants["head2"]
        d.deadline_at = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=5)
    before = snapshot(db)
    res = post(head2, d2 + "@@answer", {"item": "t-strategy-1", "answer": "a"})
    assert res.status_int == 409 and "Время тестирования истекло" in res.text
    assert snapshot(db) == before
    # Nobody presses a button: the next look at the test hands it in, with the answers saved by the deadline.
    page = head2.get(d2 + "@@test")
    assert "Время тестирования истекло: тест сдан" in page.text and "submit-form" not in page.forms
    assert dossier_of(db, "head2")[0] == "submitted"
    with edit(db) as site:
        d = campaign_of(site["66"], YEAR).participants["head2"]
        assert d.submitted_at == d.deadline_at and dict(d.answers)["t-strategy-1"] == "b"
        assert d.history[-1].actor == "system"
    before = snapshot(db)
    head2.get(d2 + "@@test")
    operator.get(C)
    assert snapshot(db) == before, "a second look hands nothing in again"

    # 7. Blind double scoring: two experts, never expert_m1 (the attestees' municipality).
    _, _, (code1,) = dossier_of(db, "head")
    _, _, (code2,) = dossier_of(db, "head2")
    experts1, _ = case_answer(db, code1)
    experts2, _ = case_answer(db, code2)
    assert "expert_m1" not in experts1 + experts2 and len(experts1) == len(experts2) == 2
    a1 = f"{C}answers/{code1}/"
    first, second = (clients[e] for e in experts1)
    tasks = first.get("/tasks")
    assert f"Кейс {code1}" in tasks.text
    page = first.get(a1)
    assert "Проведу анализ ВПР" in page.text
    for secret in SECRETS:
        assert secret not in page.text, secret
    others_are_refused(clients, db, set(experts1), lambda c: post(c, a1 + "@@score",
                                                                 {"points-analysis": "5", "points-decision": "3"}))
    form = page.forms["score-form"]
    form["points-analysis"], form["points-decision"] = "6", "4"
    assert f"Оценка ответа {code1} сохранена" in form.submit(status=303).follow().text
    res = post(first, a1 + "@@score", {"points-analysis": "1", "points-decision": "1"})
    assert res.status_int == 409 and "Вы уже оценили" in res.text
    res = post(second, a1 + "@@score", {"points-analysis": "9", "points-decision": "1"})
    assert res.status_int == 400 and "балл от 0 до 6" in res.text
    post(second, a1 + "@@score", {"points-analysis": "1", "points-decision": "1"})
    experts1, final = case_answer(db, code1)
    assert len(experts1) == 3 and final is None and "expert_m1" not in experts1
    post(clients[experts1[2]], a1 + "@@score", {"points-analysis": "5", "points-decision": "3"})
    assert case_answer(db, code1)[1] == pytest.approx(statistics.median([10, 2, 8]))
    a2 = f"{C}answers/{code2}/"
    for expert in experts2:
        post(clients[expert], a2 + "@@score", {"points-analysis": "2", "points-decision": "1"})
    assert case_answer(db, code2)[1] == pytest.approx(3.0)
    assert dossier_of(db, "head")[0] == dossier_of(db, "head2")[0] == "scored"

    # 8. The threshold: the median of the category's results, logged with who and why.
    page = operator.get(C)
    form = page.forms["threshold-form"]
    form["category"], form["reason"] = "head", "Все результаты получены"
    page = form.submit(status=303).follow()
    with edit(db) as site:
        c = campaign_of(site["66"], YEAR)
        totals = [d.total for d in c.dossiers()]
        assert totals == [11.0, 3.0]
        assert c.thresholds["head"].threshold == statistics.median(totals)
    assert "Медиана результатов категории" in page.text
    dossier = head.get(d1)
    assert "Медиана результатов категории" in dossier.text
    # The dossier's history names its states in Russian, and people by name, not by login.
    history = dossier.html.find(id="history").get_text(" ")
    assert "Зарегистрирован" in history and "registered" not in history and "(head)" not in history

    # 9. The chair's task leads to where the decision is taken, the campaign's page, which says what comes
    #    first; the dossier says so too.
    chair = clients["chair"]
    task = next(a for a in chair.get("/tasks").html.select("main table a[href]") if "head" in a.text.lower()
                or "Директорова" in a.text)
    page = chair.get(task["href"])
    assert page.request.path == C and "meeting-form" in page.forms and page.html.find(id="meeting-first")
    note = chair.get(d1).html.find(id="decision-note")
    assert "Сначала откройте заседание" in note.text and note.a["href"].startswith("http://localhost" + C)
    assert head.get(d1).html.find(id="decision-note") is None

    # 10. The commission meets (thresholds frozen), decides on each attestee, and the acts are drafted.
    others_are_refused(clients, db, {"secretary", "chair"}, lambda c: post(
        c, C + "@@meeting", [("date", TODAY.isoformat()), ("place", "Екатеринбург"), ("present", "chair"),
                             ("present", "secretary")]))
    page = secretary.get(C).forms["meeting-form"].submit(status=303).follow()
    assert "пороги зафиксированы" in page.text
    res = post(operator, C + "@@threshold", {"category": "head", "reason": "Пересчёт"})
    assert res.status_int == 409 and "пересчёт невозможен" in res.text
    others_are_refused(clients, db, {"secretary", "chair"}, lambda c: post(
        c, C + "@@decide", {"participant": "head", "decision": "passed"}))
    for user in ("head", "head2"):
        page.forms[f"decide-{user}"].submit(status=303)
    page = secretary.get(C)
    form = page.forms["acts-form"]
    form["responsible_name"] = "Начальнику отдела аттестации Петровой А. С."
    form["signatory_name"] = "И. И. Иванов"
    page = form.submit(status=303).follow()
    assert "Протокол и приказ об утверждении результатов сформированы" in page.text
    # The drafts are the region's acts: its operator reads them and sends them for signature.
    order = operator.get(C).click(href="acts/", index=1)
    assert "Приказ об утверждении результатов аттестации" in order.text and "Директорова" in order.text
    # The commission reads the drafts of its decisions too; an attestee does not.
    for member in ("secretary", "chair", "member"):
        assert "Приказ об утверждении" in clients[member].get(C).click(href="acts/", index=1).text
    head.get(order.request.path, status=403)
    with edit(db) as site:
        c = campaign_of(site["66"], YEAR)
        from core.resources import traverse_path
        act = traverse_path(site, c.acts["order"])
        text = act.current.file.text
        assert "Директорова Мария Николаевна" in text and "соответствует занимаемой должности" in text
        assert "Школьников Виктор Павлович" in text and "не соответствует занимаемой должности" in text
        assert set(act.cases) == {f"{C}participants/head", f"{C}participants/head2"}
    page = head.get(d1)
    assert "соответствует занимаемой должности" in page.text and "зафиксирован на заседании комиссии" in page.text

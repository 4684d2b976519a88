"""The 500+ project in the browser's terms (WebTest): one school through every step of the
roadmap, each taken by its owner while every other role is refused; bad input; deadlines."""
import datetime
import io

import openpyxl
import pytest
import webtest

from core.cases import fire
from core.project500 import indicators, steps
from core.project500.model import ANTI_RISK_PROGRAMME, DEVELOPMENT_CONCEPT, MEDIUM_TERM_PROGRAMME
from core.security.users import users_of
from tests.factories import csrf, edit, login, make_user, node, valid_docx, valid_pdf
from tests.unit.docinspect_corpus import zip_bomb_docx

TODAY = datetime.date.today()
YEAR = TODAY.year
P = "/66/m1/s1/500plus-%d/" % YEAR
ROLES = ("region66", "coordinator", "curator", "head", "reviewer")
REFUSALS = ("У вас нет доступа", "Этот шаг выполняет другой участник", "У вас нет права", "не назначен вам")


@pytest.fixture
def people(tree, hasher):
    """The ``tree`` and a reviewer (an expert once the coordinator assigns it)."""
    with edit(tree) as site:
        make_user(site, "reviewer", hasher, title="Экспертова Анна Сергеевна")
    return tree


@pytest.fixture
def clients(app, people):
    """A logged-in WebTest client per role of the journey, each with its CSRF token."""
    result = {}
    for user in ROLES:
        client = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1"})
        login(client, user)
        client.token = csrf(client)
        result[user] = client
    return result


def participation(site):
    return steps.participation_of(site["66"]["m1"]["s1"], YEAR)


def snapshot(db):
    """What a refused step must leave as it was: the journal, flags, indicators, documents."""
    with edit(db) as site:
        p = participation(site)
        if p is None:
            return None
        docs = tuple((d.__name__, d.workflow_state, len(d.versions), len(d.history), len(d.reviews))
                     for d in p.documents())
        return (len(p.journal), p.indicators_met, p.awaiting_roles, p.curator, p.contract_status, p.surveyed,
                p.seminar_attended, p.first_visit, p.activated_risks, p.sampled, p.reviewers,
                p.professional_development, p.measures_activated, p.positive_changes_confirmed,
                len(p.profile_downloads), tuple(sorted(p.risk_profile.items())), docs)


def post(client, url, params=(), upload=None):
    """A POST of a form as a person's browser would send it (CSRF token included); any status."""
    fields = [("csrf_token", client.token), *list(params.items() if isinstance(params, dict) else params)]
    files = [upload] if upload else None
    return client.post(url, fields, upload_files=files, expect_errors=True)


def assert_refused(res):
    """Refused: 403, or a Russian refusal on the page the browser is sent back to."""
    if res.status_int == 303:
        res = res.follow()
    assert res.status_int in (303, 200, 400, 403, 409), res.status
    assert any(text in res.text for text in REFUSALS), res.text[:2000]


def others_are_refused(clients, db, owner, attempt, also_allowed=()):
    """Every role but the step's owner tries ``attempt(client)``: each is refused and nothing changes."""
    before = snapshot(db)
    for user, client in clients.items():
        if user == owner or user in also_allowed:
            continue
        assert_refused(attempt(client))
        assert snapshot(db) == before, f"{user} changed something"


def form_for(page, action):
    """The form of ``page`` that posts to an address ending with ``action``."""
    found = [f for f in page.forms.values() if f.action.endswith(action)]
    assert found, f"no form posting to {action}"
    return found[0]


def fill_concept(form, goal="Повысить качество обучения", extra=None):
    form["goals"] = goal
    form["tasks"] = "Обновить систему оценивания; организовать наставничество"
    form["expected_results"] = "Рост доли обучающихся с высокими результатами"
    form.set("measure", "Методический семинар для учителей", index=0)
    form.set("deadline", f"{YEAR}-04-01", index=0)
    form.set("responsible", "Заместитель директора", index=0)
    form.set("indicator", "Доля учителей, прошедших семинар", index=0)
    form.set("expected_result", "100 % учителей", index=0)
    for name, value in (extra or {}).items():
        form[name] = value
    return form


def test_one_school_goes_through_every_step_to_positive_changes_confirmed(clients, people, host):
    db = people
    operator, coordinator, curator, head, reviewer = (clients[u] for u in ROLES)

    # 1. The regional operator enrols the schools for the year (from the region's page).
    page = operator.get("/66/").click(href="@@project500")
    others_are_refused(clients, db, "region66", lambda c: post(c, "/66/@@project500-enrol",
                                                                {"year": YEAR, "codes": "66-1-1"}))
    form = page.forms["enrol-form"]
    form["codes"] = "66-1-1\n66-1-2"
    page = form.submit(status=303).follow()
    assert "Включено в проект в %d году школ: 2" % YEAR in page.text
    assert "Школа № 1 (66-1)" in page.forms["enrol-form"].response.text

    # 2. The survey's results come in for the whole region at once.
    survey = ("Код ОО;Рисковое направление;Уровень\n66-1-1;staff_shortage;высокий\n"
              "66-1-1;Низкая учебная мотивация обучающихся;средний\n66-1-2;low_equipment;низкий\n").encode()
    others_are_refused(clients, db, "region66", lambda c: post(c, "/66/@@project500-risk-profiles", {"year": YEAR},
                                                                ("file", "survey.csv", survey)))
    form = page.forms["risk-form"]
    form["file"] = webtest.Upload("survey.csv", survey)
    assert "Рисковые профили загружены: школ — 2" in form.submit(status=303).follow().text

    # 3. The coordinator assigns the curator, from the municipality's project page.
    page = coordinator.get("/66/m1/").click(href="@@project500")
    others_are_refused(clients, db, "coordinator", lambda c: post(c, P + "@@curator", {"login": "curator"}))
    form = form_for(page, "/66/m1/s1/500plus-%d/@@curator" % YEAR)
    form["login"] = "curator"
    page = form.submit(status=303).follow()
    assert "куратор — Curator" in page.text and "/66/m1/@@project500" in page.request.url

    # 4. The school downloads its risk profile (recorded), as its curator may.
    others_are_refused(clients, db, "head", lambda c: post(c, P + "@@risk-profile.xlsx"), also_allowed=("curator",))
    profile = head.get(P + "@@risk-profile")
    assert "Дефицит педагогических кадров" in profile.text and "высокий" in profile.text
    res = profile.forms[1].submit(status=303)
    book = openpyxl.load_workbook(io.BytesIO(res.follow().body))
    assert ["staff_shortage", "Дефицит педагогических кадров", "высокий", "нет"] in [
        list(r) for r in book.active.iter_rows(values_only=True)]

    # 5. The kick-off seminar.
    others_are_refused(clients, db, "coordinator", lambda c: post(c, P + "@@seminar", {"attended": "1"}))
    form = form_for(coordinator.get("/66/m1/@@project500"), "/66/m1/s1/500plus-%d/@@seminar" % YEAR)
    form["attended"] = "1"
    assert "установочный семинар — участвовала" in form.submit(status=303).follow().text

    # 6. The curator's first visit: a changed level needs a comment; risks are activated.
    visit = {"visited_on": TODAY.isoformat(), "level-staff_shortage": "high", "comment-staff_shortage": "",
             "level-low_motivation": "high", "comment-low_motivation": "Подтверждено на встрече с учителями",
             "activate": "staff_shortage"}
    others_are_refused(clients, db, "curator", lambda c: post(c, P + "@@first-visit", visit))
    home = curator.get(P)
    form = home.click("Первое посещение").forms["first-visit-form"]
    form["level-low_motivation"] = "high"
    for box in form.fields["activate"]:
        box.checked = box._value == "staff_shortage"
    res = form.submit(status=400)
    assert "требует комментария" in res.text and "активируйте" not in res.text
    form = res.forms["first-visit-form"]
    assert [box.checked for box in form.fields["activate"] if box._value == "staff_shortage"] == [True]
    form["comment-low_motivation"] = "Подтверждено на встрече с учителями"
    page = form.submit(status=303).follow()
    assert "Первое посещение записано" in page.text and "Подтверждено на встрече с учителями" in page.text

    # 7. The curator's contract is signed.
    others_are_refused(clients, db, "coordinator", lambda c: post(c, P + "@@contract", {"status": "signed"}))
    form = form_for(coordinator.get(P), "@@contract")
    form["status"] = "signed"
    assert "договор с куратором заключён" in form.submit(status=303).follow().text

    # 8. The school head writes the concept documents (every save a version) by the deadline.
    concept = "@@concept?type=development_concept"
    others_are_refused(clients, db, "head", lambda c: post(c, P + concept, {"goals": "Цель", "save": "save"}))
    page = head.get(P)
    assert "30.03.%d" % YEAR in page.text
    for label in ("development_concept", "medium_term_programme", "anti_risk_programme&risk=staff_shortage"):
        form = fill_concept(head.get(P + "@@concept?type=" + label).forms["concept-form"])
        doc_page = form.submit("save", status=303).follow()
        assert "Сохранена версия 1" in doc_page.text
    form = fill_concept(head.get(P + concept).forms["concept-form"], goal="Повысить качество обучения к 2027 году")
    doc_page = form.submit("save", status=303).follow()
    assert "Сохранена версия 2" in doc_page.text
    diff = doc_page.forms["compare-form"].submit()
    assert "+goals: Повысить качество обучения к 2027 году" in diff.text

    # 9. The school sends each document to its curator.
    docs = ["development-concept", "medium-term-programme", "anti-risk-programme-staff_shortage"]
    for name in docs:
        url = P + name + "/@@transition"
        others_are_refused(clients, db, "head", lambda c: post(c, url, {"transition": "submit"}))
        page = head.get(P + name + "/")
        assert "На проверке у куратора" in page.forms["transition-form"].submit(
            "transition", value="submit", status=303).follow().text

    # 10. The curator returns one with remarks, the school resends it, the curator confirms all three.
    page = curator.get("/tasks")
    assert "Антирисковая программа: Дефицит педагогических кадров" in page.text
    form = curator.get(P + docs[2] + "/").forms["transition-form"]
    form["comment"] = "Добавьте показатели к каждой мере"
    assert "Возвращён на доработку" in form.submit("transition", value="return", status=303).follow().text
    head.get(P + docs[2] + "/").forms["transition-form"].submit("transition", value="submit", status=303)
    for name in docs:
        url = P + name + "/@@transition"
        others_are_refused(clients, db, "curator", lambda c: post(c, url, {"transition": "confirm"}))
        page = curator.get(P + name + "/").forms["transition-form"].submit(
            "transition", value="confirm", status=303).follow()
        assert "Подтверждён куратором" in page.text
    with edit(db) as site:
        assert "concept_confirmed" in participation(site).indicators_met

    # 11. The coordinator draws the sample for the content review, by hand.
    others_are_refused(clients, db, "coordinator", lambda c: post(c, "/66/m1/@@project500-sample",
                                                                   {"year": YEAR, "chosen": "66-1-1"}))
    form = coordinator.get("/66/m1/@@project500").forms["sample-form"]
    form["chosen"] = "66-1-1"
    assert "Выборка для экспертизы (выбраны вручную): 66-1-1" in form.submit(status=303).follow().text

    # 12. ... and gives the school's documents to a reviewer.
    others_are_refused(clients, db, "coordinator", lambda c: post(c, P + "@@reviewer", {"login": "reviewer"}))
    form = form_for(coordinator.get("/66/m1/@@project500"), "@@reviewer")
    form["login"] = "reviewer"
    assert "эксперт — Экспертова Анна Сергеевна" in form.submit(status=303).follow().text

    # 13. The reviewer fills a checklist per document: every criterion met or not, with a comment.
    assert "экспертиза документов" in reviewer.get("/tasks").text
    for name in docs:
        url = P + "@@review?doc=" + name
        criteria = {c["code"]: "1" for c in host.review_criteria("66", ANTI_RISK_PROGRAMME)}
        others_are_refused(clients, db, "reviewer",
                           lambda c: post(c, url, {f"met-{k}": v for k, v in criteria.items()}))
        form = reviewer.get(P).follow().click(href=f"doc={name}").forms["review-form"]
        for field in form.fields:
            if field and field.startswith("met-"):
                form[field] = "1"
        form["comment-resources_described"] = "Ресурсы описаны кратко"
        assert "соответствует критериям" in form.submit(status=303).follow().text
    with edit(db) as site:
        assert "concept_conforms" in participation(site).indicators_met

    # 14. For a measure of the anti-risk programme the school uploads a confirming document ...
    url = P + "@@confirming?programme=" + docs[2]
    others_are_refused(clients, db, "head", lambda c: post(c, url, {"measure": "1"},
                                                            ("file", "act.pdf", valid_pdf())))
    form = head.get(P).click("Подтверждающий документ").forms["confirming-form"]
    form["title"] = "Протокол методического семинара"
    form["file"] = webtest.Upload("protocol.pdf", valid_pdf())
    page = form.submit(status=303).follow()
    confirming = page.request.path
    assert "Протокол методического семинара" in page.text and "мера № 1" in page.text

    # 15. ... which goes through the curator the same way.
    page.forms["transition-form"].submit("transition", value="submit", status=303)
    others_are_refused(clients, db, "curator", lambda c: post(c, confirming + "@@transition",
                                                               {"transition": "confirm"}))
    curator.get(confirming).forms["transition-form"].submit("transition", value="confirm", status=303)

    # 16. The school's team takes part in professional development.
    others_are_refused(clients, db, "coordinator", lambda c: post(c, P + "@@professional-development",
                                                                   {"took_part": "1"}))
    form = form_for(coordinator.get(P), "@@professional-development")
    form["took_part"] = "1"
    form.submit(status=303)

    # 17. The school activates the basic directions and measures.
    others_are_refused(clients, db, "head", lambda c: post(c, P + "@@measures"))
    assert "Основные направления и меры активированы" in form_for(head.get(P), "@@measures").submit(
        status=303).follow().text

    # 18. The reviewer reviews the confirming document.
    name = confirming.rstrip("/").rsplit("/", 1)[-1]
    form = reviewer.get(P + "@@review?doc=" + name).forms["review-form"]
    for field in form.fields:
        if field and field.startswith("met-"):
            form[field] = "1"
    form.submit(status=303)

    # 19. The curator confirms the stage of positive changes.
    others_are_refused(clients, db, "curator", lambda c: post(c, P + "@@positive-changes"))
    page = form_for(curator.get(P), "@@positive-changes").submit(status=303).follow()
    assert "Наступление позитивных изменений подтверждено" in page.text
    with edit(db) as site:
        p = participation(site)
        assert p.positive_changes_confirmed
        assert p.indicators_met == set(indicators.PREDICATES)
        assert indicators.counts(site["66"]["m1"], YEAR)["positive_changes"] == 1
    journal = coordinator.get(P).text
    for step in ("Школа включена в проект", "Назначен куратор", "Первое посещение куратора",
                 "Содержательная экспертиза документа", "Подтверждено наступление позитивных изменений"):
        assert step in journal


# -- helpers that take a school to a stage through the domain, for the tests of single steps ------------

def content(goal="Повысить качество обучения"):
    return {"goals": goal, "tasks": "Обновить оценивание", "expected_results": "Рост результатов",
            "measures": [{"measure": "Семинар для учителей", "deadline": f"{YEAR}-04-01",
                          "responsible": "Завуч", "indicator": "Доля учителей", "expected_result": "100 %"}]}


def visited(db, host, school="66/m1/s1"):
    """Enrolled, surveyed, with a curator who has visited and activated "staff_shortage"."""
    with edit(db) as site:
        school = node(site, school)
        region = school.__parent__.__parent__
        steps.enrol(host, region, [school.code], YEAR, "federal")
        steps.import_risk_profiles(host, region, [(2, school.code, "staff_shortage", "high")], YEAR, "federal")
        muni = school.__parent__
        coordinator = users_of(site)["coordinator"]
        if "municipal_coordinator" not in (getattr(muni, "local_roles", {}) or {}).get("coordinator", ()):
            from core.security.roles import grant
            grant(muni, coordinator, "municipal_coordinator")
        p = steps.participation_of(school, YEAR)
        steps.assign_curator(host, p, users_of(site)["curator"], "coordinator")
        steps.record_first_visit(host, p, "curator", TODAY, {}, ["staff_shortage"])


def confirmed(db, host):
    """The school's three concept documents written, sent and confirmed."""
    visited(db, host)
    with edit(db) as site:
        p = participation(site)
        for doc_type, risk in ((DEVELOPMENT_CONCEPT, None), (MEDIUM_TERM_PROGRAMME, None),
                               (ANTI_RISK_PROGRAMME, "staff_shortage")):
            doc = steps.save_concept_document(host, p, doc_type, "head", content(), risk_factor=risk)
            fire(host, doc, "submit", "head")
            fire(host, doc, "confirm", "curator")


# -- bad input ------------------------------------------------------------------------------------

def test_enrolment_names_the_unknown_codes_and_enrols_nothing(testapp, people):
    login(testapp, "region66")
    form = testapp.get("/66/@@project500").forms["enrol-form"]
    form["codes"] = "66-1-1, 99-9-9; 24-1-1"
    res = form.submit(status=400)
    assert "В регионе нет школ с кодами: 99-9-9, 24-1-1. Список не загружен." in res.text
    assert res.forms["enrol-form"]["codes"].value == "66-1-1, 99-9-9; 24-1-1"
    book = openpyxl.Workbook()
    book.active.append(["Код ОО", "Название"])
    book.active.append(["66-1-2", "Школа № 2"])
    book.active.append(["77-0-0", "Нет такой"])
    data = io.BytesIO()
    book.save(data)
    form = res.forms["enrol-form"]
    form["codes"] = ""
    form["file"] = webtest.Upload("list.xlsx", data.getvalue())
    assert "В регионе нет школ с кодами: 77-0-0" in form.submit(status=400).text
    with edit(people) as site:
        assert all(steps.participation_of(s, YEAR) is None for s in site["66"]["m1"].values())


@pytest.mark.parametrize("data, filename, message", [
    (valid_pdf(), "list.csv", "не является таблицей CSV: по содержимому это PDF"),
    (valid_docx(), "list.xlsx", "не является таблицей Excel"),
    (b"PK\x03\x04 broken", "list.xlsx", "повреждён"),
    (b"just a note", "list.doc", "нужна таблица CSV (.csv) или Excel (.xlsx)"),
])
def test_a_list_that_is_not_a_table_is_refused(testapp, people, data, filename, message):
    login(testapp, "region66")
    form = testapp.get("/66/@@project500").forms["enrol-form"]
    form["file"] = webtest.Upload(filename, data)
    assert message in form.submit(status=400).text


def test_a_risk_profile_file_with_bad_lines_is_refused_line_by_line_and_nothing_is_stored(testapp, people, host):
    with edit(people) as site:
        steps.enrol(host, site["66"], ["66-1-1", "66-1-2"], YEAR, "region66")
    login(testapp, "region66")
    form = testapp.get("/66/@@project500").forms["risk-form"]
    form["file"] = webtest.Upload("survey.csv", ("school_code,factor,level\n66-1-1,staff_shortage,high\n"
                                                 "66-1-2,no_such_factor,high\n66-1-3,staff_shortage,очень\n").encode())
    res = form.submit(status=400)
    assert "Строка 3: неизвестное рисковое направление «no_such_factor»" in res.text
    assert "Строка 4: школа «66-1-3» не участвует в проекте" in res.text and "уровень «очень»" in res.text
    with edit(people) as site:
        assert participation(site).risk_profile == {} and not participation(site).surveyed


@pytest.mark.parametrize("data, filename, message, limit", [
    (valid_pdf(), "programme.docx", "по содержимому это PDF", None),
    (b"PK\x03\x04 broken", "programme.docx", "повреждён", None),
    (zip_bomb_docx(), "programme.docx", "распак", None),
    (valid_pdf() + b"x" * 4096, "programme.pdf", "слишком большой", 2048),
])
def test_a_concept_document_with_a_bad_file_is_refused_and_nothing_is_stored(testapp, people, host, monkeypatch,
                                                                            data, filename, message, limit):
    import core.cases
    if limit:
        monkeypatch.setattr(core.cases, "MAX_UPLOAD", limit)
    visited(people, host)
    login(testapp, "head")
    form = fill_concept(testapp.get(P + "@@concept?type=development_concept").forms["concept-form"])
    form["upload"] = webtest.Upload(filename, data)
    res = form.submit("save", status=400)
    assert message in res.text
    assert "Цели" in res.text and res.forms["concept-form"]["goals"].value == "Повысить качество обучения"
    with edit(people) as site:
        assert participation(site).documents() == []


def test_a_concept_document_keeps_its_file_and_an_invalid_form_is_shown_with_its_errors(testapp, people, host):
    visited(people, host)
    login(testapp, "head")
    form = fill_concept(testapp.get(P + "@@concept?type=development_concept").forms["concept-form"])
    form["goals"] = ""
    form.set("deadline", "", index=0)
    res = form.submit("save", status=400)
    assert "Форма заполнена с ошибками" in res.text and "Требуется" in res.text
    form = fill_concept(res.forms["concept-form"])
    data = concept_docx()
    form["upload"] = webtest.Upload("concept.docx", data)
    page = form.submit("save", status=303).follow()
    assert "concept.docx" in page.text
    assert testapp.get(page.request.path + "@@download").body == data


def concept_docx():
    """A development concept in Word with the sections the federal list requires."""
    import docx
    document = docx.Document()
    document.add_heading("Концепция развития", 0)
    for heading, text in (("Цели", "Повысить качество обучения."), ("Задачи", "Обновить оценивание."),
                          ("Ожидаемые результаты", "Рост результатов.")):
        document.add_heading(heading, level=1)
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_confirming_document_that_is_not_what_it_claims_is_refused(testapp, people, host):
    confirmed(people, host)
    login(testapp, "head")
    form = testapp.get(P + "@@confirming?programme=anti-risk-programme-staff_shortage").forms["confirming-form"]
    form["file"] = webtest.Upload("act.pdf", b"MZ\x90\x00 this is a program")
    res = form.submit(status=400)
    assert "не является документом PDF: по содержимому это исполняемый файл Windows" in res.text
    with edit(people) as site:
        assert participation(site).documents("confirming_document") == []


def test_steps_out_of_order_are_refused_in_the_pages(testapp, people, host, hasher, app):
    visited(people, host)
    with edit(people) as site:
        p = participation(site)
        steps.save_concept_document(host, p, DEVELOPMENT_CONCEPT, "head", content())
        steps.enrol(host, site["66"], ["66-1-2"], YEAR, "region66")
        make_user(site, "reviewer", hasher)
    login(testapp, "curator")
    res = post_as(testapp, P + "development-concept/@@transition", {"transition": "confirm"}).follow()
    assert "Действие «Подтвердить» недоступно: документ в состоянии «Черновик»" in res.text
    testapp.reset()
    login(testapp, "coordinator")
    res = post_as(testapp, "/66/m1/s2/500plus-%d/@@reviewer" % YEAR, {"login": "reviewer"})
    assert res.status_int == 409 and "Школа не вошла в выборку для экспертизы" in res.text
    res = post_as(testapp, P + "@@positive-changes")
    assert res.status_int == 403
    with edit(people) as site:
        assert participation(site).documents()[0].workflow_state == "draft"
        assert not steps.participation_of(site["66"]["m1"]["s2"], YEAR).reviewers


def post_as(client, url, params=()):
    return client.post(url, {"csrf_token": csrf(client), **dict(params)}, expect_errors=True)


def test_a_post_without_the_csrf_token_changes_nothing(testapp, people, host):
    visited(people, host)
    login(testapp, "coordinator")
    res = testapp.post(P + "@@seminar", {"attended": "1"}, status=400)
    assert "устаревшая или отсутствующая форма" in res.text
    with edit(people) as site:
        assert not participation(site).seminar_attended


def test_a_review_outside_the_sample_or_of_an_unconfirmed_document_is_refused(testapp, people, host, hasher):
    visited(people, host)
    with edit(people) as site:
        p = participation(site)
        steps.save_concept_document(host, p, DEVELOPMENT_CONCEPT, "head", content())
        steps.draw_sample(host, site["66"]["m1"], YEAR, "coordinator", chosen=["66-1-1"])
        steps.assign_reviewer(host, p, make_user(site, "reviewer", hasher), "coordinator")
        make_user(site, "stranger", hasher, [("expert", "66")])
    login(testapp, "reviewer")
    res = post_as(testapp, P + "@@review?doc=development-concept", {"met-goals_match_risks": "1"})
    assert res.status_int == 409 and "только документы, подтверждённые куратором" in res.text
    testapp.reset()
    login(testapp, "stranger")
    testapp.get(P + "@@review", status=403)
    testapp.get(P, status=403)


# -- the pages ------------------------------------------------------------------------------------

def test_the_participation_page_shows_steps_profile_journal_and_documents_with_lateness(testapp, people, host):
    visited(people, host)
    with edit(people) as site:
        doc = steps.save_concept_document(host, participation(site), DEVELOPMENT_CONCEPT, "head", content())
        fire(host, doc, "submit", "head", now=datetime.datetime(YEAR, 4, 2, tzinfo=datetime.timezone.utc))
    login(testapp, "head")
    page = testapp.get("/66/m1/s1/").click(href="500plus-%d" % YEAR, index=0)
    roadmap = page.html.find(id="roadmap").text
    assert "Первое посещение куратора, активация рисковых направлений" in roadmap and "выполнено" in roadmap
    assert "Дефицит педагогических кадров" in page.html.find(id="profile").text
    documents = page.html.find(id="documents").text
    assert "30.03.%d — просрочен" % YEAR in documents and "На проверке у куратора" in documents
    assert "Написать" in documents  # the programme and the anti-risk programme are still to write
    assert "Назначен куратор" in page.html.find(id="journal").text
    assert "просрочен" in testapp.get(P + "development-concept/").text


def test_krasnoyarsk_adds_a_field_to_the_anti_risk_programme_and_moves_the_deadline(testapp, people, host,
                                                                                     hasher):
    visited(people, host, school="24/m1/s1")
    with edit(people) as site:
        make_user(site, "head24", hasher, [("school_head", "24/m1/s1")])
    login(testapp, "head24")
    url = "/24/m1/s1/500plus-%d/@@concept?type=anti_risk_programme&risk=staff_shortage" % YEAR
    page = testapp.get(url)
    assert "Участие родительского сообщества" in page.text and "15.04.%d" % YEAR in page.text
    other = testapp.get(url.replace("anti_risk_programme&risk=staff_shortage", "development_concept"))
    assert "Участие родительского сообщества" not in other.text
    res = fill_concept(page.forms["concept-form"]).submit("save", status=400)
    assert "Участие родительского сообщества" in res.text
    form = fill_concept(res.forms["concept-form"], extra={"parent_community": "Родительский комитет в совете"})
    doc = form.submit("save", status=303).follow()
    assert "Родительский комитет в совете" in doc.text
    testapp.reset()
    login(testapp, "head")
    visited(people, host)
    assert "Участие родительского сообщества" not in testapp.get(
        P + "@@concept?type=anti_risk_programme&risk=staff_shortage").text


def test_the_project_pages_are_linked_from_the_tree_for_those_who_run_it(testapp, people, host):
    visited(people, host)
    login(testapp, "coordinator")
    assert "Проект «500+»" in testapp.get("/66/m1/").text
    assert "/66/m1/s1/500plus-%d/" % YEAR in testapp.get("/66/m1/s1/").text
    testapp.get("/66/@@project500", status=403)
    testapp.reset()
    login(testapp, "head")
    assert "@@project500" not in testapp.get("/66/m1/s1/").text
    testapp.get("/66/m1/@@project500", status=403)


# -- deadlines: "Мои задачи" and `oko remind` ----------------------------------------------------

def test_my_tasks_show_each_roles_next_step_with_its_deadline(testapp, people, host):
    with edit(people) as site:
        steps.enrol(host, site["66"], ["66-1-1"], YEAR, "region66")
    login(testapp, "coordinator")
    tasks = testapp.get("/tasks").text
    assert "Проект «500+», %d" % YEAR in tasks and "назначить куратора" in tasks and "Школа № 1 (66-1)" in tasks
    with edit(people) as site:
        p = participation(site)
        steps.import_risk_profiles(host, site["66"], [(2, "66-1-1", "staff_shortage", "high")], YEAR, "region66")
        steps.assign_curator(host, p, users_of(site)["curator"], "coordinator")
    assert "назначить куратора" not in testapp.get("/tasks").text
    testapp.reset()
    login(testapp, "curator")
    assert "первое посещение" in testapp.get("/tasks").text
    assert testapp.get("/api/v1/tasks").json["tasks"][0]["transitions"] == ["first_visit"]
    with edit(people) as site:
        steps.record_first_visit(host, participation(site), "curator", TODAY, {}, ["staff_shortage"])
    testapp.reset()
    login(testapp, "head")
    tasks = testapp.get("/tasks")
    assert "разместить концептуальные документы" in tasks.text and "30.03.%d" % YEAR in tasks.text
    assert ("(просрочено)" in tasks.text) == (TODAY > datetime.date(YEAR, 3, 30))


class FakeSMTP:
    """Stands in for ``smtplib.SMTP``: keeps what would have been sent."""

    sent = []

    def __init__(self, host, port, timeout=None):
        self.address = (host, port)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_message(self, message):
        FakeSMTP.sent.append((self.address, message))


def test_oko_remind_lists_overdue_steps_per_user_and_mails_each_user_once(tmp_path, monkeypatch, capsys, host):
    import smtplib

    import transaction

    from core.cli import main, open_site
    from core.security.users import make_hasher
    from tests.factories import make_tree
    ini = tmp_path / "test.ini"
    ini.write_text(f"""[app:main]
use = egg:oko-case
zodbconn.uri = file://{tmp_path}/Data.fs?blobstorage_dir={tmp_path}/blobs
oko.secret = test-secret-0123456789abcdef0123456789
oko.mail.host = mail.example.org
oko.mail.port = 2525
oko.mail.from = oko@example.org
""")
    hasher = make_hasher("fast")
    with open_site(str(ini)) as (site, _):
        make_tree(site)
        make_user(site, "curator", hasher, [("curator", "66/m1/s1")]).email = "curator@example.org"
        make_user(site, "head", hasher, [("school_head", "66/m1/s1")]).email = "head@example.org"
        make_user(site, "head2", hasher, [("school_head", "66/m1/s2")])
        make_user(site, "coordinator", hasher, [("municipal_coordinator", "66/m1")])
        make_user(site, "region66", hasher, [("regional_operator", "66")])
        for code in ("66-1-1", "66-1-2"):
            steps.enrol(host, site["66"], [code], 2025, "region66")
            steps.import_risk_profiles(host, site["66"], [(2, code, "staff_shortage", "high")], 2025, "region66")
        for school in ("s1", "s2"):
            p = steps.participation_of(site["66"]["m1"][school], 2025)
            steps.assign_curator(host, p, users_of(site)["curator"], "coordinator")
            steps.record_first_visit(host, p, "curator", datetime.date(2025, 2, 20), {}, ["staff_shortage"],
                                     now=datetime.datetime(2025, 2, 21, tzinfo=datetime.timezone.utc))
        p = steps.participation_of(site["66"]["m1"]["s1"], 2025)
        for doc_type, risk in ((DEVELOPMENT_CONCEPT, None), (MEDIUM_TERM_PROGRAMME, None),
                               (ANTI_RISK_PROGRAMME, "staff_shortage")):
            doc = steps.save_concept_document(host, p, doc_type, "head", content(), risk_factor=risk)
            fire(host, doc, "submit", "head", now=datetime.datetime(2025, 3, 20, tzinfo=datetime.timezone.utc))
        transaction.commit()
    FakeSMTP.sent = []
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    assert main(["-c", str(ini), "remind", "--date", "2025-04-15"]) == 0
    out = capsys.readouterr().out
    assert "curator (Curator, curator@example.org): 3" in out and "Подтвердить" in out
    assert "head2 (Head2): 1" in out and "разместить концептуальные документы; срок 30.03.2025" in out
    assert "head (" not in out  # its documents were sent in time
    assert "Отправлено писем: 1 (без адреса эл. почты: 1)" in out
    (address, message), = FakeSMTP.sent
    assert address == ("mail.example.org", 2525) and message["To"] == "curator@example.org"
    assert message["From"] == "oko@example.org" and "(3)" in message["Subject"]
    assert "Антирисковая программа: Дефицит педагогических кадров" in message.get_content()
    assert main(["-c", str(ini), "remind", "--date", "2025-03-01"]) == 0
    assert "Просроченных задач на 01.03.2025 нет" in capsys.readouterr().out

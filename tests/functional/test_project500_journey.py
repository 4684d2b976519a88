"""The 500+ project as its people live it (WebTest): one school through every step of the
roadmap, each taken by its owner while every other role is refused."""
import io

import openpyxl
import webtest

from core.project500 import indicators
from core.project500.model import ANTI_RISK_PROGRAMME
from tests.factories import edit, valid_pdf
from tests.functional.project500_support import (
    ROLES,
    TODAY,
    YEAR,
    P,
    fill_concept,
    form_for,
    others_are_refused,
    participation,
    post,
)

# The indicators a school meets after the first stage only by more steps: a second stage, a webinar.
LATER = {"positive_changes_stage_2", "webinar_participation"}


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
    found = coordinator.get(form["login"].attrs["data-people"], {"q": "cur"}).json["people"]
    assert [p["login"] for p in found] == ["curator"] and found[0]["roles"] == "Куратор ОО"
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
        assert p.indicators_met == set(indicators.PREDICATES) - LATER
        assert indicators.counts(site["66"]["m1"], YEAR)["positive_changes"] == 1
    journal = coordinator.get(P).text
    for step in ("Школа включена в проект", "Назначен куратор", "Первое посещение куратора",
                 "Содержательная экспертиза документа", "Подтверждено наступление позитивных изменений"):
        assert step in journal


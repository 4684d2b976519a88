"""Execution on the web: the operator names the responsible, who reports the status with evidence; done
without evidence, statuses out of order, bad files and links refused; who may."""

import pytest

from core import roadmaps
from core.roadmaps import execution
from tests.factories import csrf, edit, login, valid_pdf
from tests.roadmap_seeds import Grid, build_docx

ROWS = [["1.", "Мониторинг", "ежеквартально, 15 числа последнего месяца квартала", "2023"],
        ["2.", "Семинар", "Май 2023", "2023"]]


@pytest.fixture
def measure_url(tree):
    """The execution page of the quarterly measure of a roadmap of school 66/m1/s1."""
    with edit(tree) as site:
        data = build_docx([Grid([["№", "Мероприятие", "Срок", "Год"]] + ROWS)])
        roadmap = roadmaps.import_roadmap(site["66"]["m1"]["s1"], data, "план.docx", "head")[1].roadmap
        return f"/66/m1/s1/roadmaps/{roadmap.__name__}/@@measure?id={roadmap.ordered()[0].id}"


def occurrence(tree, key="2023-06-15"):
    with edit(tree) as site:
        [roadmap] = roadmaps.roadmaps_of(site["66"]["m1"]["s1"])
        found = execution.occurrence(roadmap.ordered()[0], key)
        return None if found is None else (found.status, found.responsible, len(found.evidence), len(found.history))


def form_of(page, cls, key):
    return next(f for f in page.forms.values() if f.action and cls in f.action and f["key"].value == key)


def test_the_head_assigns_the_curator_who_reports_with_evidence(testapp, tree, measure_url):
    login(testapp, "head")
    page = testapp.get(measure_url)
    assert [li["id"] for li in page.html.select("li.occurrence")] == [
        "o2023-03-15", "o2023-06-15", "o2023-09-15", "o2023-12-15"]
    assert all("просрочено" in li.text for li in page.html.select("li.occurrence"))  # 2023 is past
    form = form_of(page, "measure-assign", "2023-06-15")
    form["responsible"] = "head2"  # the head of another school: the picker offers only this school's people
    assert "нельзя выбрать здесь: можно выбрать людей организации" in form.submit(status=400).text
    form["responsible"] = "curator"
    page = form.submit(status=303).follow()
    assert page.html.select_one("#o2023-06-15 .responsible")
    testapp.reset()

    login(testapp, "curator")  # responsible for this occurrence alone
    token = csrf(testapp)
    url = measure_url.replace("@@measure", "@@measure-status")
    testapp.post(url, {"csrf_token": token, "key": "2023-03-15", "status": "in_progress"}, status=403)
    testapp.post(url, {"csrf_token": token, "key": "2023-06-15", "status": "in_progress"}, status=303)
    refused = testapp.post(url, {"csrf_token": token, "key": "2023-06-15", "status": "done"}, status=409)
    assert "Без подтверждения" in refused.text
    evidence = measure_url.replace("@@measure", "@@measure-evidence")
    testapp.post(evidence, {"csrf_token": token, "key": "2023-06-15"},
                 upload_files=[("file", "акт.exe", b"MZ\x90\x00")], status=400)
    testapp.post(evidence, {"csrf_token": token, "key": "2023-06-15", "path": ""}, status=400)
    testapp.post(evidence, {"csrf_token": token, "key": "2023-06-15"},
                 upload_files=[("file", "акт.pdf", valid_pdf())], status=303)
    testapp.post(url, {"csrf_token": token, "key": "2023-06-15", "status": "done"}, status=303)
    refused = testapp.post(url, {"csrf_token": token, "key": "2023-06-15", "status": "in_progress"}, status=409)
    assert "нельзя перейти" in refused.text
    assert occurrence(tree) == ("done", "curator", 1, 4)  # assigned, under way, evidence, done


def test_the_page_offers_only_the_next_statuses_and_the_file_opens(testapp, tree, measure_url):
    login(testapp, "head")
    page = testapp.get(measure_url)
    form = form_of(page, "measure-evidence", "2023-09-15")
    form["path"], form["title"] = "/66/acts/order-1", "Приказ"
    page = form.submit(status=303).follow()
    # no document at that path: the evidence is named, never a dead link
    evidence = page.html.select_one("#o2023-09-15 .evidence li")
    assert evidence.text == "Приказ" and evidence.a is None
    form = form_of(page, "measure-status", "2023-09-15")
    assert [o[0] for o in form["status"].options] == ["in_progress", "done", "not_done", "moved"]
    form["status"] = "moved"
    form["reason"], form["moved_to"] = "Перенос совещания", "2024-01-20"
    page = form.submit(status=303).follow()
    card = page.html.select_one("#o2023-09-15")
    assert "Перенесено" in card.text and "перенесён на 20.01.2024" in card.text and "Перенос совещания" in card.text
    form = form_of(page, "measure-evidence", "2023-12-15")
    form["file"] = ("справка.pdf", valid_pdf())
    page = form.submit(status=303).follow()
    assert testapp.get(page.html.select_one("#o2023-12-15 .evidence a")["href"]).body == valid_pdf()


@pytest.mark.parametrize("data, status, message", [
    ({"key": "2023-04-15", "status": "in_progress"}, 404, "нет такого срока"),
    ({"key": "2023-06-15", "status": "finished"}, 400, "Нет такого статуса"),
    ({"key": "2023-06-15", "status": "not_done"}, 400, "Укажите причину"),
    ({"key": "2023-06-15", "status": "moved", "reason": "x", "moved_to": "завтра"}, 400, "не дата"),
])
def test_bad_status_reports_are_refused_and_nothing_is_written(testapp, tree, measure_url, data, status, message):
    login(testapp, "head")
    url = measure_url.replace("@@measure", "@@measure-status")
    page = testapp.post(url, {"csrf_token": csrf(testapp), **data}, status=status)
    assert message.lower() in page.text.lower()
    assert occurrence(tree) is None


def test_who_may_not_report_is_refused(testapp, tree, measure_url):
    login(testapp, "coordinator")  # sees the school, does not keep its roadmap
    page = testapp.post(measure_url.replace("@@measure", "@@measure-status"),
                        {"csrf_token": csrf(testapp), "key": "2023-06-15", "status": "in_progress"}, status=403)
    assert "её руководитель или ответственный" in page.text
    assert not testapp.get(measure_url).html.select("form.status-form")
    testapp.get(measure_url.replace("id=", "id=999"), status=404)
    assert occurrence(tree) is None


def test_an_occurrence_awaits_its_responsible_person_in_my_tasks_until_finished(testapp, tree, measure_url):
    login(testapp, "head")
    page = testapp.get(measure_url)
    form = form_of(page, "measure-assign", "2023-06-15")
    form["responsible"] = "curator"
    form.submit(status=303)
    testapp.reset()
    login(testapp, "curator")
    [link] = [a for a in testapp.get("/tasks").html.select("table.listing td a") if "/roadmaps/" in a["href"]]
    assert "Мониторинг" in link.text
    row = link.find_parent("tr")
    assert "15.06.2023" in row.text
    page = testapp.get(link["href"]).follow()
    assert page.request.url.endswith(measure_url.split("/", 4)[-1]) or "@@measure" in page.request.url
    api = [t["path"] for t in testapp.get("/api/v1/tasks").json["tasks"]]
    assert any("/roadmaps/" in path for path in api)
    url = measure_url.replace("@@measure", "@@measure-status")
    testapp.post(url, {"csrf_token": csrf(testapp), "key": "2023-06-15", "status": "not_done",
                       "reason": "Болезнь"}, status=303)
    assert not [a for a in testapp.get("/tasks").html.select("table.listing td a") if "/roadmaps/" in a["href"]]

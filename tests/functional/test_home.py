"""Each role's home page: its counts (overdue, due this week), shortcuts to the modules it uses, an operator's chart."""
import datetime
from types import SimpleNamespace

from core.tasks import Task
from core.views.home import counts, greeting, is_when, week_end
from tests.factories import login
from tests.functional.project500_support import YEAR, submitted, visited


def test_this_week_ends_on_sunday_and_an_overdue_task_is_not_counted_in_it():
    thursday = datetime.date(2026, 12, 3)
    assert week_end(thursday) == datetime.date(2026, 12, 6) and week_end(datetime.date(2026, 12, 6)) == \
        datetime.date(2026, 12, 6)
    rows = [SimpleNamespace(due=datetime.date(2026, 12, 1), overdue=True),
            SimpleNamespace(due=thursday, overdue=False), SimpleNamespace(due=datetime.date(2026, 12, 6), overdue=False),
            SimpleNamespace(due=datetime.date(2026, 12, 7), overdue=False), SimpleNamespace(due=None, overdue=False)]
    found = counts([Task(None, "", "", "", "", row.due, (), "", None, "") for row in rows], thursday)
    assert (found.total, found.overdue, found.week) == (5, 1, 2)
    assert [is_when(r, "week", thursday) for r in rows] == [False, True, True, False, False]


def test_a_person_is_greeted_by_name_and_patronymic():
    assert greeting("Уральцев Игорь Сергеевич") == "Игорь Сергеевич"
    assert greeting("И. С. Уральцев") == "И. С. Уральцев"
    assert greeting("") == ""


def _tasks(page):
    return [a.text for a in page.html.select("table.tasks td:first-child a")]


def test_the_heads_home_counts_its_tasks_and_leads_to_its_school_and_its_project(testapp, people, host):
    visited(people, host)
    login(testapp, "head")
    home = testapp.get("/")
    numbers = {a["id"]: int(a.b.text) for a in home.html.select("#counts a.count")}
    assert numbers["count-total"] == len(_tasks(testapp.get("/tasks"))) >= 1
    overdue = testapp.get(home.html.select_one("#count-overdue")["href"])
    assert "Показаны задачи: просрочено" in overdue.text
    assert numbers["count-overdue"] == len(_tasks(overdue))
    assert numbers["count-week"] == len(_tasks(testapp.get(home.html.select_one("#count-week")["href"])))
    # each is a link that opens: the school, its year in the project, its teachers' attestation
    shortcuts = {a.text.strip(): a["href"] for a in home.html.select("#shortcuts a")}
    assert shortcuts[f"Проект «500+», {YEAR}"].endswith(f"/66/m1/s1/500plus-{YEAR}")
    assert shortcuts["Аттестация педагогов"].endswith("/66/m1/s1/@@teachers")
    for url in shortcuts.values():
        testapp.get(url, status=200)
    # a head has no operator's chart
    assert home.html.select_one("#home-project500") is None


def test_the_regional_operator_and_the_coordinator_see_the_projects_indicators_on_their_home(testapp, people, host):
    visited(people, host)
    for login_, place in (("region66", "Свердловская область"), ("coordinator", "m1")):
        login(testapp, login_)
        block = testapp.get("/").html.select_one("#home-project500")
        assert block is not None, login_
        assert f"Проект «500+» в {YEAR} году" in block.h2.text
        bars = block.select("svg g.bar")
        assert len(bars) >= 10 and "100,0 % (1 из 1)" in block.svg.text  # the surveyed school, a decimal comma
        assert block.svg["viewbox"].startswith("0 0 360 ")  # a phone's width: its text is read at 14 px
        testapp.get(block.select("a")[-1]["href"], status=200)
        testapp.reset()


def test_an_unknown_filter_of_my_tasks_shows_them_all(testapp, people, host):
    visited(people, host)
    login(testapp, "head")
    assert _tasks(testapp.get("/tasks", {"when": "someday"})) == _tasks(testapp.get("/tasks"))


def test_my_tasks_come_a_page_at_a_time_soonest_first_in_the_page_and_the_api(testapp, people, host, monkeypatch):
    submitted(people, host)
    login(testapp, "curator")
    everything = _tasks(testapp.get("/tasks"))
    assert len(everything) >= 3
    # a page of one: every task once, in the same order, the last page with no way further
    monkeypatch.setattr("core.views.tasks.TASKS_PER_PAGE", 1)
    seen, page = [], testapp.get("/tasks")
    while True:
        seen += _tasks(page)
        after = page.html.select_one(".pager a:-soup-contains('вперёд')")
        if after is None:
            break
        page = testapp.get(after["href"])
    assert seen == everything
    assert page.html.select_one(".pager a:-soup-contains('назад')") is not None
    api = [testapp.get("/api/v1/tasks", {"per_page": 1, "page": n}).json for n in range(1, len(everything) + 2)]
    assert [body["tasks"][0]["title"] for body in api[:-1]] == everything
    assert [body["more"] for body in api] == [True] * (len(everything) - 1) + [False, False]
    assert api[-1]["tasks"] == []
    testapp.get("/api/v1/tasks", {"per_page": 0}, status=400)

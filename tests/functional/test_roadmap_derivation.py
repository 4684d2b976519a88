"""Derivation on the web: the regional operator hands the roadmap to the municipalities, the coordinator to the
schools; changes upstream offered with accept/ignore; local measures; who may; the upstream read from below."""
import pytest

from core import roadmaps
from core.roadmaps import derivation
from tests.factories import csrf, edit, login
from tests.roadmap_seeds import Grid, Para, build_docx

HEADER = ["ГОД", "Региональный уровень", "Муниципальный уровень", "Уровень ОО"]
ROWS = [["2022", "Анализ результатов региона", "Анализ результатов муниципалитета", "Анализ результатов школы"],
        ["2023", "Семинар для координаторов", "Совещание руководителей", "-"]]


def plan(*rows):
    return build_docx([Para("Дорожная карта РСОКО"), Grid([list(HEADER)] + [list(r) for r in rows])])


def node(site, path):
    for name in filter(None, path.split("/")):
        site = site[name]
    return site


def roadmap_url(db, path):
    """The URL of the one roadmap of ``path``."""
    with edit(db) as site:
        [roadmap] = roadmaps.roadmaps_of(node(site, path))
        return f"{path}/roadmaps/{roadmap.__name__}/"


def texts(page):
    return [li.select_one(".measure-text").text for li in page.html.select("li.measure:not(.change)")]


@pytest.fixture
def region_roadmap(testapp, tree):
    """Region 66's roadmap imported by its operator; its URL."""
    with edit(tree) as site:
        roadmaps.import_roadmap(site["66"], plan(*ROWS), "рсоко.docx", "region66")
    return roadmap_url(tree, "/66")


def test_regional_roadmap_handed_down_to_municipalities_then_schools(testapp, tree, region_roadmap):
    login(testapp, "region66")
    page = testapp.get(region_roadmap)
    form = page.forms["derive-form"]
    assert page.html.select_one("#derive-form button").text == "Передать в муниципалитеты"
    page = form.submit("derive", status=303).follow()
    assert "создано 2, уже были 0" in page.text
    page = testapp.get(region_roadmap).forms["derive-form"].submit("derive", status=303).follow()
    assert "создано 0, уже были 2" in page.text
    testapp.reset()

    login(testapp, "coordinator")
    mine_url = roadmap_url(tree, "/66/m1")
    mine = testapp.get(mine_url)
    assert texts(mine) == ["Анализ результатов муниципалитета", "Анализ результатов школы",
                           "Совещание руководителей"]
    upstream = testapp.get(mine.html.select_one("#upstream")["href"])  # the coordinator reads the region's
    assert "Анализ результатов муниципалитета" in upstream.text and "Семинар для координаторов" not in upstream.text
    testapp.get(region_roadmap, status=403)  # but not the region itself
    page = mine.forms["derive-form"].submit("derive", status=303).follow()
    assert "создано 3" in page.text
    testapp.reset()

    login(testapp, "head")
    school = testapp.get(roadmap_url(tree, "/66/m1/s1"))
    assert texts(school) == ["Анализ результатов школы"] and "derive-form" not in school.forms


@pytest.mark.parametrize("user, path, message", [
    ("coordinator", "/66", None),  # may not see the region's roadmap at all
    ("head", "/66/m1", None),  # a school head does not see the municipality
    ("region66", "/66/m1", "передаёт в школы муниципальный координатор"),
])
def test_only_the_levels_own_operator_hands_down(testapp, tree, region_roadmap, user, path, message):
    login(testapp, "region66")
    testapp.get(region_roadmap).forms["derive-form"].submit("derive", status=303)
    testapp.reset()
    login(testapp, user)
    url = roadmap_url(tree, path)
    page = testapp.post(f"{url}@@derive", {"csrf_token": csrf(testapp)}, status=403)
    if message:
        assert message in page.text
        assert "derive-form" not in testapp.get(url).forms
    with edit(tree) as site:
        assert roadmaps.roadmaps_of(site["66"]["m1"]["s1"]) == []


def test_a_change_upstream_is_offered_to_the_coordinator_and_accepted_or_ignored(testapp, tree, region_roadmap):
    login(testapp, "region66")
    testapp.get(region_roadmap).forms["derive-form"].submit("derive", status=303)
    with edit(tree) as site:
        [region] = roadmaps.roadmaps_of(site["66"])
        changed = [ROWS[0][:2] + ["Анализ результатов муниципалитета и школ", ROWS[0][3]], ROWS[1]]
        roadmaps.import_roadmap(site["66"], plan(*changed), "рсоко.docx", "region66", into=region.__name__)
    testapp.reset()
    login(testapp, "coordinator")
    url = roadmap_url(tree, "/66/m1")
    page = testapp.get(url)
    assert "Анализ результатов муниципалитета" in texts(page)  # not applied by itself
    [change] = page.html.select("#changes li.change")
    assert "Мероприятие изменено" in change.text and "Было: Анализ результатов муниципалитета" in change.text
    form = next(f for f in page.forms.values() if f.action.endswith("@@change"))
    key = form["key"].value
    page = form.submit("action", index=0, status=303).follow()  # «Принять»
    assert "Анализ результатов муниципалитета и школ" in texts(page) and not page.html.select("#changes")
    # the same change again, or a made-up one: refused, nothing changes
    page = testapp.post(f"{url}@@change", {"csrf_token": csrf(testapp), "key": key, "action": "accept"},
                        status=404)
    assert "больше не предлагается" in page.text
    testapp.post(f"{url}@@change", {"csrf_token": csrf(testapp), "key": key, "action": "drop"}, status=400)
    testapp.reset()

    login(testapp, "region66")  # the regional operator does not keep a municipality's roadmap
    with edit(tree) as site:
        other = derivation.derived_of(site["66"]["m2"], roadmaps.roadmaps_of(site["66"])[0])
        [pending] = derivation.pending(other)
        other_url = f"/66/m2/roadmaps/{other.__name__}/"
    page = testapp.post(f"{other_url}@@change", {"csrf_token": csrf(testapp), "key": pending.key,
                                                 "action": "ignore"}, status=403)
    assert "ведёт муниципальный координатор" in page.text


def test_the_coordinator_adds_a_local_measure(testapp, tree, region_roadmap):
    login(testapp, "region66")
    testapp.get(region_roadmap).forms["derive-form"].submit("derive", status=303)
    testapp.reset()
    login(testapp, "coordinator")
    url = roadmap_url(tree, "/66/m1")
    form = testapp.get(url).forms["add-measure-form"]
    form["text"], form["period"], form["responsible"] = "Муниципальный семинар", "Май 2023", "Отдел образования"
    page = form.submit("add", status=303).follow()
    assert "Муниципальный семинар" in texts(page) and "Мероприятия муниципалитета" in page.text
    page = testapp.post(f"{url}@@add-measure", {"csrf_token": csrf(testapp), "text": "  "}, status=400)
    assert "что за мероприятие" in page.text
    testapp.reset()
    login(testapp, "head")
    testapp.post(f"{url}@@add-measure", {"csrf_token": csrf(testapp), "text": "Чужое"}, status=403)
    with edit(tree) as site:
        assert len(roadmaps.roadmaps_of(site["66"]["m1"])[0]) == 4

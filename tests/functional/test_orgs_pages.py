"""A region's organisations from the web: a file checked whole and previewed, then applied (moves and renames,
in the journal); a school edited, closed (kept, offered nowhere), reopened; institutions of a region and of a
municipality, where people are invited; the regional operator's start page."""
import datetime

from webtest import Upload

from core.orgimport import school_locations
from core.security.audit import audit_log
from core.security.roles import effective_roles
from tests.factories import csrf, edit, login, node
from tests.unit.test_orgimport import xlsx

HEAD = ["Код муниципалитета", "Муниципалитет", "Код ОО", "Название ОО", "Тип ОО"]


def upload(client, rows, status=200, name="орг.xlsx", data=None):
    """The region 66's file checked on its organisations page: the preview, or the refusal."""
    form = client.get("/66/@@orgs").forms["orgs-form"]
    form["file"] = Upload(name, data if data is not None else xlsx([HEAD, *rows]))
    return form.submit(status=status)


def test_the_regional_operator_loads_a_file_sees_what_changes_and_confirms(testapp, tree):
    login(testapp, "region66")
    rows = [["m1", "Муниципалитет 66-1", "n1", "МБОУ СОШ № 10", "городская"],
            ["m3", "Новый округ", "n2", "МБОУ ООШ № 2", "сельская"],
            # s3 of m1 (code 66-1-3) moves to m3 and is renamed; m2 is renamed
            ["m3", "Новый округ", "66-1-3", "Школа № 3 переехавшая", "small"],
            ["m2", "Муниципалитет 66-2 (новое имя)", "66-2-1", "Школа № 1 (66-2)", "urban"]]
    preview = upload(testapp, rows)
    assert "Ошибок нет, строк: 4" in preview.text and "Пока ничего не записано" in preview.text
    assert "школ добавлено: 2" in preview.text and "перемещено: 1" in preview.text
    assert "из «Муниципалитет 66-1» в «Новый округ»" in preview.text
    assert "«Муниципалитет 66-2» → «Муниципалитет 66-2 (новое имя)»" in preview.text
    with edit(tree) as site:
        assert "m3" not in site["66"] and "n1" not in site["66"]["m1"]
        entries = len(audit_log(site))
    res = preview.forms["confirm-form"].submit(status=303).follow()
    assert "Организации загружены" in res.text
    with edit(tree) as site:
        assert site["66"]["m3"]["n2"].school_type == "rural"
        assert "s3" in site["66"]["m3"] and "s3" not in site["66"]["m1"]
        assert site["66"]["m2"].title == "Муниципалитет 66-2 (новое имя)"
        new = [e.action for e in audit_log(site).select("/66", below=True, kind="orgs")[0]]
        assert sorted(new) == ["municipality_renamed", "orgs_imported", "school_moved", "school_renamed"]
        assert len(audit_log(site)) == entries + 4
    # the same file again: nothing changes
    # a move onto a taken name is refused by its line
    res = upload(testapp, [["m2", "Муниципалитет 66-2 (новое имя)", "66-1-1", "Школа № 1 (66-1)", "urban"]],
                 status=400)
    assert "Строка 2: школу 66-1-1 не перенести в «Муниципалитет 66-2 (новое имя)»: имя s1 там уже занято" in res.text
    again = upload(testapp, rows)
    assert "Файл совпадает с тем, что уже загружено" in again.text


def test_a_bad_file_is_refused_by_line_and_nothing_is_written(testapp, tree):
    login(testapp, "region66")
    with edit(tree) as site:
        entries = len(audit_log(site))
    res = upload(testapp, [["m1", "Муниципалитет 66-1", "n1", "Школа", "городская"],
                           ["m1", "Муниципалитет 66-1", "n1", "Школа-дубль", "огромная"]], status=400)
    assert "Файл не загружен, в базе ничего не изменилось." in res.text
    assert "Строка 3: неизвестный тип школы «огромная»" in res.text
    assert "код школы «n1» повторяется (уже в строке 2)" in res.text
    # a line of another region
    other = xlsx([["region_code", "region_name", *HEAD], ["24", "Красноярский край", "m1", "М", "x1", "Ш", "urban"]])
    res = upload(testapp, [], data=other, status=400)
    assert "Строка 2: школа другого региона (код 24)" in res.text
    # not a table at all
    res = upload(testapp, [], data=b"%PDF-1.4 nothing", name="orgs.pdf", status=400)
    assert "ничего не изменилось" in res.text
    with edit(tree) as site:
        assert len(audit_log(site)) == entries and "n1" not in site["66"]["m1"]


def test_only_the_region_keeps_its_tree(testapp, tree):
    login(testapp, "coordinator")
    testapp.get("/66/@@orgs", status=403)
    testapp.get("/66/m1/s1/@@edit", status=403)
    login(testapp, "region66")
    testapp.get("/24/@@orgs", status=403)


def test_a_closed_school_keeps_its_history_and_is_offered_nowhere(testapp, tree):
    login(testapp, "region66")
    page = testapp.get("/66/m1/s2/@@edit")
    form = page.forms["school-form"]
    form["title"] = "МБОУ СОШ № 2 им. Пушкина"
    assert "Сведения о школе сохранены" in form.submit(status=303).follow().text
    form = testapp.get("/66/m1/s2/@@edit").forms["close-form"]
    form["on"] = "2026-09-01"
    form["reason"] = ""
    assert "Укажите причину закрытия" in form.submit(status=303).follow().text
    form["reason"] = "присоединена к школе № 1"
    res = form.submit(status=303).follow()
    assert "закрыта" in res.text and "Открыть снова" in res.text
    with edit(tree) as site:
        school = site["66"]["m1"]["s2"]
        assert school.closed_on == datetime.date(2026, 9, 1)
        assert "66-1-2" not in school_locations(site) and "66-1-2" in school_locations(site, closed=True)
        # its head keeps the role (history), and the curator still reads it
        assert "school_head" in effective_roles(school, "head2")
        actions = [e.action for e in audit_log(site).select("/66/m1/s2")[0]]
        assert actions[:2] == ["school_closed", "org_changed"]
    # not in the municipality's list, nor the people page's organisations, nor a file
    listing = testapp.get("/66/m1/")
    assert "им. Пушкина" not in listing.text and "Школа № 1 (66-1)" in listing.text
    assert "им. Пушкина" not in testapp.get("/66/m1/@@people").text
    assert "им. Пушкина" in testapp.get("/66/@@orgs").text  # the region names its closed schools
    res = upload(testapp, [["m1", "Муниципалитет 66-1", "66-1-2", "Школа", "городская"]], status=400)
    assert "школа 66-1-2 «МБОУ СОШ № 2 им. Пушкина» закрыта 01.09.2026" in res.text
    # nor enrolled in the 500+ project
    res = testapp.post("/66/@@project500-enrol", {"year": "2026", "codes": "66-1-2",
                                                  "csrf_token": csrf(testapp)}, status=400)
    assert "Закрытые школы в проект не включаются: 66-1-2" in res.text
    # the school's own page still opens, with its documents
    assert "Закрыта" in testapp.get("/66/m1/s2/").text
    # reopened, it is back everywhere
    testapp.get("/66/m1/s2/@@edit").forms["reopen-form"].submit(status=303)
    assert "им. Пушкина" in testapp.get("/66/m1/").text


def test_institutions_of_the_region_and_of_a_municipality_hold_their_people(testapp, tree):
    login(testapp, "region66")
    form = testapp.get("/66/@@orgs").forms["institution-form"]
    form["code"], form["title"] = "iro", "Институт развития образования"
    assert "Институт развития образования" in form.submit(status=303).follow().text
    form = testapp.get("/66/m1/@@orgs").forms["institution-form"]
    form["kind"], form["code"], form["title"] = "municipal_body", "uo", "Управление образования"
    res = form.submit(status=303).follow()
    assert "Управление образования" in res.text and "Муниципальный орган управления образованием" in res.text
    # a taken code is refused
    form = testapp.get("/66/m1/@@orgs").forms["institution-form"]
    form["code"], form["title"] = "s1", "Ещё одно"
    assert "Код s1 уже занят" in form.submit(status=303).follow().text
    # the institute's head is invited there
    page = testapp.get("/66/iro/@@people")
    form = page.forms["invite-form"]
    form["name"], form["email"] = "Ректорова Ольга Павловна", "rector@iro.example"
    form["organisation"], form["role"] = "/66/iro", "school_head"
    res = form.submit("invite")
    assert "http://localhost/invitation?t=" in res.text
    with edit(tree) as site:
        assert "school_head" in effective_roles(node(site, "66/iro"), "rector@iro.example")
        assert node(site, "66/m1/uo").type_title == "Муниципальный орган управления образованием"
        assert [e.action for e in audit_log(site).select("/66", below=True, kind="orgs")[0]] == ["org_added"] * 2


def test_the_regional_operator_lands_on_what_is_missing_to_go_live(testapp, tree):
    login(testapp, "region66")
    home = testapp.get("/")
    assert "Запуск региона" in home.text
    assert "Мои организации" in home.text  # its places and tasks stay below
    row = home.html.find(id="start-66-coordinators")
    assert "не хватает" in row.text and "Муниципалитет 66-2" in row.text
    assert row.find("a")["href"] == "http://localhost/66/@@people#list"
    assert "готово" in home.html.find(id="start-66-orgs").text
    assert "Готово: 2 из 8." in home.text  # organisations and curators; six items missing
    # the federal operator's home has no start page; the region's page links to it
    login(testapp, "federal")
    assert "Запуск региона:" not in testapp.get("/").text
    assert "Аттестационные комиссии" in testapp.get("/66/@@start").text

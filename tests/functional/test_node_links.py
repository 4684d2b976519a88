"""Each role finds its work from the tree: the pages a node links to, by role and by region (oko_node_links)."""
from tests.factories import edit, login, make_user


def links_of(page):
    """The link buttons of a tree page's head, by their Russian titles."""
    return {a.text.strip(): a["href"] for a in page.html.select("a.btn")}


def test_a_regional_operator_starts_the_regions_projects_from_its_page(testapp, tree):
    login(testapp, "region66")
    links = links_of(testapp.get("/66/"))
    for title, view in (("Проект «500+»", "@@project500"), ("Аттестация руководителей", "@@leader-attestation"),
                        ("Мониторинг аттестации", "@@attestation-monitoring"),
                        ("Аттестация педагогов", "@@teachers"), ("Банк КИМ", "@@cmm")):
        assert links[title].endswith("/66/" + view)
    testapp.get(links["Мониторинг аттестации"], status=200)
    assert "Журнал консультаций" not in links


def test_krasnoyarsk_links_its_consultations_log_for_region_24_only(testapp, tree, hasher):
    with edit(tree) as site:
        make_user(site, "region24", hasher, [("regional_operator", "24")])
        make_user(site, "coordinator24", hasher, [("municipal_coordinator", "24/m1")])
    login(testapp, "region24")
    link = links_of(testapp.get("/24/"))["Журнал консультаций"]
    testapp.get(link, status=200)
    testapp.reset()
    login(testapp, "coordinator24")
    assert "Журнал консультаций" in links_of(testapp.get("/24/m1/"))


def test_a_school_head_finds_teacher_attestation_and_a_curator_does_not(testapp, tree):
    login(testapp, "head")
    links = links_of(testapp.get("/66/m1/s1/"))
    assert links["Аттестация педагогов"].endswith("/66/m1/s1/@@teachers")
    testapp.get(links["Аттестация педагогов"], status=200)
    testapp.reset()
    login(testapp, "curator")
    links = links_of(testapp.get("/66/m1/s1/"))
    assert "Аттестация педагогов" not in links and "Проект «500+»" not in links

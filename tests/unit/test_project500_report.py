"""The 500+ dashboards' domain: figures from counters, the drill-down, XLSX and SVG."""
import datetime
import io

import openpyxl
import pytest
from lxml import etree

from core.numbers import percent
from core.project500 import report, steps
from core.security.users import users_of
from tests.factories import edit, make_tree, make_user

YEAR = 2026
TODAY = datetime.date(2026, 2, 20)


def build(site, host, hasher, schools=4):
    """Regions 66 and 24, two municipalities of ``schools`` each; in 66 every school but 66-2-1 is enrolled.

    Then: profiles for m1's schools, the seminar for 66-1-1 and 66-1-2, a curator with a
    signed contract and a first visit for 66-1-1, and the seminar for 66-2-2.
    """
    make_tree(site, regions=("66", "24"), munis=2, schools=schools)
    make_user(site, "region66", hasher, [("regional_operator", "66")])
    make_user(site, "coordinator", hasher, [("municipal_coordinator", "66")])
    make_user(site, "curator", hasher)
    region = site["66"]
    codes = [f"66-{m}-{s}" for m in (1, 2) for s in range(1, schools + 1) if (m, s) != (2, 1)]
    steps.enrol(host, region, codes, YEAR, "region66")
    m1 = [c for c in codes if c.startswith("66-1-")]
    steps.import_risk_profiles(host, region, [(n, c, "staff_shortage", "high") for n, c in enumerate(m1, 2)],
                               YEAR, "region66")
    p = {c: steps.participation_of(site["66"][f"m{c.split('-')[1]}"][f"s{c.split('-')[2]}"], YEAR) for c in codes}
    for code in ("66-1-1", "66-1-2", "66-2-2"):
        steps.record_seminar(host, p[code], True, "coordinator")
    steps.assign_curator(host, p["66-1-1"], users_of(site)["curator"], "coordinator", "signed")
    steps.record_first_visit(host, p["66-1-1"], "curator", TODAY, {}, ["staff_shortage"])
    return p


@pytest.fixture
def project(db, host, hasher):
    """The ``build`` data, committed."""
    with edit(db) as site:
        build(site, host, hasher)
    return db


def by_code(figs):
    return {f.code: f for f in figs}


def test_figures_are_the_counters_as_shares_at_every_level(project, host):
    with edit(project) as site:
        m1 = by_code(report.figures(host, site["66"]["m1"], YEAR))
        assert (m1["surveyed"].count, m1["surveyed"].total, m1["surveyed"].share) == (4, 4, 1.0)
        assert (m1["seminar_attended"].count, m1["seminar_attended"].share) == (2, 0.5)
        assert m1["curator_visited"].count == 1 and m1["curator_visited"].missing == 3
        region = by_code(report.figures(host, site["66"], YEAR))
        assert region["seminar_attended"].count == 3 and region["seminar_attended"].total == 7
        federal = report.figures(host, site, YEAR)
        assert [f.code for f in federal] == [i["code"] for i in host.indicators(None)]
        assert by_code(federal)["seminar_attended"].share == 3 / 7
        empty = report.figures(host, site["24"], YEAR)
        assert all(f.total == 0 and f.share is None for f in empty)
        assert percent(2 / 3) == "66,7\u00a0%" and percent(None) == "—"


def test_figures_read_only_the_counters(project, host, monkeypatch):
    asked = []

    def fake_counts(node, year):
        asked.append(node.__name__)
        return {"_total": 10, "surveyed": 7}
    monkeypatch.setattr(report.indicators, "counts", fake_counts)
    with edit(project) as site:
        figs = by_code(report.figures(host, site["66"], YEAR))
        assert figs["surveyed"].share == 0.7 and figs["positive_changes"].count == 0
        rows = report.breakdown(host, site["66"], YEAR)
    assert asked == ["66", "m1", "m2"] and [r.total for r in rows] == [10, 10]


def test_breakdown_gives_each_municipality_or_region_its_own_shares(project, host):
    with edit(project) as site:
        rows = report.breakdown(host, site["66"], YEAR)
        assert [(r.code, r.total) for r in rows] == [("m1", 4), ("m2", 3)]
        assert by_code(rows[1].figures)["seminar_attended"].share == 1 / 3
        federal = report.breakdown(host, site, YEAR)
        assert [(r.code, r.total) for r in federal] == [("24", 0), ("66", 7)]
        assert report.breakdown(host, site["66"]["m1"], YEAR) == []


def test_years_and_the_default_year(project, host):
    with edit(project) as site:
        assert report.years(site["66"]) == [YEAR] and report.years(site["24"]) == []
        assert report.default_year(site["66"], datetime.date(YEAR, 5, 1)) == YEAR
        assert report.default_year(site["66"], datetime.date(YEAR + 1, 1, 10)) == YEAR
        assert report.default_year(site["24"], datetime.date(YEAR + 1, 1, 10)) == YEAR + 1


def _brute_force_missing(site, host, node, code):
    from core.project500.model import Participation
    from core.resources import path_of, walk
    return sorted(path_of(p) for p in walk(node)
                  if isinstance(p, Participation) and p.project_year == YEAR and code not in p.indicators_met)


@pytest.mark.parametrize("code", ["seminar_attended", "surveyed", "curator_visited", "positive_changes"])
def test_the_drill_down_lists_exactly_the_schools_not_meeting_an_indicator(project, host, code):
    from core.resources import path_of
    with edit(project) as site:
        for node in (site, site["66"], site["66"]["m1"], site["66"]["m2"], site["24"]):
            found, total = report.missing(node, YEAR, code)
            expected = _brute_force_missing(site, host, node, code)
            assert [path_of(p) for p in found] == expected and total == len(expected)
        # 66-2-2 meets nothing but the seminar; 66-2-3 meets nothing at all and is still listed
        found, _ = report.missing(site["66"]["m2"], YEAR, "seminar_attended")
        assert [p.code for p in found] == ["66-2-3", "66-2-4"]
        assert found[0].indicators_met == frozenset()


def test_the_drill_down_pages_through_many_schools(db, host, hasher):
    with edit(db) as site:
        build(site, host, hasher, schools=30)
        node = site["66"]
        expected = _brute_force_missing(site, host, node, "curator_visited")
        assert len(expected) == 58
        pages, offset = [], 0
        while True:
            found, total = report.missing(node, YEAR, "curator_visited", offset, report.PAGE_SIZE)
            assert total == 58
            if not found:
                break
            assert len(found) <= report.PAGE_SIZE
            pages.append(found)
            offset += report.PAGE_SIZE
        assert [len(p) for p in pages] == [25, 25, 8]
        from core.resources import path_of
        assert [path_of(p) for page in pages for p in page] == expected


def test_the_workbook_holds_the_figures_and_the_breakdown(project, host):
    with edit(project) as site:
        book = openpyxl.load_workbook(io.BytesIO(report.workbook(host, site["66"], YEAR)))
        assert book.sheetnames == ["Показатели", "По муниципалитетам"]
        sheet = book["Показатели"]
        assert "Свердловская область, 2026" in sheet["A1"].value
        assert [c.value for c in sheet[3]] == ["№", "Показатель", "Код", "Число ОО", "Всего ОО проекта", "Доля"]
        rows = {row[2]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
        assert rows["seminar_attended"][3:5] == (3, 7) and rows["seminar_attended"][5] == pytest.approx(3 / 7)
        assert sheet.cell(4, 6).number_format == "0.0%"
        other = book["По муниципалитетам"]
        header = [c.value for c in other[1]]
        assert header[:3] == ["Муниципалитет", "Код", "ОО проекта"]
        column = header.index("Доля ОО, принявших участие в установочном семинаре") + 1
        assert [(r[1].value, r[2].value, r[column - 1].value) for r in other.iter_rows(min_row=2)] == [
            ("m1", 4, 0.5), ("m2", 3, pytest.approx(1 / 3))]
        assert other.cell(2, column).number_format == "0.0%"
        schools = openpyxl.load_workbook(io.BytesIO(report.workbook(host, site["66"]["m1"], YEAR)))
        rows = list(schools["По школам"].iter_rows(min_row=2, values_only=True))
        assert [r[1] for r in rows] == ["66-1-1", "66-1-2", "66-1-3", "66-1-4"]
        header = [c.value for c in schools["По школам"][1]]
        assert [r[header.index("Доля ОО, посещённых куратором")] for r in rows] == [1, 0, 0, 0]
        assert header[2] == "Выполнено показателей" and [r[2] for r in rows] == [sum(r[3:]) for r in rows]
        assert rows[0][2] == 5  # surveyed, seminar, curator visited, risks activated, contract signed


def _parse(svg):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    return etree.fromstring(svg.encode("utf-8"), parser)


def test_a_municipality_chart_is_well_formed_svg_with_a_bar_per_indicator(project, host):
    ns = {"s": "http://www.w3.org/2000/svg"}
    with edit(project) as site:
        svg = _parse(report.node_chart(host, site["66"]["m1"], YEAR))
        assert svg.tag == "{http://www.w3.org/2000/svg}svg"
        bars = svg.findall("s:g[@class='bar']", ns)
        assert [b.get("data-key") for b in bars] == [i["code"] for i in host.indicators("66")]
        widths = {b.get("data-key"): float(b.find("s:rect[@class='value']", ns).get("width")) for b in bars}
        assert widths["surveyed"] == report.BAR_MAX and widths["seminar_attended"] == report.BAR_MAX / 2
        assert widths["positive_changes"] == 0
        assert svg.xpath("//s:script", namespaces=ns) == []
        chart = _parse(report.indicator_chart(host, site["66"], YEAR, "seminar_attended"))
        assert [b.get("data-key") for b in chart.findall("s:g[@class='bar']", ns)] == ["m1", "m2"]
        with pytest.raises(KeyError):
            report.indicator_chart(host, site["66"], YEAR, "no_such_indicator")


def test_chart_text_is_escaped(host):
    svg = _parse(report.bar_chart('<script>&"', [("a\"b", "<b>Школа</b> & Ко", 0.25, "25 %")]))
    assert svg.find("{http://www.w3.org/2000/svg}title").text == '<script>&"'
    assert svg.find("{http://www.w3.org/2000/svg}g").get("data-key") == 'a"b'


def test_the_catalog_of_participations_stays_as_a_full_reindex_would_leave_it(db, host, hasher):
    """The recount reindexes only what a step can change; nothing else may drift from the truth."""
    from hypatia.text import TextIndex

    from core.cases import fire
    from core.project500.model import DEVELOPMENT_CONCEPT, MEDIUM_TERM_PROGRAMME
    from core.resources import path_of
    from tests.unit.test_project500 import content
    with edit(db) as site:
        ps = build(site, host, hasher)
        make_user(site, "head", hasher, [("school_head", "66/m1/s1")])
        p = ps["66-1-1"]
        for kind in (DEVELOPMENT_CONCEPT, MEDIUM_TERM_PROGRAMME):
            doc = steps.save_concept_document(host, p, kind, "head", content())
            fire(host, doc, "submit", "head")
            fire(host, doc, "confirm" if kind == DEVELOPMENT_CONCEPT else "return", "curator", "Доработать")
        steps.record_professional_development(host, ps["66-2-4"], True, "coordinator")
        conn = site._p_jar
        conn.transaction_manager.commit()
        catalog, docmap = site.services["catalog"], site.services["docmap"]
        for q in ps.values():
            docid = docmap.docid_for(path_of(q))
            for name, index in catalog.items():
                # NB: a text index rewrites its entry even for the same text; titles never change here.
                if not isinstance(index, TextIndex):
                    index.reindex_doc(docid, q)
            assert conn._registered_objects == [], f"{q.code}: the catalog was out of date"
        assert catalog["awaiting"].applyAny(["school_head"]) and catalog["indicators"].applyAny(["seminar_attended"])

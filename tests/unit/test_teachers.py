"""Teacher attestation in the domain's terms: deadlines from D, the document rules, the region's
portfolio, the import, the deadline index, reminders."""
import csv
import datetime
import io

import openpyxl
import pytest
import transaction
import ZODB
from ZODB.DemoStorage import DemoStorage

from core import hookimpl
from core.bootstrap import bootstrap
from core.cli import main, open_site, overdue_tasks
from core.orgimport import ImportFailed
from core.plugins import Host, make_plugin_manager
from core.security.users import make_hasher
from core.teachers import dashboard, deadlines, importer, steps
from core.teachers.documents import required_documents
from core.teachers.model import teacher_key
from tests.factories import make_tree, make_user

TODAY = datetime.date.today()
D = TODAY + datetime.timedelta(days=40)


@pytest.fixture(scope="module")
def host():
    """The plugin host with the installed regional plugins."""
    return Host(make_plugin_manager())


@pytest.fixture
def site(host):
    """A site with the test tree, an officer of 66/m1/s1 and a coordinator of 66/m1 (not committed)."""
    db = ZODB.DB(DemoStorage())
    conn = db.open()
    root = bootstrap(conn.root())
    make_tree(root)
    hasher = make_hasher("fast")
    make_user(root, "officer", hasher, [("attestation_officer", "66/m1/s1"), ("attestation_officer", "24/m1/s1")])
    make_user(root, "coordinator", hasher, [("municipal_coordinator", "66/m1")])
    yield root
    transaction.abort()
    conn.close()
    db.close()


def school(site, region="66"):
    return site[region]["m1"]["s1"]


def test_each_deadline_is_counted_back_from_the_planned_date(host, site):
    d = steps.plan_teacher(host, school(site), "Иванова Анна", "subject_teacher", "first", D, "officer")
    found = deadlines.step_deadlines(host, "66", D)
    assert found["send_data"] == found["open_account"] == D - datetime.timedelta(days=20)
    assert found["upload_materials"] == D - datetime.timedelta(days=10)
    assert found["give_consent"] == D - datetime.timedelta(days=5)
    assert d.due == D - datetime.timedelta(days=20) and d.awaiting_roles == {"attestation_officer"}


class LateRegion:
    """A throwaway regional plugin for region 24: its own offsets and one more required document."""

    @hookimpl
    def oko_plugin_info(self):
        return {"name": "late24", "version": "0", "regions": ["24"]}

    @hookimpl
    def oko_deadlines(self, region, year):
        return {"teacher_materials_uploaded": datetime.timedelta(days=-14)}

    @hookimpl
    def oko_required_documents(self, region, post, dossier):
        return [{"code": "head_cover_letter", "withdrawn": True},
                {"code": "self_analysis", "title": "Самоанализ профессиональной деятельности"}]


def test_a_region_changes_the_offsets_and_the_document_list_through_its_plugin(site):
    host = Host(make_plugin_manager())
    host.register(LateRegion(), name="late24")
    d66 = steps.plan_teacher(host, school(site), "Иванова Анна", "subject_teacher", "first", D, "officer")
    d24 = steps.plan_teacher(host, school(site, "24"), "Иванова Анна", "subject_teacher", "first", D, "officer")
    assert deadlines.step_deadlines(host, "24", D)["upload_materials"] == D - datetime.timedelta(days=14)
    assert deadlines.step_deadlines(host, "66", D)["upload_materials"] == D - datetime.timedelta(days=10)
    d24.documents_agreed = d66.documents_agreed = False
    assert {x["code"] for x in required_documents(host, "24", d24)} == {"application", "results_description",
                                                                         "self_analysis"}
    assert "head_cover_letter" in {x["code"] for x in required_documents(host, "66", d66)}


@pytest.mark.parametrize("post, agreed, expected", [
    ("primary_teacher", True, {"application", "results_description", "lesson_technology_map"}),
    ("subject_teacher", True, {"application", "results_description"}),
    ("subject_teacher", False, {"application", "results_description", "head_cover_letter"}),
    ("primary_teacher", False, {"application", "results_description", "head_cover_letter", "lesson_technology_map"}),
])
def test_the_required_documents_follow_the_rules(host, site, post, agreed, expected):
    d = steps.plan_teacher(host, school(site), "Иванова Анна", post, "first", D, "officer")
    steps.set_documents_agreed(host, d, agreed, "officer")
    assert {x["code"] for x in required_documents(host, "66", d)} == expected


def test_sverdlovsk_rasat_portfolio_sections_and_criteria_are_for_region_66_only(host):
    federal = Host(make_plugin_manager(entrypoints=False))
    s66 = {s["code"] for s in host.portfolio_sections("66")}
    s24 = {s["code"] for s in host.portfolio_sections("24")}
    assert {"rasat_results", "rasat_objectivity", "rasat_talent"} <= s66
    assert not any(code.startswith("rasat") for code in s24)
    assert host.portfolio_sections("24") == federal.portfolio_sections("24")
    c66 = {c["code"] for c in host.review_criteria("66", "teacher_portfolio")}
    c24 = {c["code"] for c in host.review_criteria("24", "teacher_portfolio")}
    assert "rasat_rsoko_results" in c66 and "rasat_rsoko_results" not in c24
    # The 500+ criteria stay out of a teacher's portfolio review, and РАСАТ's out of the 500+ one.
    assert "goals_match_risks" not in c66 and "stable_results" in c24
    assert "rasat_rsoko_results" not in {c["code"] for c in host.review_criteria("66", "anti_risk_programme")}


def csv_bytes(rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(importer.COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def test_import_is_idempotent_and_reports_changes(host, site):
    rows = [("66-1-1", "Иванова Анна Петровна", "primary_teacher", "first", D.isoformat()),
            ("66-1-1", "Петров  Пётр", "учитель", "высшая", D.strftime("%d.%m.%Y")),
            ("24-1-2", "Сидорова Ольга", "subject_teacher", "position", D.isoformat())]
    report = importer.import_teachers(host, site, csv_bytes(rows), "t.csv", "officer")
    assert (report.added, report.updated, report.unchanged) == (3, 0, 0)
    again = importer.import_teachers(host, site, csv_bytes(rows), "t.csv", "officer")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
    later = D + datetime.timedelta(days=7)
    rows[0] = rows[0][:4] + (later.isoformat(),)
    moved = importer.import_teachers(host, site, csv_bytes(rows), "t.csv", "officer")
    assert (moved.added, moved.updated, moved.unchanged) == (0, 1, 2)
    index = deadlines.region_index(site, "66")
    assert index.count("send_data") == 2
    assert (later - datetime.timedelta(days=20)).toordinal() in index.by_day
    assert deadlines.region_index(site, "24").count("send_data") == 1


def test_a_bad_import_file_names_every_line_and_changes_nothing(host, site):
    past = TODAY - datetime.timedelta(days=3)
    rows = [("66-1-1", "Иванова Анна", "primary_teacher", "first", D.isoformat()),
            ("nope", "Петров Пётр", "subject_teacher", "first", D.isoformat()),
            ("66-1-1", "Сидорова Ольга", "директор", "first", past.isoformat()),
            ("66-1-1", "иванова  анна", "primary_teacher", "first", D.isoformat())]
    with pytest.raises(ImportFailed) as failed:
        importer.import_teachers(host, site, csv_bytes(rows), "t.csv", "officer")
    text = "\n".join(failed.value.errors)
    assert "Строка 3: школы с кодом «nope» нет в базе" in text
    assert "Строка 4: неизвестная должность «директор»" in text
    assert "Строка 5" in text and "уже есть в строке 2" in text
    assert deadlines.region_index(site, "66") is None
    assert not any(name.startswith("teachers-") for name in school(site).keys())


def test_import_reads_xlsx_with_russian_headers_and_dates(host, site):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Код ОО", "ФИО", "Должность", "Цель аттестации", "Планируемая дата"])
    sheet.append(["66-1-1", "Иванова Анна", "учитель начальных классов", "первая", datetime.datetime.combine(D, datetime.time())])
    out = io.BytesIO()
    book.save(out)
    progress = []
    report = importer.import_teachers(host, site, out.getvalue(), "t.xlsx", "officer", progress=progress.append)
    assert report.added == 1 and progress == [1]
    d = school(site)[f"teachers-{steps.school_year_of(D)}"][teacher_key("66-1-1", "Иванова Анна")[0]]
    assert (d.post, d.category, d.planned) == ("primary_teacher", "first", D)


def test_overdue_steps_of_the_region_come_from_its_index_earliest_first(host, site):
    soon, later = TODAY + datetime.timedelta(days=21), TODAY + datetime.timedelta(days=60)
    a = steps.plan_teacher(host, school(site), "Первая Анна", "subject_teacher", "first", soon, "officer")
    b = steps.plan_teacher(host, school(site), "Вторая Ольга", "subject_teacher", "first", later, "officer")
    found = dashboard.overdue_page(site["66"], TODAY + datetime.timedelta(days=30))
    assert found["total"] == 1 and found["rows"] == [a]
    found = dashboard.overdue_page(site["66"], TODAY + datetime.timedelta(days=50))
    assert found["rows"] == [a, b] and found["by_step"]["send_data"] == 2
    steps.send_data(host, a, "officer")
    assert dashboard.overdue_page(site["66"], TODAY + datetime.timedelta(days=50))["by_step"]["open_account"] == 1
    assert dashboard.overdue_page(site["24"], TODAY + datetime.timedelta(days=50))["total"] == 0
    assert dashboard.overdue_page(site["66"], TODAY + datetime.timedelta(days=50), under="/66/m2")["total"] == 0


def test_a_municipality_pages_through_its_own_overdue_teachers_only(host, site):
    make_user(site, "region-officer", make_hasher("fast"), [("attestation_officer", "66")])
    day = TODAY + datetime.timedelta(days=21)
    planned = [steps.plan_teacher(host, site["66"][muni][school], name, "subject_teacher", "first",
                                  day + datetime.timedelta(days=n), "region-officer")
               for n, (muni, school, name) in enumerate([("m1", "s1", "Первая Анна"), ("m2", "s1", "Вторая Ольга"),
                                                         ("m1", "s2", "Третья Вера"), ("m1", "s1", "Четвёртая Ия")])]
    late = TODAY + datetime.timedelta(days=60)
    first = dashboard.overdue_page(site["66"], late, 0, 2, under="/66/m1")
    assert first["total"] == 3 and first["rows"] == [planned[0], planned[2]] and first["by_step"] == {}
    assert dashboard.overdue_page(site["66"], late, 2, 2, under="/66/m1")["rows"] == [planned[3]]
    assert dashboard.overdue_page(site["66"], late, under="/66/m2")["rows"] == [planned[1]]
    assert dashboard.overdue_page(site["66"], late, under="/66/m1/s2")["rows"] == [planned[2]]
    # a dossier taken out of the plan leaves its municipality's list
    index = deadlines.region_index(site, "66")
    index.forget(planned[0].uid, planned[0].step, planned[0].due)
    assert dashboard.overdue_page(site["66"], late, under="/66/m1")["rows"] == [planned[2], planned[3]]


def test_the_evolve_step_files_the_dossiers_of_an_old_index_under_their_municipalities(host, site):
    from core.teachers.evolve import teachers_by_municipality
    make_user(site, "region-officer", make_hasher("fast"), [("attestation_officer", "66")])
    a = steps.plan_teacher(host, site["66"]["m1"]["s1"], "Первая Анна", "subject_teacher", "first", D, "region-officer")
    b = steps.plan_teacher(host, site["66"]["m2"]["s1"], "Вторая Ольга", "subject_teacher", "first", D,
                           "region-officer")
    index = deadlines.region_index(site, "66")
    del index.by_municipality  # as an index stored before the step: the class's None
    late = D + datetime.timedelta(days=1)
    # before the step, the paths are read: slower, the same answer
    assert dashboard.overdue_page(site["66"], late, under="/66/m2")["rows"] == [b]
    teachers_by_municipality(site)
    assert {m: list(u) for m, u in index.by_municipality.items()} == {"/66/m1": [a.uid], "/66/m2": [b.uid]}
    assert dashboard.overdue_page(site["66"], late, under="/66/m1")["rows"] == [a]


def test_oko_remind_includes_overdue_teacher_steps(host, site):
    d = steps.plan_teacher(host, school(site), "Иванова Анна", "subject_teacher", "first", D, "officer")
    tasks = overdue_tasks(site, host, D - datetime.timedelta(days=19))
    assert [t[3] for t in tasks["officer"]] == ["передать данные педагога районному координатору: Иванова Анна"]
    steps.send_data(host, d, "officer")
    tasks = overdue_tasks(site, host, D - datetime.timedelta(days=19))
    assert "officer" not in tasks and "открыть личный кабинет" in tasks["coordinator"][0][3]
    assert overdue_tasks(site, host, D - datetime.timedelta(days=21)) == {}


def test_import_teachers_command_refuses_a_bad_file_and_loads_a_good_one(tmp_path, capsys):
    ini = tmp_path / "test.ini"
    ini.write_text(f"""[app:main]
use = egg:oko-case
zodbconn.uri = file://{tmp_path}/Data.fs?blobstorage_dir={tmp_path}/blobs
oko.secret = test-secret-0123456789abcdef0123456789
oko.argon2 = fast
""")
    with open_site(str(ini)) as (root, _):
        make_tree(root, regions=("66",))
        transaction.commit()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([("66-1-1", "Иванова Анна", "primary_teacher", "first", "32.13.2026")]))
    assert main(["-c", str(ini), "import-teachers", "-q", str(bad)]) == 2
    assert "Строка 2" in capsys.readouterr().err
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes([("66-1-1", "Иванова Анна", "primary_teacher", "first", D.isoformat())]))
    assert main(["-c", str(ini), "import-teachers", "-q", str(good)]) == 0
    assert "Педагогов добавлено: 1" in capsys.readouterr().out
    assert main(["-c", str(ini), "import-teachers", "-q", str(good)]) == 0
    assert "добавлено: 0, обновлено: 0, без изменений: 1" in capsys.readouterr().out

"""The teachers' import at scale, in the domain's terms: a shuffled file lands as a sorted one does,
each school's year is written once per import, and a dossier keeps everything it is told."""
import collections
import datetime
import io
import random

import openpyxl
import pytest
import transaction
import ZODB
from persistent import Persistent
from ZODB.DemoStorage import DemoStorage
from ZODB.FileStorage import FileStorage
from ZODB.utils import get_pickle_metadata

from core.bootstrap import bootstrap
from core.cli import main, open_site
from core.docinspect.tables import TableRefused, file_rows, table_rows
from core.orgimport import ImportFailed
from core.plugins import Host, make_plugin_manager
from core.resources import path_of
from core.security.users import make_hasher
from core.teachers import deadlines, importer, steps
from core.teachers.model import AttestationYear, TeacherDossier
from tests.factories import make_tree, make_user
from tests.unit.test_teachers import csv_bytes

TODAY = datetime.date.today()


@pytest.fixture(scope="module")
def host():
    """The plugin host with the installed regional plugins."""
    return Host(make_plugin_manager())


def teachers_of_three_regions(per_school=7):
    """Teachers school by school, as a region's list is put together: some planned next school year."""
    rnd = random.Random(5)
    rows = []
    for region in ("66", "24", "54"):
        for m in (1, 2):
            for s in (1, 2, 3):
                for n in range(per_school):
                    planned = TODAY + datetime.timedelta(days=25 + rnd.randrange(400))
                    rows.append((f"{region}-{m}-{s}", f"Педагог {region} {m} {s} Номер {n}",
                                 rnd.choice(("subject_teacher", "educator")), rnd.choice(("first", "highest")),
                                 planned.isoformat()))
    return rows


def opened(storage):
    db = ZODB.DB(storage)
    conn = db.open()
    root = bootstrap(conn.root())
    make_tree(root)
    transaction.commit()
    return db, conn, root


def what_is_stored(site):
    """Everything the import is meant to write, by path (ids aside: they are the clock's)."""
    years, dossiers, index = {}, {}, {}
    for region in site.values():
        for muni in region.values():
            for school in muni.values():
                for name, year in school.items():
                    if isinstance(year, AttestationYear):
                        years[path_of(year)] = (year.awaiting_roles, year.due, len(year))
                        for d in year.dossiers():
                            dossiers[path_of(d)] = (d.full_name, d.post, d.category, d.planned, d.due, d.step,
                                                    d.awaiting_roles, index_path(site, d))
        found = deadlines.region_index(site, region.code)
        if found is not None:
            index[region.code] = ({step: found.count(step) for step in found.steps},
                                  {day: sorted(found.paths[uid] for uid in uids) for day, uids in found.by_day.items()})
    catalog = site.services["catalog"]
    awaited = sorted(site.services["docmap"].path_for(docid) for docid in
                     catalog["awaiting"].eq("attestation_officer").execute().all(resolve=False))
    return years, dossiers, index, awaited


def index_path(site, dossier):
    return deadlines.region_index(dossier).paths[dossier.uid]


def test_a_shuffled_file_lands_as_the_sorted_one_does(host, monkeypatch):
    # NB: small batches, so that the shuffled file's schools are spread over many of them.
    monkeypatch.setattr(importer, "BATCH", 10)
    rows = teachers_of_three_regions()
    shuffled = rows[:]
    random.Random(1).shuffle(shuffled)
    stored = []
    for lines in (rows, shuffled):
        db, conn, site = opened(DemoStorage())
        try:
            report = importer.import_teachers(host, site, csv_bytes(lines), "t.csv", "officer",
                                              commit=transaction.commit)
            assert (report.added, report.updated, report.unchanged) == (len(rows), 0, 0)
            stored.append(what_is_stored(site))
        finally:
            transaction.abort()
            conn.close()
            db.close()
    sorted_file, shuffled_file = stored
    assert sorted_file == shuffled_file
    years, dossiers, index, awaited = sorted_file
    assert len(dossiers) == len(rows) and sum(n for _, _, n in years.values()) == len(rows)
    assert sum(index["66"][0].values()) == len(rows) // 3
    assert awaited == sorted(years)


def test_each_school_year_is_written_once_by_an_import_of_a_shuffled_file(host, tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "BATCH", 10)
    rows = teachers_of_three_regions()
    random.Random(2).shuffle(rows)
    storage = FileStorage(str(tmp_path / "Data.fs"))
    db, conn, site = opened(storage)
    try:
        before = storage.lastTransaction()
        importer.import_teachers(host, site, csv_bytes(rows), "t.csv", "officer", commit=transaction.commit)
        writes, commits = collections.Counter(), 0
        for txn in storage.iterator(start=before):
            if txn.tid == before:
                continue
            commits += 1
            for record in txn:
                if get_pickle_metadata(record.data)[1] in ("AttestationYear", "TeacherDossier"):
                    writes[record.oid] += 1
        assert commits > 3
        assert len(writes) == len(rows) + len({(r[0], steps.school_year_of(datetime.date.fromisoformat(r[4])))
                                              for r in rows})
        assert set(writes.values()) == {1}
        # The same file again changes nothing, so nothing is written.
        last = storage.lastTransaction()
        again = importer.import_teachers(host, site, csv_bytes(rows), "t.csv", "officer", commit=transaction.commit)
        assert (again.added, again.unchanged) == (0, len(rows)) and storage.lastTransaction() == last
    finally:
        transaction.abort()
        conn.close()
        db.close()


def test_a_bad_line_of_a_shuffled_file_is_named_by_its_line_in_the_file(host):
    db, conn, site = opened(DemoStorage())
    try:
        rows = teachers_of_three_regions(2)
        rows.insert(17, rows[3][:1] + ("  " + rows[3][1].upper(),) + rows[3][2:])
        later = (TODAY + datetime.timedelta(days=30)).isoformat()
        rows.insert(30, ("66-1-1", "Новикова Анна", "директор", "first", later))
        rows.append(("66-1-1", "Новикова  Анна", "educator", "first", later))
        with pytest.raises(ImportFailed) as failed:
            importer.import_teachers(host, site, csv_bytes(rows), "t.csv", "officer")
        twin = rows[17][1].strip()
        assert failed.value.errors == [
            f"Строка 19: педагог «{twin}» школы {rows[3][0]} уже есть в строке 5.",
            "Строка 32: неизвестная должность «директор».",
            f"Строка {len(rows) + 1}: педагог «Новикова Анна» школы 66-1-1 уже есть в строке 32."]
        assert deadlines.region_index(site, "66") is None
    finally:
        transaction.abort()
        conn.close()
        db.close()


def test_a_dossier_keeps_all_it_is_told_through_the_database(host, tmp_path, monkeypatch):
    db = ZODB.DB(FileStorage(str(tmp_path / "Data.fs")))
    conn = db.open()
    site = bootstrap(conn.root())
    make_tree(site)
    make_user(site, "officer", make_hasher("fast"), [("attestation_officer", "66/m1/s1")])
    planned = TODAY + datetime.timedelta(days=40)
    d = steps.plan_teacher(host, site["66"]["m1"]["s1"], "Иванова Анна", "subject_teacher", "first", planned, "officer")
    steps.send_data(host, d, "officer")
    path = path_of(d)
    old = site["66"]["m1"]["s1"]["teachers-%d" % steps.school_year_of(planned)]
    transaction.commit()
    # A dossier stored before the lean state, as a plain dict of its attributes.
    with monkeypatch.context() as m:
        m.setattr(TeacherDossier, "__getstate__", Persistent.__getstate__)
        old.add("t0000000000000007", TeacherDossier(7, "Петров Пётр", "educator", "highest", planned))
        transaction.commit()
    expected = {k: v for k, v in vars(d).items() if not k.startswith("_p_")}
    conn.close()
    again = db.open()
    try:
        found = again.root()["oko"]
        loaded = found["66"]["m1"]["s1"][path.split("/")[-2]][path.split("/")[-1]]
        assert {k: v for k, v in vars(loaded).items() if not k.startswith("_p_")} == expected
        assert loaded.step == "open_account" and loaded.planned == planned and loaded.journal[0].step == "planned"
        assert loaded.__parent__.__parent__.code == "66-1-1"
        old_one = loaded.__parent__["t0000000000000007"]
        assert (old_one.full_name, old_one.planned, old_one.due, old_one.step) == ("Петров Пётр", planned, None,
                                                                                    "send_data")
    finally:
        again.close()
        db.close()


def test_a_batch_of_new_dossiers_lands_in_the_index_as_one_by_one_would():
    one, bulk = deadlines.RegionDeadlines(), deadlines.RegionDeadlines()
    days = [TODAY + datetime.timedelta(days=n % 5) for n in range(40)] + [None]
    uids = deadlines.new_uids(one, len(days))
    paths = [f"/66/m{n % 3}/s1/y/t{uid}" for n, uid in enumerate(uids)]
    for uid, path, day in zip(uids, paths, days):
        one.place(uid, path, None, None, "send_data", day)
    bulk.add_new("send_data", list(zip(uids, paths, days)))
    assert dict(one.paths.items()) == dict(bulk.paths.items())
    assert {d: list(s) for d, s in one.by_day.items()} == {d: list(s) for d, s in bulk.by_day.items()}
    assert {m: list(s) for m, s in one.by_municipality.items()} == \
        {m: list(s) for m, s in bulk.by_municipality.items()}
    assert sorted(bulk.by_municipality) == ["/66/m0", "/66/m1", "/66/m2"]
    assert one.count("send_data") == bulk.count("send_data") == 41
    # Ids made one by one later fall after the block.
    assert deadlines.new_uid(bulk) > max(uids)


def test_a_file_not_in_utf8_is_refused_naming_its_line_and_a_semicolon_file_is_read(host):
    db, conn, site = opened(DemoStorage())
    try:
        planned = (TODAY + datetime.timedelta(days=30)).strftime("%d.%m.%Y")
        text = f"school_code;full_name;post;category;planned_date\n66-1-1;Иванова Анна;учитель;первая;{planned}\n"
        with pytest.raises(ImportFailed) as failed:
            importer.import_teachers(host, site, (text + "66-1-2;Петров Пётр;учитель;высшая;" + planned + "\n")
                                     .encode("cp1251"), "t.csv", "officer")
        assert failed.value.errors[0].startswith("Строка 2: файл не в кодировке UTF-8")
        assert deadlines.region_index(site, "66") is None
        text = text.replace("school_code;full_name;post;category;planned_date",
                            "Код ОО;ФИО;Должность;Категория;Дата аттестации")
        report = importer.import_teachers(host, site, text.encode("utf-8-sig"), "t.csv", "officer")
        assert report.added == 1
        d = site["66"]["m1"]["s1"].values()[0].dossiers()[0]
        assert (d.full_name, d.post, d.category) == ("Иванова Анна", "subject_teacher", "first")
    finally:
        transaction.abort()
        conn.close()
        db.close()


def test_the_command_commits_in_batches_and_drops_each_batch_from_memory(tmp_path, monkeypatch, capsys):
    """`oko import-teachers` commits every BATCH lines and empties the connection's cache after each commit,
    so a million dossiers never live in memory at once."""
    ini = tmp_path / "test.ini"
    ini.write_text(f"[app:main]\nuse = egg:oko-case\nzodbconn.uri = file://{tmp_path}/Data.fs\n"
                   f"oko.secret = test-secret-0123456789abcdef0123456789\noko.argon2 = fast\n", encoding="utf-8")
    with open_site(str(ini)) as (site, _):
        make_tree(site, regions=("66",), munis=2, schools=5)
        transaction.commit()
    day = TODAY + datetime.timedelta(days=40)
    rows = [(f"66-{m}-{s}", f"Иванова Анна {n}", "subject_teacher", "first", day.isoformat())
            for m in (1, 2) for s in range(1, 6) for n in range(60)]
    data = tmp_path / "teachers.csv"
    data.write_bytes(csv_bytes(rows))
    monkeypatch.setattr(importer, "BATCH", 100)
    live, commits = [], []
    real_apply_school, real_commit = importer._apply_school, transaction.commit

    def apply_school(writer, report, school, *args):
        # NB: how many objects hold their state in memory before each school is written.
        live.append(school._p_jar._cache.cache_non_ghost_count)
        return real_apply_school(writer, report, school, *args)

    monkeypatch.setattr(importer, "_apply_school", apply_school)
    monkeypatch.setattr(transaction, "commit", lambda: commits.append(1) or real_commit())
    assert main(["-c", str(ini), "import-teachers", "-q", str(data)]) == 0
    assert "Педагогов добавлено: 600" in capsys.readouterr().out
    # a school's 60 at a time, a commit whenever 100 are written: after the 2nd, 4th, ... school, and at the end
    assert len(commits) == 6 and len(live) == 10
    # Right after a commit nothing is left in memory but what the next school reads again; without
    # the cache emptied, the 600 dossiers written so far would all be there.
    assert max(live[2::2]) < 60, live
    with open_site(str(ini)) as (site, _):
        assert sum(count() for count in site.services["teacher_deadlines"]["66"].steps.values()) == 600


def test_a_file_is_read_from_the_disk_as_its_bytes_are(tmp_path):
    """``file_rows`` gives the rows ``table_rows`` gives of the same file's bytes, a CSV's or a book's."""
    rows = [("66-1-1", "Иванова Анна", "учитель", "первая", "01.10.2030"), ("66-1-2", "Пётр", "", "", "")]
    book = openpyxl.Workbook()
    book.active.append(importer.COLUMNS)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    text = ";".join(importer.COLUMNS) + "\n" + "".join(";".join(row) + "\n" for row in rows)
    for name, data in (("t.csv", text.encode("utf-8-sig")), ("t.xlsx", out.getvalue()), ("t.dat", out.getvalue())):
        path = tmp_path / name
        path.write_bytes(data)
        assert list(file_rows(path)) == list(table_rows(data, name))
        assert len(list(file_rows(path))) == 3
    path = tmp_path / "cp1251.csv"
    path.write_bytes(text.encode("cp1251"))
    with pytest.raises(TableRefused) as refused:
        list(file_rows(path))
    assert refused.value.errors[0].startswith("Строка 2: файл не в кодировке UTF-8")

"""The `oko` command: import, generation, demo, evolve, workflows."""
import csv
from pathlib import Path

import pytest

from core.cli import main
from core.orgimport import COLUMNS


@pytest.fixture
def ini(tmp_path):
    """An ini file pointing at an embedded database in a temporary folder."""
    path = tmp_path / "test.ini"
    path.write_text(f"""[app:main]
use = egg:oko-case
zodbconn.uri = file://{tmp_path}/Data.fs?blobstorage_dir={tmp_path}/blobs
oko.secret = test-secret-0123456789abcdef0123456789
oko.argon2 = fast
""")
    return str(path)


def test_import_orgs_loads_a_generated_file_and_reimport_changes_nothing(ini, tmp_path, capsys):
    orgs = tmp_path / "orgs.csv"
    assert main(["gen-orgs", "--schools", "300", "-o", str(orgs)]) == 0
    with open(orgs, encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == list(COLUMNS) and len(rows) == 301
    assert len({r[0] for r in rows[1:]}) > 60
    assert main(["-c", ini, "import-orgs", "-q", str(orgs)]) == 0
    assert "школ добавлено: 300" in capsys.readouterr().out
    assert main(["-c", ini, "import-orgs", "-q", str(orgs)]) == 0
    assert "школ добавлено: 0, обновлено: 0, перемещено: 0, без изменений: 300" in capsys.readouterr().out


def test_a_bad_import_file_changes_nothing_and_names_the_line(ini, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text(",".join(COLUMNS) + "\n66,Свердловская область,ekb,Екатеринбург,s1,Школа 1,urban\n")
    assert main(["-c", ini, "import-orgs", "-q", str(good)]) == 0
    bad = tmp_path / "bad.csv"
    bad.write_text(",".join(COLUMNS) + "\n66,Свердловская область,ekb,Екатеринбург,s2,Школа 2,urban\n"
                   "66,Свердловская область,ekb,Екатеринбург,s3,Школа 3,гимназия\n")
    capsys.readouterr()
    assert main(["-c", ini, "import-orgs", "-q", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "в базе ничего не изменилось" in err and "Строка 3" in err
    from core.cli import open_site
    with open_site(ini) as (site, _):
        assert list(site["66"]["ekb"].keys()) == ["s1"]


def host_of(ini):
    """The plugin host of the application the settings of ``ini`` make."""
    from core.cli.common import host, settings_of
    return host(settings_of(ini))


def test_demo_builds_every_role_and_enough_schools(ini, capsys):
    from core.resources import Municipality, School
    from core.security.roles import ROLES
    assert main(["-c", ini, "demo", "--if-empty"]) == 0
    out = capsys.readouterr().out
    for title in ROLES.values():
        assert title in out
    # The users the verticals' demos add are printed with the others.
    for login in ("expert2", "expert3", "candidate", "cmm_federal"):
        assert f"\n  {login} " in out, login
    from core.cli import open_site
    with open_site(ini) as (site, _):
        assert set(site.keys()) >= {"66", "24", "54"}
        for region in ("66", "24", "54"):
            assert len(site[region]) >= 3
            kinds = [s.school_type for m in site[region].values() if isinstance(m, Municipality)
                     for s in m.values() if isinstance(s, School)]
            for kind in ("urban", "rural", "small"):
                assert kinds.count(kind) >= 60
        ekb = site["66"]["ekaterinburg"]
        assert len(ekb["acts"]) == 1
        # Demo users log in with the password README prints, no change asked first.
        from core.security.users import users_of
        assert not [u.login for u in users_of(site).values() if u.must_change_password]
        assert sum(1 for s in ekb.values() if isinstance(s, School) and "500plus-" in " ".join(s.keys())) == 12
        # The results' analysis: a few clusters, a few flags, a proposed low-results list and a draft for one school.
        from core.results import objectivity
        from core.results.model import region_bank
        bank = region_bank(site, "66")
        assert 2 <= bank.clustering.k <= 8
        flags = [f for _, found in objectivity.flags(host_of(ini), site["66"], bank) for f in found]
        assert {"vpr_above_exams", "jump"} <= {f.rule for f in flags} and len({f.school.code for f in flags}) < 40
        [listed] = bank.low_lists.values()
        assert 1 <= len(listed.proposed) < 30 and not listed.accepted
        assert len(bank.recommendations) == 1
    assert main(["-c", ini, "demo", "--if-empty"]) == 0
    assert "curator" in capsys.readouterr().out


def test_evolve_runs_pending_steps_once(ini, capsys):
    import transaction

    from core.cli import open_site
    from core.evolve import latest
    with open_site(ini) as (site, _):
        site.evolve_version = 0
        del site.services["catalog"]["due"]
        transaction.commit()
    assert main(["-c", ini, "evolve"]) == 0
    out = capsys.readouterr().out
    assert "Шаг 1" in out and "Шаг 2" in out
    with open_site(ini) as (site, _):
        assert "due" in site.services["catalog"] and site.evolve_version == latest()
    assert main(["-c", ini, "evolve"]) == 0
    assert "в актуальном состоянии" in capsys.readouterr().out


def test_workflows_prints_the_regions_variant(capsys):
    assert main(["workflows", "--region", "24"]) == 0
    assert "переход withdraw" in capsys.readouterr().out
    assert main(["workflows", "--region", "66"]) == 0
    assert "переход withdraw" not in capsys.readouterr().out


def test_templates_reports_every_template_in_order(capsys):
    assert main(["templates"]) == 0
    assert "Шаблоны документов в порядке." in capsys.readouterr().out
    assert main(["templates", "--region", "66"]) == 0
    out = capsys.readouterr().out
    federal = sorted(p.stem for p in (Path(__file__).parents[2] / "docs_templates").glob("*.docx"))
    assert f"Проверено шаблонов: {len(federal) + 1}" in out
    assert [line.split()[1] for line in out.splitlines() if line.startswith("  ✓")] == federal + ["monitoring_report"]
    assert "  ✓ regulation_attestation_commission (федеральный): docs_templates/regulation_attestation_commission.docx" in out
    assert "  ✓ monitoring_report (регион 66): regional_overrides/66/templates/monitoring_report.docx" in out

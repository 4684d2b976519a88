"""`oko import-roadmap`: the preview as JSON writes nothing; the import again changes nothing; a bad file is refused."""
import json

import pytest

from core import roadmaps
from core.cli import main
from core.cli.common import open_site
from core.orgimport import COLUMNS
from tests.roadmap_seeds import Grid, build_docx, seed_docx, seed_filename

MEASURE_KEYS = {"number", "text", "period", "level", "section", "year", "responsible", "result"}


@pytest.fixture
def ini(tmp_path):
    """An ini file of an embedded database holding region 66 with one municipality and one school."""
    path = tmp_path / "test.ini"
    path.write_text(f"""[app:main]
use = egg:oko-case
zodbconn.uri = file://{tmp_path}/Data.fs?blobstorage_dir={tmp_path}/blobs
oko.secret = test-secret-0123456789abcdef0123456789
oko.argon2 = fast
""")
    orgs = tmp_path / "orgs.csv"
    orgs.write_text(",".join(COLUMNS) + "\n66,Свердловская область,ekb,Екатеринбург,s1,Школа 1,urban\n")
    assert main(["-c", str(path), "import-orgs", "-q", str(orgs)]) == 0
    return str(path)


def stored(ini, path="/66"):
    with open_site(ini) as (site, _):
        node = site
        for name in filter(None, path.split("/")):
            node = node[name]
        return [(r.title, len(r)) for r in roadmaps.roadmaps_of(node)]


def test_preview_as_json_prints_every_measure_in_document_order_and_writes_nothing(ini, tmp_path, capsys):
    document = tmp_path / seed_filename(2)
    document.write_bytes(seed_docx(2))
    capsys.readouterr()
    assert main(["-c", ini, "import-roadmap", str(document), "--at", "/66", "--preview", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["measures"]) == 446 and out["problems"] == []
    assert all(set(m) == MEASURE_KEYS for m in out["measures"])
    first = out["measures"][0]
    # keys a table lacks are null: 002 has no numbers, dates, responsible or results, only years and levels
    assert (first["number"], first["period"], first["responsible"], first["result"]) == (None, None, None, None)
    assert (first["level"], first["section"], first["year"]) == ("region", "Система оценки качества подготовки "
                                                                            "обучающихся", 2019)
    assert [m["level"] for m in out["measures"][:3]] == ["region", "region", "municipality"]
    assert stored(ini) == []


def test_preview_as_json_of_a_dated_roadmap_gives_the_period_as_written_and_read(ini, tmp_path, capsys):
    document = tmp_path / seed_filename(0)
    document.write_bytes(seed_docx(0))
    capsys.readouterr()
    assert main(["-c", ini, "import-roadmap", str(document), "--at", "/", "--preview", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["measures"]) == 76
    first = out["measures"][0]
    assert first["number"] == "1" and first["level"] == "federal" and first["year"] is None
    assert first["period"]["text"] == "10 ноября 2021 года" and first["period"]["kind"] == "date"
    assert first["period"]["start"] == "2021-11-10"
    assert first["responsible"] == "Разработчик Министерство просвещения РФ"
    assert out["problems"] == [{"table": 17, "row": 5, "severity": "warning",
                                "message": "пустая строка «26.» пропущена."}]


def test_import_then_again_changes_nothing(ini, tmp_path, capsys):
    document = tmp_path / seed_filename(4)
    document.write_bytes(seed_docx(4))
    assert main(["-c", ini, "import-roadmap", str(document), "--at", "/66/ekb", "--title", "Дорожная карта 500+"]) == 0
    assert "создана: новых мероприятий 28" in capsys.readouterr().out
    assert stored(ini, "/66/ekb") == [("Дорожная карта 500+", 28)]
    assert main(["-c", ini, "import-roadmap", str(document), "--at", "/66/ekb"]) == 0
    assert "ничего не изменилось (28 мероприятий)" in capsys.readouterr().out


def test_a_bad_file_or_place_is_refused_and_nothing_written(ini, tmp_path, capsys):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(build_docx([Grid([["Сроки", "Мероприятие"], ["Май 2022", ""]])]))
    assert main(["-c", ini, "import-roadmap", str(bad), "--at", "/66"]) == 2
    err = capsys.readouterr().err
    assert "в базе ничего не изменилось" in err and "Таблица 1, строка 2: нет текста мероприятия" in err
    assert main(["-c", ini, "import-roadmap", str(bad), "--at", "/66", "--preview", "--json"]) == 2
    out = json.loads(capsys.readouterr().out)
    assert out["measures"] == [] and out["problems"][0]["severity"] == "error"
    assert main(["-c", ini, "import-roadmap", str(bad), "--at", "/77"]) == 2
    assert "«/77»: нет такого органа" in capsys.readouterr().err
    assert main(["-c", ini, "import-roadmap", str(tmp_path / "none.docx"), "--at", "/66"]) == 2
    assert stored(ini) == []

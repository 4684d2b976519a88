"""`oko cmm-import` and `oko cmm-export`: the federal demo bank in, a package out, a bad file changes nothing."""
import io
import zipfile

from core.cli import main
from tests.unit.test_cli import ini  # noqa: F401  (fixture)


def test_the_federal_demo_bank_goes_in_and_comes_out_as_a_qti_package(ini, tmp_path, capsys):  # noqa: F811
    assert main(["-c", ini, "cmm-import", "--federal-demo", "--publish"]) == 0
    assert "новых 64" in capsys.readouterr().out
    out = tmp_path / "bank.zip"
    assert main(["-c", ini, "cmm-export", "--published", "-o", str(out)]) == 0
    names = zipfile.ZipFile(io.BytesIO(out.read_bytes())).namelist()
    assert len([n for n in names if n.startswith("items/")]) == 64
    assert main(["-c", ini, "cmm-import", str(out)]) == 0
    assert "новых 0, с новой версией 0" in capsys.readouterr().out


def test_a_malformed_file_is_refused_and_the_bank_stays_empty(ini, tmp_path, capsys):  # noqa: F811
    bad = tmp_path / "bad.xml"
    bad.write_text('<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="x">'
                   '<itemBody><p>Текст</p></itemBody></assessmentItem>', encoding="utf-8")
    assert main(["-c", ini, "cmm-import", str(bad)]) == 2
    assert "нет поддерживаемого взаимодействия" in capsys.readouterr().err
    assert main(["-c", ini, "cmm-export", "-o", str(tmp_path / "x.zip")]) == 1

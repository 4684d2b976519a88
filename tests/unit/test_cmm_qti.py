"""QTI 2.1: export then import gives the same items; malformed and hostile files import nothing."""
import io
import zipfile

import pytest

from core.cmm import bank, qti
from core.cmm.federal import read_items
from core.cmm.model import ItemVersion, bank_of
from core.cmm.validation import clean_item
from tests.factories import edit
from tests.unit.test_cmm_bank import cmm_db, single  # noqa: F401  (fixtures)


def versions_of(dicts):
    """ItemVersions of item dicts."""
    out = []
    for data in dicts:
        values = clean_item({k: v for k, v in data.items() if k != "_where"})
        values.pop("version")
        out.append(ItemVersion(version=1, status="published", **values))
    return out


def test_a_package_round_trip_gives_equal_items():
    original = versions_of(read_items())
    package = qti.export_package(original)
    back = versions_of(qti.parse(package, "bank.zip"))
    assert [v.content() for v in back] == [v.content() for v in original]
    names = zipfile.ZipFile(io.BytesIO(package)).namelist()
    assert "imsmanifest.xml" in names and "items/fed-case-law.xml" in names


def test_a_single_item_xml_round_trips_with_its_metadata():
    case = next(v for v in versions_of(read_items()) if v.kind == "case")
    back = versions_of(qti.parse(qti.item_xml(case), "case.xml"))
    assert back[0].content() == case.content()
    assert back[0].rubric == case.rubric


def test_import_into_a_bank_then_export_gives_the_same_package_content(cmm_db, host):
    with edit(cmm_db) as site:
        region_bank = bank_of(site["66"], create=True)
        items = [single("r-1"), {**single("r-2"), "kind": "short", "options": [], "answer": ["ВСОКО", "всоко"]}]
        package = qti.export_package(versions_of(items))
        created, _ = bank.import_items(host, region_bank, qti.parse(package, "r.zip"), "author")
        assert [i.code for i in created] == ["r-1", "r-2"]
        again = qti.export_package([i.latest for i in created])
        assert [v.content() for v in versions_of(qti.parse(again, "again.zip"))] == \
               [v.content() for v in versions_of(items)]


def _broken_package(replace):
    good = qti.export_package(versions_of(read_items()[:3]))
    source = zipfile.ZipFile(io.BytesIO(good))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name in source.namelist():
            data = source.read(name)
            zf.writestr(name, replace(name, data))
    return out.getvalue()


def test_a_malformed_item_names_the_file_the_item_and_the_line():
    package = _broken_package(lambda name, data: data.replace(b"<itemBody>", b"<itemBody><p>")
                              if name.endswith("fed-strategy-02.xml") else data)
    with pytest.raises(qti.QtiError) as refused:
        qti.parse(package, "bank.zip")
    assert "bank.zip" in str(refused.value) and "fed-strategy-02" in str(refused.value)
    assert "строка" in str(refused.value)


def test_an_item_without_a_supported_interaction_is_refused_with_its_line():
    xml = (b'<?xml version="1.0"?>\n<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" '
           b'identifier="x-1">\n<itemBody><p>Nothing</p></itemBody></assessmentItem>')
    with pytest.raises(qti.QtiError, match="«one.xml», задание «x-1», строка 2: нет поддерживаемого"):
        qti.parse(xml, "one.xml")


def test_entities_and_doctypes_are_refused():
    xml = (b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b'<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="x">&x;</assessmentItem>')
    with pytest.raises(qti.QtiError, match="DOCTYPE"):
        qti.parse(xml, "evil.xml")


def test_a_package_whose_item_is_invalid_imports_nothing(cmm_db, host):
    package = _broken_package(lambda name, data: data.replace(b"<value>a</value>", b"<value>zz</value>", 1)
                              if name.endswith("fed-strategy-01.xml") else data)
    items = qti.parse(package, "bank.zip")
    with edit(cmm_db) as site:
        with pytest.raises(bank.ItemRefused, match="fed-strategy-01.*несуществующие варианты"):
            bank.import_items(host, bank_of(site, create=True), items, "fedauthor")
        assert len(bank_of(site)) == 0


def test_a_zip_without_a_manifest_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("item.xml", "<a/>")
    with pytest.raises(qti.QtiError, match="imsmanifest.xml"):
        qti.parse(out.getvalue(), "bare.zip")


def test_a_package_larger_than_the_sites_upload_limit_is_refused():
    package = qti.export_package(versions_of(read_items()))
    with pytest.raises(qti.QtiError, match="больше 1 КБ"):
        qti.parse(package, "bank.zip", max_size=1024)
    assert qti.parse(package, "bank.zip", max_size=len(package))


def test_a_stem_that_looks_like_a_formula_is_exported_and_read_back_as_the_same_text():
    stem = "=cmd|' /C calc'!A0 или =HYPERLINK(\"http://evil.example\")"
    item = versions_of([{**read_items()[0], "stem": stem}])
    back = versions_of(qti.parse(qti.export_package(item), "bank.zip"))
    assert back[0].stem == stem

"""The CMM bank in the domain: items, immutable versions, the workflow of publication, who may do what."""
import pytest

from core.cmm import bank, federal
from core.cmm.model import ItemFrozen, bank_of
from tests.factories import edit, make_tree, make_user


def single(code="reg-quality-01", level="regional", **extra):
    """A valid single-choice item of a regional bank."""
    return {"code": code, "kind": "single", "competence": "quality", "level": level,
            "stem": "Какой документ описывает внутреннюю систему оценки качества образования?",
            "options": [["a", "Положение о ВСОКО"], ["b", "Паспорт доступности"]], "answer": ["a"], **extra}


@pytest.fixture
def cmm_db(db, hasher):
    """Regions 66, 24 and 54, the federal bank published, and the people of the bank:
    a CMM author of region 66 (``author``), one of the federal bank (``fedauthor``), the regional
    operator of 66, the federal operator, a school head."""
    with edit(db) as site:
        make_tree(site, munis=1, schools=3)
        make_user(site, "author", hasher, [("cmm_author", "66")])
        make_user(site, "region66", hasher, [("regional_operator", "66")])
        make_user(site, "federal", hasher, [("federal_operator", "")])
        make_user(site, "head", hasher, [("school_head", "66/m1/s1")])
        federal_bank = bank_of(site, create=True)
        make_user(site, "fedauthor", hasher)
        from core.security.roles import grant
        from core.security.users import users_of
        grant(federal_bank, users_of(site)["fedauthor"], "cmm_author")
    return db


@pytest.fixture
def published_federal(cmm_db, host):
    """``cmm_db`` with the shipped federal demo bank loaded and published."""
    with edit(cmm_db) as site:
        federal.load_federal_bank(host, site)
    return cmm_db


def test_the_federal_demo_bank_has_fifty_published_items_covering_every_competence(published_federal, host):
    from core.cmm.model import COMPETENCES
    with edit(published_federal) as site:
        versions = bank.published_items(host, site)
        assert len(versions) >= 50
        assert {v.competence for v in versions} == set(COMPETENCES)
        assert any(v.kind == "case" and v.rubric for v in versions)
        assert {v.kind for v in versions} == {"single", "multiple", "short", "case"}
        assert all(v.level == "federal" and v.status == "published" for v in versions)


def test_loading_the_federal_bank_twice_changes_nothing(published_federal, host):
    with edit(published_federal) as site:
        created, updated = federal.load_federal_bank(host, site)
        assert (created, updated) == ([], [])
        assert all(len(item.versions) == 1 for item in bank_of(site).values())


def test_author_drafts_operator_publishes_a_regional_item(cmm_db, host):
    with edit(cmm_db) as site:
        region_bank = bank_of(site["66"], create=True)
        item = bank.create_item(host, region_bank, single(), "author")
        assert (item.workflow_state, item.latest.status, item.current) == ("draft", "draft", None)
        bank.submit(host, item, "author")
        with pytest.raises(bank.ItemRefused) as refused:
            bank.publish(host, item, "author")
        assert refused.value.code == "forbidden"
        with pytest.raises(bank.ItemRefused):
            bank.publish(host, item, "federal")   # the federal operator publishes the invariant bank only
        bank.publish(host, item, "region66")
        assert item.current is item.latest and item.current.status == "published"
        assert [h.transition for h in item.history] == ["create", "submit", "publish"]
        assert region_bank.summary[item.code][3] == "published"


def test_editing_a_published_item_makes_a_new_version_and_leaves_the_old_one_untouched(cmm_db, host):
    with edit(cmm_db) as site:
        region_bank = bank_of(site["66"], create=True)
        item = bank.create_item(host, region_bank, single(), "author")
        bank.submit(host, item, "author")
        bank.publish(host, item, "region66")
        v1 = item.current
        v2 = bank.edit_item(host, item, single(stem="Какой локальный акт описывает ВСОКО в школе?"), "author")
        assert (v1.version, v2.version) == (1, 2)
        assert v1.stem.startswith("Какой документ") and v1.status == "published"
        assert item.current is v1 and item.workflow_state == "draft"
        bank.submit(host, item, "author")
        bank.publish(host, item, "region66")
        assert item.current is v2 and v1.status == "retired"
        assert v1.stem.startswith("Какой документ")


def test_a_published_version_cannot_be_changed_in_place(published_federal):
    with edit(published_federal) as site:
        version = bank_of(site)["fed-strategy-01"].current
        with pytest.raises(ItemFrozen):
            version.stem = "Подменённый текст задания"
        with pytest.raises(ItemFrozen):
            version.answer = ("b",)
        assert version.answer == ("a",)


def test_a_draft_edit_replaces_the_draft_without_a_new_version(cmm_db, host):
    with edit(cmm_db) as site:
        item = bank.create_item(host, bank_of(site["66"], create=True), single(), "author")
        bank.edit_item(host, item, single(answer=["b"]), "author")
        assert len(item.versions) == 1 and item.latest.answer == ("b",)


def test_only_a_cmm_author_creates_and_edits_items(cmm_db, host):
    with edit(cmm_db) as site:
        region_bank = bank_of(site["66"], create=True)
        for login in ("region66", "federal", "head", "fedauthor"):
            with pytest.raises(bank.ItemRefused) as refused:
                bank.create_item(host, region_bank, single(), login)
            assert refused.value.code == "forbidden"
        item = bank.create_item(host, region_bank, single(), "author")
        for login in ("region66", "head"):
            with pytest.raises(bank.ItemRefused):
                bank.edit_item(host, item, single(answer=["b"]), login)
        assert item.latest.answer == ("a",)


def test_the_federal_author_writes_the_federal_bank_only(cmm_db, host):
    with edit(cmm_db) as site:
        item = bank.create_item(host, bank_of(site), single("fed-x-01", level="federal"), "fedauthor")
        bank.submit(host, item, "fedauthor")
        with pytest.raises(bank.ItemRefused):
            bank.publish(host, item, "region66")
        bank.publish(host, item, "federal")
        assert item.current.version == 1


def test_a_bank_takes_only_items_of_its_level(cmm_db, host):
    with edit(cmm_db) as site:
        with pytest.raises(bank.ItemRefused, match="федерального уровня"):
            bank.create_item(host, bank_of(site), single("x-1"), "fedauthor")
        with pytest.raises(bank.ItemRefused, match="регионального и муниципального"):
            bank.create_item(host, bank_of(site["66"], create=True), single("x-2", level="federal"), "author")


@pytest.mark.parametrize("change, message", [
    ({"answer": ["z"]}, "несуществующие варианты"),
    ({"competence": "astrology"}, "неизвестная компетенция"),
    ({"options": [["a", "Один"]]}, "не меньше двух вариантов"),
    ({"kind": "case", "rubric": []}, "шкала оценивания"),
    ({"code": "пробел в коде"}, "недопустимый код"),
    ({"categories": ["pupil"]}, "неизвестные значения: pupil"),
])
def test_a_malformed_item_is_refused_in_russian_and_nothing_is_stored(cmm_db, host, change, message):
    with edit(cmm_db) as site:
        region_bank = bank_of(site["66"], create=True)
        with pytest.raises(bank.ItemRefused, match=message):
            bank.create_item(host, region_bank, single(**change), "author")
        assert len(region_bank) == 0 and len(region_bank.summary) == 0


def test_retiring_takes_an_item_out_of_the_published_set(published_federal, host):
    with edit(published_federal) as site:
        item = bank_of(site)["fed-law-01"]
        with pytest.raises(bank.ItemRefused, match="комментарий"):
            bank.retire(host, item, "federal", "")
        bank.retire(host, item, "federal", "Изменилось законодательство")
        assert item.current is None and item.latest.status == "retired"
        assert "fed-law-01" not in {v.code for v in bank.published_items(host, site["66"])}


def test_published_items_join_federal_region_plugin_and_filter_by_school_type(published_federal, host):
    with edit(published_federal) as site:
        urban = bank.published_items(host, site["66"], "head", "urban")
        codes = {v.code for v in urban}
        assert "sverdl-quality-01" in codes                 # the Sverdlovsk plugin's variant item
        assert not any(c.startswith("krsk-") for c in codes)  # Krasnoyarsk's are for region 24 only
        assert "fed-staff-05" not in codes                   # a rural/small item
        assert "fed-staff-05" in {v.code for v in bank.published_items(host, site["66"], "head", "rural")}
        assert "sverdl-case-roadmap" not in codes            # for candidates only
        assert {v.code for v in bank.published_items(host, site["24"], "head", "urban")} >= {"krsk-case-project"}


def test_import_with_one_bad_item_imports_nothing(cmm_db, host):
    with edit(cmm_db) as site:
        region_bank = bank_of(site["66"], create=True)
        items = [single("ok-1"), single("ok-2", answer=["q"])]
        with pytest.raises(bank.ItemRefused, match="ok-2") as refused:
            bank.import_items(host, region_bank, items, "author")
        assert "ничего не изменилось" in str(refused.value)
        assert len(region_bank) == 0


def test_a_region_adds_items_with_files_alone(tmp_path):
    """``regional_overrides/<code>/``: items in lists.toml and QTI files in cmm/ flow through the hook."""
    from core.cmm import qti
    from core.cmm.model import ItemVersion
    from core.cmm.validation import clean_item
    from core.plugins import Host, make_plugin_manager
    folder = tmp_path / "77"
    (folder / "cmm").mkdir(parents=True)
    (folder / "lists.toml").write_text(
        '[[cmm_items]]\ncode = "r77-toml-1"\nkind = "short"\ncompetence = "law"\nlevel = "regional"\n'
        'stem = "Номер федерального закона об образовании?"\nanswer = ["273"]\n', encoding="utf-8")
    values = clean_item(single("r77-qti-1", level="municipal", municipality="m1"))
    values.pop("version")
    (folder / "cmm" / "items.xml").write_bytes(qti.item_xml(ItemVersion(version=1, **values)))
    host = Host(make_plugin_manager(entrypoints=False, overrides_dir=tmp_path))
    found = {v.code: v for v in bank.hook_items(host, "77")}
    assert set(found) == {"r77-toml-1", "r77-qti-1"}
    assert found["r77-qti-1"].level == "municipal" and found["r77-qti-1"].municipality == "m1"
    assert {v.source for v in found.values()} == {"overrides"} and found["r77-toml-1"].status == "published"

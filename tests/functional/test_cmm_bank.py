"""The CMM bank as its people use it (WebTest): authors draft and edit, operators publish, files come
and go in QTI 2.1, and everyone else is refused; the same through the API."""
import io
import json
import zipfile

import pytest
import webtest

from core.cmm import federal, qti
from core.cmm.model import bank_of
from core.security.roles import grant
from tests.factories import edit, logged_in_clients, make_user

ROLES = ("author", "fedauthor", "region66", "federal", "head")


@pytest.fixture
def bank_db(tree, host, hasher):
    """The ``tree`` with the federal bank published, a CMM author of region 66 (``author``) and one of
    the federal bank (``fedauthor``)."""
    with edit(tree) as site:
        make_user(site, "author", hasher, [("cmm_author", "66")], title="Разработчиков Леонид Ефимович")
        federal.load_federal_bank(host, site)
        grant(bank_of(site), make_user(site, "fedauthor", hasher), "cmm_author")
    return tree


@pytest.fixture
def clients(app, bank_db):
    """A logged-in client per role, each with its CSRF token."""
    return logged_in_clients(app, ROLES)


def fill_item(form, code, stem, answer="a"):
    """Fill the item form as an author would: a single choice of two options."""
    form["code"] = code
    form["kind"] = "single"
    form["competence"] = "quality"
    form["stem"] = stem
    form["answer"] = answer
    return form


def add_options(client, form, options):
    """Submit the item form with ``options`` (deform's sequence fields, as the browser sends them)."""
    fields = [(k, v) for k, v in form.submit_fields() if k not in ("save",)]
    at = next(i for i, (k, _) in enumerate(fields) if k == "__start__" and _ == "options:sequence") + 1
    rows = []
    for key, text in options:
        rows += [("__start__", "option:mapping"), ("key", key), ("text", text), ("__end__", "option:mapping")]
    fields[at:at] = rows
    return client.post(form.action, fields + [("save", "save")], expect_errors=True)


def test_author_drafts_operator_publishes_and_an_edit_makes_version_two(clients, bank_db):
    author, operator = clients["author"], clients["region66"]
    page = author.get("/66/cmm").follow() if author.get("/66/cmm").status_int == 303 else author.get("/66/cmm")
    assert "Создать банк КИМ региона" in page.text
    page = page.forms[1].submit().follow()
    assert "Банк КИМ региона" in page.text
    form = fill_item(page.click("Новое задание").forms["cmm-item-form"], "reg-quality-01",
                     "Какой документ описывает ВСОКО школы?")
    res = add_options(author, form, [("a", "Положение о ВСОКО"), ("b", "Устав")])
    assert res.status_int == 303, res.text[:3000]
    item_page = res.follow()
    assert "Черновик задания сохранён" in item_page.text and "Положение о ВСОКО" in item_page.text
    author.post("/66/cmm/reg-quality-01/@@transition", {"csrf_token": author.token, "transition": "submit"})
    refused = author.post("/66/cmm/reg-quality-01/@@transition",
                          {"csrf_token": author.token, "transition": "publish"}).follow()
    assert "нет права" in refused.text
    operator.post("/66/cmm/reg-quality-01/@@transition", {"csrf_token": operator.token, "transition": "publish"})
    edit_page = author.get("/66/cmm/reg-quality-01/@@edit")
    form = edit_page.forms["cmm-item-form"]
    form["stem"] = "Какой локальный акт описывает ВСОКО школы?"
    res = form.submit("save")
    assert res.status_int == 303
    page = res.follow()
    assert "Сохранена версия 2" in page.text
    assert "В тестах используется опубликованная версия 1" in page.text
    with edit(bank_db) as site:
        item = bank_of(site["66"])["reg-quality-01"]
        assert [v.status for v in item.versions] == ["published", "draft"]
        assert item.versions[0].stem == "Какой документ описывает ВСОКО школы?"


def test_a_bad_item_form_is_shown_in_russian_and_stores_nothing(clients, bank_db):
    author = clients["fedauthor"]
    form = fill_item(author.get("/cmm/@@add").forms["cmm-item-form"], "fed-new-01",
                     "Текст нового федерального задания", answer="z")
    res = add_options(author, form, [("a", "Первый"), ("b", "Второй")])
    assert res.status_int == 400
    assert "несуществующие варианты: z" in res.text
    form = fill_item(author.get("/cmm/@@add").forms["cmm-item-form"], "fed-new-02", "Коротко")
    res = add_options(author, form, [("a", "Первый"), ("b", "Второй")])
    assert res.status_int == 400
    with edit(bank_db) as site:
        assert "fed-new-01" not in bank_of(site) and "fed-new-02" not in bank_of(site)


def test_the_bank_list_filters_and_pages(clients):
    page = clients["federal"].get("/cmm/")
    assert "Заданий: 64" in page.text and "Страница 1 из 3" in page.text
    page = clients["federal"].get("/cmm/", {"competence": "law", "kind": "case"})
    assert "Заданий: 1" in page.text and "fed-case-law" in page.text
    assert "Новое задание" not in page.text          # an operator does not write items


def test_export_then_import_of_a_malformed_package_changes_nothing(clients, bank_db):
    author = clients["fedauthor"]
    package = author.get("/cmm/@@export", {"competence": "safety"})
    assert package.content_type == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(package.body)).namelist()
    assert "imsmanifest.xml" in names and "items/fed-safety-01.xml" in names
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package.body)) as source, zipfile.ZipFile(broken, "w") as out:
        for name in source.namelist():
            data = source.read(name).replace(b"fed-safety", b"new-safety")
            if name.endswith("new-safety-03.xml") or name.endswith("fed-safety-03.xml"):
                data = data.replace(b"<mapEntry", b"<mapEntry", 1).replace(b"</itemBody>", b"")
            out.writestr(name.replace("fed-safety", "new-safety"), data)
    page = author.get("/cmm/")
    form = page.forms["cmm-import-form"]
    form["file"] = webtest.Upload("bank.zip", broken.getvalue(), "application/zip")
    res = form.submit(expect_errors=True)
    assert res.status_int == 400 and "new-safety-03" in res.text and "строка" in res.text
    with edit(bank_db) as site:
        assert not any(code.startswith("new-safety") for code in bank_of(site).keys())


def test_an_author_imports_a_qti_file_as_drafts(clients, bank_db):
    author = clients["author"]
    author.post("/66/@@cmm", {"csrf_token": author.token})
    with edit(bank_db) as site:
        versions = [bank_of(site)["fed-law-01"].current]
        xml = qti.item_xml(versions[0]).replace(b'level="federal"', b'level="regional"').replace(
            b'identifier="fed-law-01"', b'identifier="reg-law-01"')
    form = author.get("/66/cmm/").forms["cmm-import-form"]
    form["file"] = webtest.Upload("item.xml", xml, "application/xml")
    page = form.submit().follow()
    assert "новых 1" in page.text and "reg-law-01" in page.text
    with edit(bank_db) as site:
        assert bank_of(site["66"])["reg-law-01"].workflow_state == "draft"


@pytest.mark.parametrize("user", ["head", "region66", "federal"])
def test_only_cmm_authors_add_items(clients, user):
    client = clients[user]
    assert client.get("/cmm/@@add", expect_errors=True).status_int == 403
    assert client.post("/cmm/@@import", {"csrf_token": client.token}, expect_errors=True).status_int == 403


def test_a_school_head_does_not_see_the_bank(clients):
    assert clients["head"].get("/cmm/", expect_errors=True).status_int == 403
    assert clients["head"].get("/cmm/fed-law-01/", expect_errors=True).status_int == 403


# -- the API ------------------------------------------------------------------------------------

def api(client, method, url, body=None, status=None):
    """A JSON API call with the CSRF header."""
    call = getattr(client, f"{method}_json") if body is not None else getattr(client, method)
    kwargs = {"headers": {"X-CSRF-Token": client.token}, "expect_errors": True}
    res = call(url, body, **kwargs) if body is not None else call(url, **kwargs)
    if status is not None:
        assert res.status_int == status, res.text[:2000]
    return res


def test_the_api_lists_creates_publishes_and_versions_items(clients):
    author, operator = clients["fedauthor"], clients["federal"]
    listing = api(operator, "get", "/api/v1/tree/cmm/@@cmm-items?competence=law&per_page=5", status=200).json
    assert listing["total"] == 8 and len(listing["items"]) == 5
    body = {"code": "fed-api-01", "kind": "short", "competence": "law", "level": "federal",
            "school_types": ["urban", "rural", "small"], "categories": ["head"],
            "stem": "Номер статьи закона об образовании об аттестации руководителей?", "answer": ["51"]}
    created = api(author, "post", "/api/v1/tree/cmm/@@cmm-items", body, status=201).json
    assert created["state"] == "draft" and created["versions"][0]["answer"] == ["51"]
    api(author, "post", "/api/v1/tree/cmm/fed-api-01/@@cmm-transitions", {"transition": "submit"}, status=200)
    refused = api(author, "post", "/api/v1/tree/cmm/fed-api-01/@@cmm-transitions", {"transition": "publish"},
                  status=403).json
    assert refused["error"]["code"] == "cmm_forbidden"
    api(operator, "post", "/api/v1/tree/cmm/fed-api-01/@@cmm-transitions", {"transition": "publish"}, status=200)
    edited = api(author, "post", "/api/v1/tree/cmm/fed-api-01/@@cmm-versions",
                 {**body, "answer": ["51", "статья 51"]}, status=201).json
    assert [v["version"] for v in edited["versions"]] == [1, 2] and edited["current_version"] == 1
    bad = api(author, "post", "/api/v1/tree/cmm/@@cmm-items", {**body, "code": "fed-api-02", "answer": []},
              status=400).json
    assert bad["error"]["code"] == "cmm_invalid" and "принимаемый ответ" in json.dumps(bad, ensure_ascii=False)


def test_the_api_import_refuses_a_malformed_file_with_a_structured_error(clients):
    author = clients["fedauthor"]
    res = author.post("/api/v1/tree/cmm/@@cmm-import", upload_files=[("file", "bad.xml", b"<assessmentItem")],
                      headers={"X-CSRF-Token": author.token}, expect_errors=True)
    assert res.status_int == 400 and res.json["error"]["code"] == "cmm_qti"
    assert "bad.xml" in res.json["error"]["message"]


@pytest.mark.parametrize("stem, message", [("Очень длинное задание " * 500, "Больше, чем максимальная длина 10000"),
                                           ("Коротко", "Меньше, чем минимальная длина 10")])
def test_a_too_long_or_too_short_item_text_is_refused_in_russian_with_the_limit_named(clients, bank_db, stem,
                                                                                     message):
    author = clients["fedauthor"]
    form = fill_item(author.get("/cmm/@@add").forms["cmm-item-form"], "fed-long-01", stem)
    res = add_options(author, form, [("a", "Первый"), ("b", "Второй")])
    assert res.status_int == 400 and message in res.text
    assert "{" not in res.html.select_one("#cmm-item-form").get_text()

"""School documents: upload, the curator's check, history, downloads, refusals."""
import threading

import pytest
import webtest

from core import hookimpl
from core.cases import fire
from core.docinspect import Limits
from tests.factories import PASSWORD, csrf, edit, login, make_document, make_user, valid_pdf
from tests.unit.docinspect_corpus import xxe_docx, zip_bomb_docx


def upload(testapp, school="/66/m1/s1", title="Программа развития", content=None,
           filename="programme.pdf", status=303):
    content = valid_pdf() if content is None else content
    form = testapp.get(f"{school}/@@add-document").forms["deform"]
    form["title"] = title
    form["upload"] = webtest.Upload(filename, content)
    return form.submit("save", status=status)


def test_school_head_uploads_a_document_and_sends_it_to_the_curator(testapp, tree):
    login(testapp, "head")
    page = upload(testapp).follow()
    assert "Документ загружен" in page.text and "Черновик" in page.text
    assert testapp.get(page.request.path + "@@download").body == valid_pdf()
    page = page.forms[1].submit("transition", value="submit", status=303).follow()
    assert "На проверке у куратора" in page.text


def test_curator_confirms_a_submitted_document(testapp, tree, host):
    with edit(tree) as site:
        fire(host, make_document(host, site, "66/m1/s1"), "submit", "head")
    login(testapp, "curator")
    tasks = testapp.get("/tasks")
    assert "Программа развития" in tasks.text and "Подтвердить" in tasks.text
    page = testapp.get("/66/m1/s1/doc/")
    page = page.forms[1].submit("transition", value="confirm", status=303).follow()
    assert "Подтверждён куратором" in page.text
    history = testapp.get("/66/m1/s1/doc/@@history")
    assert "Отправить куратору" in history.text and "Подтвердить" in history.text


def test_curator_cannot_return_a_document_without_a_comment(testapp, tree, host):
    with edit(tree) as site:
        fire(host, make_document(host, site, "66/m1/s1"), "submit", "head")
    login(testapp, "curator")
    page = testapp.get("/66/m1/s1/doc/").forms[1].submit("transition", value="return", status=303).follow()
    assert "нужен комментарий" in page.text
    with edit(tree) as site:
        doc = site["66"]["m1"]["s1"]["doc"]
        assert doc.workflow_state == "submitted" and len(doc.history) == 2


def test_confirming_an_unsent_document_is_refused(testapp, tree, host):
    with edit(tree) as site:
        make_document(host, site, "66/m1/s1")
    login(testapp, "curator")
    res = testapp.post("/66/m1/s1/doc/@@transition", {"transition": "confirm", "csrf_token": csrf(testapp)})
    assert "недоступно" in res.follow().text
    res = testapp.post_json("/api/v1/tree/66/m1/s1/doc/@@transitions", {"transition": "confirm"},
                            headers={"X-CSRF-Token": csrf(testapp)}, status=409)
    assert "недоступно" in res.json["error"]["message"]


@pytest.mark.parametrize("content, filename, message", [
    (b"", "empty.pdf", "пуст"),
    (valid_pdf(), "programme.docx", "по содержимому это PDF"),
    (b"PK\x03\x04 broken", "programme.docx", "повреждён"),
    (xxe_docx(), "programme.docx", "DOCTYPE"),
    (zip_bomb_docx(), "programme.docx", "распак"),
    (b"just text", "notes.txt", "docx"),
])
def test_a_bad_upload_is_refused_and_nothing_is_stored(testapp, tree, content, filename, message):
    login(testapp, "head")
    res = upload(testapp, content=content, filename=filename, status=400)
    assert message in res.text
    with edit(tree) as site:
        assert len(site["66"]["m1"]["s1"]) == 0


def test_an_upload_without_a_title_is_refused_with_a_form_error(testapp, tree):
    login(testapp, "head")
    res = upload(testapp, title="", status=400)
    assert "Required" in res.text or "Обязательное" in res.text or "error" in res.text
    with edit(tree) as site:
        assert len(site["66"]["m1"]["s1"]) == 0


def test_an_oversize_upload_is_refused(testapp, tree, host, monkeypatch):
    monkeypatch.setattr(host, "upload_limits", Limits(max_size=1024))
    login(testapp, "head")
    res = upload(testapp, content=valid_pdf() + b"x" * 2048, status=400)
    assert "слишком большой" in res.text
    with edit(tree) as site:
        assert len(site["66"]["m1"]["s1"]) == 0


def test_one_ini_setting_bounds_every_upload_documents_and_tables_alike(app_settings, tree):
    from core import main
    small = main({}, **{**app_settings, "oko.upload_max_bytes": "4096"})
    small.registry._zodb_databases[""] = tree
    client = webtest.TestApp(small, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1"})
    login(client, "head")
    res = upload(client, content=valid_pdf() + b"x" * 4096, status=400)
    assert "слишком большой: допускается не больше 4 КБ" in res.text
    upload(client, content=valid_pdf(), status=303)
    client.reset()
    login(client, "region66")
    form = client.get("/66/@@project500").forms["enrol-form"]
    form["file"] = webtest.Upload("list.csv", b"school_code\n" + b"66-1-1\n" * 700)
    assert "Файл «list.csv» слишком большой: допускается не больше 4 КБ" in form.submit(status=400).text


class Rendezvous:
    """A test plugin: holds each transition until the other one has been fired too."""

    def __init__(self):
        self.barrier = threading.Barrier(2, timeout=5)
        self.first_attempts = set()

    @hookimpl
    def oko_plugin_info(self):
        return {"name": "rendezvous", "version": "0", "regions": ["66"]}

    @hookimpl
    def oko_on_transition(self, region, obj, transition, user):
        # only the first attempt of each request waits: a retry goes straight on
        if user not in self.first_attempts:
            self.first_attempts.add(user)
            try:
                self.barrier.wait()
            except threading.BrokenBarrierError:
                pass


def test_two_concurrent_transitions_one_wins_and_history_holds_exactly_what_happened(app, tree, host):
    with edit(tree) as site:
        fire(host, make_document(host, site, "66/m1/s1"), "submit", "head")
        make_user(site, "curator2", app.registry.oko_hasher, [("curator", "66/m1/s1")])
    plugin = Rendezvous()
    host.register(plugin, name="rendezvous")
    try:
        clients = {}
        for user in ("curator", "curator2"):
            client = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1"})
            login(client, user, PASSWORD)
            clients[user] = (client, csrf(client))
        results = {}

        def act(user, transition, comment):
            client, token = clients[user]
            results[user] = client.post_json("/api/v1/tree/66/m1/s1/doc/@@transitions",
                                             {"transition": transition, "comment": comment},
                                             headers={"X-CSRF-Token": token}, expect_errors=True)
        threads = [threading.Thread(target=act, args=("curator", "confirm", "")),
                   threading.Thread(target=act, args=("curator2", "return", "Нет подписи"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
    finally:
        host.unregister("rendezvous")
    statuses = sorted(r.status_int for r in results.values())
    assert statuses == [200, 409], {u: r.text for u, r in results.items()}
    loser = next(r for r in results.values() if r.status_int == 409)
    assert "недоступно" in loser.json["error"]["message"]
    winner = next(u for u, r in results.items() if r.status_int == 200)
    with edit(tree) as site:
        doc = site["66"]["m1"]["s1"]["doc"]
        assert [e.transition for e in doc.history] == ["create", "submit",
                                                       "confirm" if winner == "curator" else "return"]

"""The pages of the tree are made in Python, the others from templates: a user sees one site."""
import re

from core.security.csrf import unmask
from tests.factories import edit, login

TOKEN = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


def _chrome(text):
    """A page without its title, its content and its CSRF token (masked anew in every answer): the layout."""
    text = TOKEN.sub('name="csrf_token"', text)
    text = re.sub(r"<title>.*?</title>", "<title/>", text, flags=re.S)
    return re.sub(r"<main>.*</main>", "<main/>", text, flags=re.S).rstrip()


def test_a_region_page_and_a_template_page_wear_the_same_layout(testapp, tree):
    login(testapp, "region66")
    region = testapp.get("/66/")
    tasks = testapp.get("/tasks")
    assert _chrome(region.text) == _chrome(tasks.text)
    assert region.text.startswith("<!DOCTYPE html>") and region.content_type == "text/html"
    assert "<title>Свердловская область — ОКО Кейс</title>" in region.text
    assert "<title>Мои задачи — ОКО Кейс</title>" in tasks.text
    # the log-out form carries this session's token, on both, masked anew in each (core.security.csrf)
    token = unmask(testapp.get("/api/v1/session").json["csrf_token"])
    printed = TOKEN.findall(region.text) + TOKEN.findall(tasks.text)
    assert len(printed) >= 2 and {unmask(t) for t in printed} == {token} and token not in printed


def test_names_with_markup_are_shown_as_text_on_the_tree_pages(testapp, tree):
    with edit(tree) as site:
        site["66"].title = 'Область <script>alert("x")</script> & Co'
        site["66"]["m1"].title = "Город <b>"
    login(testapp, "region66")
    for path in ("/66/", "/66/m1/"):
        page = testapp.get(path)
        assert "<script>" not in page.text and "<b>" not in page.text
        assert "Область &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in page.text
    assert "Город &lt;b&gt;" in testapp.get("/66/").text


def test_a_flash_message_is_shown_once_on_a_tree_page(testapp, tree):
    login(testapp, "region66")
    # a grant on the access page leaves a message for the next page
    testapp.post("/66/m1/s1/@@access", {"csrf_token": testapp.get("/api/v1/session").json["csrf_token"],
                                         "action": "grant", "login": "head", "role": "teacher"}, status=303)
    first = testapp.get("/66/m1/s1/")
    assert 'class="msg' in first.text
    assert 'class="msg' not in testapp.get("/66/m1/s1/").text

"""Every demo person reads every page offered to them: no dead link, Russian words, Russian numbers.

The crawler (``tests.crawl``) logs in as each demo person and follows every
link and GET form a page offers, within bounds; a page is read as a person
reads it (the visible text of the parsed page), a Word document by its text.
"""
import pytest
import webtest

from core import demo
from tests import crawl
from tests.factories import edit, login


@pytest.fixture
def demo_logins(db, host, hasher):
    with edit(db) as site:
        demo.build(site, host, hasher)
        return [login_ for login_, _, _ in demo.logins(site)]


@pytest.mark.slow  # the whole demo is built and some 1,800 pages read: about a minute
def test_every_demo_person_reads_only_open_pages_in_russian(app, demo_logins):
    report = crawl.Report()
    for person in demo_logins:
        client = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1"})
        login(client, person, demo.DEMO_PASSWORD)
        crawl.crawl(client, person, report)
    read = {p.login: 0 for p in report.pages}
    for page in report.pages:
        read[page.login] += 1
    # every person reached more than their home page and tasks
    assert set(read) == set(demo_logins) and min(read.values()) > 5
    assert len(report.html_pages()) > 1000
    # forms included, the pages load the site's own script alone: no jQuery (issue 19, item 12)
    assert {src.split("?")[0] for src in report.scripts} == {"/static/oko.js"}
    assert not report.problems, "\n" + report.text()


def test_the_crawler_sees_what_a_reader_sees():
    page = ("<html><head><title>Акт</title><style>p {color: red}</style></head><body>"
            "<p title='hidden_code'>Порог 74.33, доля 66,7 %, дата 04.12.2026, версия 2.1.3</p>"
            "<p>Статус: draft; файл «Приказ.docx», почта a.b@example.ru, QTI 2.1, XLSX</p>"
            "<p>Код задания <code>fed-law-01</code>; глава IV</p><script>var x = 1.5;</script></body></html>")
    text = crawl.visible_text(page)
    assert "hidden_code" not in text and "color" not in text and "var x" not in text
    assert crawl.latin_words(text) == ["draft"]
    assert crawl.point_decimals(text) == ["74.33"]


def test_the_crawler_bounds_a_list_of_many_items():
    patterns = crawl.Patterns(names_per_folder=2)
    assert patterns("/66/cmm/fed-law-01/") == "/#/cmm/#/"
    assert [patterns(f"/cmm/{name}/") for name in ("a", "b", "c", "a")] == ["/cmm/a/", "/cmm/b/", "/cmm/*/", "/cmm/a/"]
    assert patterns("/search?q=x&type=") == "/search?q&type"

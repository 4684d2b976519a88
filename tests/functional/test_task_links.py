"""Every task leads somewhere: each link in a demo person's «Мои задачи», and each breadcrumb on the page it
opens, opens a page for them."""
import pytest
import webtest

from core import demo
from tests.factories import edit, login

pytestmark = pytest.mark.slow  # the whole demo is built: about ten seconds


@pytest.fixture
def demo_site(db, host, hasher):
    with edit(db) as site:
        demo.build(site, host, hasher)
        return [login for login, _, _ in demo.logins(site)]


def test_every_task_of_every_demo_person_opens_a_page(app, demo_site):
    dead, seen = [], 0
    for person in demo_site:
        client = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1"})
        login(client, person, demo.DEMO_PASSWORD)
        links = dict.fromkeys(a["href"] for a in client.get("/tasks").html.select("main table a[href]"))
        for href in links:
            seen += 1
            res = client.get(href, expect_errors=True)
            if res.status_int == 303:
                res = res.follow(expect_errors=True)
            if res.status_int != 200:
                dead.append(f"{person}: {href} → {res.status_int}")
                continue
            for crumb in res.html.select(".crumbs a[href]"):
                got = client.get(crumb["href"], expect_errors=True)
                if got.status_int not in (200, 303):
                    dead.append(f"{person}: {crumb['href']} (крошка на {href}) → {got.status_int}")
    assert seen > 20
    assert not dead, "tasks leading nowhere:\n" + "\n".join(dead)

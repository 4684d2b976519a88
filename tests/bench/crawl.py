"""The weight of the pages every demo person reads: the crawl of the crawler test, measured.

The demo is built in a database of its own and each demo person's pages are
read through WebTest as the crawler test reads them (``tests.crawl``). A
page's weight is its body compressed with gzip (level 6, as a server's
compression sends it); the median and the largest HTML page are reported.
"""
import statistics

import webtest
import ZODB
from ZODB.DemoStorage import DemoStorage

from tests import crawl


def bench_crawl_pages(ctx):
    """Page weights over the crawl of every demo person's pages (gzip bytes: median, max)."""
    from core import demo, main
    from core.testing import SETTINGS, edit, serving
    from tests.factories import login

    app = main({}, **dict(SETTINGS))
    db = ZODB.DB(DemoStorage())
    report = crawl.Report()
    with serving(app, db):
        with edit(db) as site:
            demo.build(site, app.registry.oko, app.registry.oko_hasher)
            logins = [name for name, _, _ in demo.logins(site)]
        for person in logins:
            client = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1"})
            login(client, person, demo.DEMO_PASSWORD)
            crawl.crawl(client, person, report)
    db.close()
    pages = report.html_pages()
    sizes = [p.gzip_size for p in pages]
    largest = max(pages, key=lambda p: p.gzip_size)
    print(f"  {len(pages)} pages of {len(logins)} people; the largest: {largest.url} ({largest.login}), "
          f"{largest.size} bytes, {largest.gzip_size} compressed", flush=True)
    return {"page_bytes_median": statistics.median(sizes), "page_bytes_max": max(sizes),
            "page_bytes_raw_median": statistics.median(p.size for p in pages), "crawl_pages": len(pages)}

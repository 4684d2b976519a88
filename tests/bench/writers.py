"""Concurrent writers: people drafting, submitting and approving acts in one register over HTTP.

Each writer is a regional operator of one region (who may both draft and
sign its acts), logged in through the JSON API on a connection of its own;
every cycle drafts an act, sends it for signature and approves it: three
writes, and the approval takes the register's next number. Everything is
bounded (cycles, timeouts) and talks to 127.0.0.1 only.

The fault test (``tests/functional/test_fault.py``) drives the same steps.
"""
import datetime
import json
import re
import threading

from tests.bench.support import (
    BenchError,
    Client,
    Server,
    new_site,
    opened_db,
    percentile,
    temp_dir,
    write_ini,
    zodb_uri,
)

REGION = "66"
TEMPLATE = "order_attestation_results"
VARIABLES = {
    "authority_name": "Министерство образования", "city": "г. Екатеринбург", "protocol_number": "3",
    "protocol_date": "2026-05-20", "responsible_name": "Отделу аттестации", "notify_days": 5,
    "signatory_post": "Министр", "signatory_name": "И. С. Уральцев",
    "attestees": [{"name": "Иванов И. И.", "post": "директор", "school": "СОШ № 2", "score": "90",
                   "result": "соответствует занимаемой должности"}]}
CYCLES, WARMUP = 15, 2  # per writer: 45 requests measured, 360 for eight writers, after 6 unmeasured


def writer_login(n):
    """The login of writer ``n``."""
    return f"writer{n}"


def make_site(db_dir, writers):
    """A fresh FileStorage in ``db_dir`` with the demo data and ``writers`` regional operators of region 66.

    NB: the demo's few hundred catalogued objects, as the outside tester had: in an empty
    catalog every new act would split the few buckets every index starts with.
    """
    from core import demo
    from core.cli.common import host as _host
    from core.security.users import make_hasher
    from tests.factories import make_user
    hasher = make_hasher("fast")
    with new_site(db_dir) as site:
        demo.build(site, _host(), hasher)
        for n in range(writers):
            make_user(site, writer_login(n), hasher, [("regional_operator", REGION)])


class ApiWriter:
    """One person at the JSON API: logs in, then drafts, submits and approves acts.

    ``samples`` holds ``(status, milliseconds)`` of the writes measured,
    ``writes`` counts them all; ``acknowledged`` is every step the server
    acknowledged, ``(step, act path, number)``; ``refusals`` the bodies of
    the writes answered 409.
    """

    def __init__(self, port, login, password=None, host=None):
        from tests.factories import PASSWORD
        self.client = Client(port, host=host)
        self.samples, self.acknowledged, self.refusals = [], [], []
        self.writes = 0
        status, _, body, _ = self.client.request("GET", "/api/v1/session")
        token = json.loads(body)["csrf_token"]
        status, _, body, _ = self._post("/api/v1/session", {"login": login, "password": password or PASSWORD},
                                        token)
        if status != 200:
            raise BenchError(f"{login} could not log in: {status} {body[:300]!r}")
        self.token = json.loads(body)["csrf_token"]

    def _post(self, path, payload, token=None):
        return self.client.request("POST", path, body=json.dumps(payload).encode(), headers={
            "Content-Type": "application/json", "X-CSRF-Token": token or self.token})

    def write(self, path, payload):
        """POST ``payload`` as JSON; returns ``(status, parsed body or None)`` and keeps the sample."""
        status, _, body, elapsed = self._post(path, payload)
        self.writes += 1
        self.samples.append((status, elapsed * 1000))
        if status == 409:
            self.refusals.append(body)
        try:
            return status, json.loads(body)
        except ValueError:
            return status, None

    def cycle(self, title):
        """Draft, submit and approve one act; stops at the first refused step."""
        status, act = self.write(f"/api/v1/tree/{REGION}/@@acts",
                                 {"template": TEMPLATE, "title": title, "variables": VARIABLES})
        if status != 201:
            return
        self.acknowledged.append(("draft", act["path"], None))
        path = "/api/v1/tree" + act["path"] + "/@@transitions"
        for transition in ("submit", "approve"):
            status, node = self.write(path, {"transition": transition})
            if status != 200:
                return
            self.acknowledged.append((transition, act["path"], node["act"]["number"]))

    @property
    def done(self):
        """``(act path, number)`` of every approval the server acknowledged."""
        return [(path, number) for step, path, number in self.acknowledged if step == "approve"]

    def close(self):
        """Close the connection."""
        self.client.close()


def run_writers(port, writers, cycles, warmup=0, host=None):
    """``writers`` threads doing ``warmup`` then ``cycles`` cycles each, started together; returns the ApiWriters.

    ``host``: the Host header the application expects (its public URL), if not 127.0.0.1:port.

    Only the last ``cycles`` are in their ``samples``; ``acknowledged`` has every step.
    """
    people = [ApiWriter(port, writer_login(n), host=host) for n in range(writers)]
    start = threading.Barrier(writers)
    failures = []

    def work(person, n):
        try:
            start.wait(30)
            for i in range(warmup + cycles):
                if i == warmup:
                    person.samples.clear()
                person.cycle(f"Приказ {n}-{i}")
        except Exception as exc:  # noqa: BLE001  (reported below, the others go on)
            failures.append(exc)
    threads = [threading.Thread(target=work, args=(p, n), daemon=True) for n, p in enumerate(people)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    for person in people:
        person.close()
    if failures or any(t.is_alive() for t in threads):
        raise BenchError(f"a writer failed: {failures[:1] or 'timed out'}")
    return people


def approved_numbers(site, year=None):
    """The numbers of the region's approved acts of ``year`` (this year), and the register's last number."""
    from core.acts import register_of
    year = year or datetime.date.today().year
    register = register_of(site[REGION])
    if register is None:
        return [], 0
    numbers = sorted(a.number for a in register.values() if a.number and a.date.year == year)
    return numbers, register.last_number(year)


def _stored_numbers(db_dir):
    with opened_db(zodb_uri(db_dir)) as db:
        conn = db.open()
        try:
            return approved_numbers(conn.root()["oko"])
        finally:
            conn.close()


def server_conflicts(server):
    """The conflict counts a stopped server printed (``tests.bench.serve``)."""
    found = re.findall(r"^CONFLICTS (.*)$", server.final_log, re.M)
    if not found:
        raise BenchError(f"the server did not report its conflicts:\n{server.final_log}")
    return json.loads(found[-1])


def _figures(ctx, writers):
    db_dir = temp_dir(ctx.stack, f"writers-{writers}")
    make_site(db_dir, writers)
    _, first = _stored_numbers(db_dir)  # the demo's own acts
    ini = write_ini(db_dir / "bench.ini", db_dir)
    with Server("oko", ini) as server:
        people = run_writers(server.port, writers, CYCLES, WARMUP)
    conflicts = server_conflicts(server)
    samples = [s for p in people for s in p.samples]
    errors = sum(1 for status, _ in samples if status >= 500)
    numbers, last = _stored_numbers(db_dir)
    acknowledged = sorted(n for p in people for _, n in p.done)
    if numbers != list(range(1, last + 1)) or acknowledged != list(range(first + 1, last + 1)):
        raise BenchError(f"act numbers with gaps or repeats: stored {numbers}, acknowledged {acknowledged}")
    return {f"concurrent_writers_{writers}_error_rate": errors / len(samples),
            f"concurrent_writers_{writers}_p95_ms": percentile([ms for _, ms in samples], 95),
            f"concurrent_writers_{writers}_conflict_409_rate": sum(1 for s, _ in samples if s == 409) / len(samples),
            f"concurrent_writers_{writers}_retries_per_write": conflicts["retried"] / sum(p.writes for p in people),
            f"concurrent_writers_{writers}_requests": len(samples)}


def bench_concurrent_writers(ctx):
    """Share of 5xx and p95 of writes for 1 and 8 people drafting, submitting, approving acts in one register."""
    return {**_figures(ctx, 1), **_figures(ctx, 8)}

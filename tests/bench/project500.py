"""Benchmarks of the 500+ project at national scale: the indicator dashboards, and transitions per second.

Both work in the 40,000-school database ``bench_orgs_import`` leaves in ctx
(and change it: run them after the org pages). ``bench_indicators`` enrols
4,000 schools and takes them through a realistic mix of steps with the
domain functions, so that the counters are kept as in production, then
times the region and federal dashboards over HTTP. ``bench_transitions``
brings the project to 10,000 concept documents awaiting their curator and
times confirm/return transitions, one transaction each, against the raw
ZODB commit rate of the same database.
"""
import contextlib
import datetime
import io
import random
import re
import time

from tests.bench.orgs import BENCH_LOGIN, REGION, _add_operator, bench_orgs_import
from tests.bench.support import BenchError, Client, Server, latency, opened_db, percentile, zodb_uri

YEAR = datetime.date.today().year
PROJECT_SCHOOLS = 4000
DOCUMENTS = 10000
TRANSITIONS, TRANSITIONS_WARMUP = 2000, 200
# Transitions and raw commits alternate in blocks of this many (as many raw commits as transitions).
BLOCK = 100
DASHBOARD_REQUESTS, DASHBOARD_WARMUP = 200, 20
# A build that takes longer than this is a bug to look at, not a figure.
BUILD_LIMIT_S = 600
SEED = 500

WORKER = "bench-500-worker"         # regional operator, coordinator and head everywhere: the build's actor
CURATOR = "bench-500-curator"       # every project school's curator
REVIEWER = "bench-500-reviewer"     # the expert of the sampled schools
FEDERAL_LOGIN = "bench-federal-operator"
FACTORS = ("staff_shortage", "low_motivation", "low_equipment", "academic_failure_risk", "parental_involvement")


def _content(n):
    return {"goals": f"Повысить качество обучения (школа {n})", "tasks": "Обновить систему оценивания",
            "expected_results": "Рост образовательных результатов",
            "measures": [{"measure": "Семинар для учителей", "deadline": f"{YEAR}-04-01",
                          "responsible": "Заместитель директора", "indicator": "Доля учителей",
                          "expected_result": "100 %"}],
            # Krasnoyarsk's extra field of anti-risk programmes; other regions ignore it.
            "parent_community": "Управляющий совет участвует в каждой мере"}


@contextlib.contextmanager
def _site(ctx):
    """The site of the bench database in a connection and a transaction manager of its own."""
    import transaction

    from core.plugins import Host, make_plugin_manager
    with opened_db(zodb_uri(ctx["orgs_db_dir"])) as db:
        tm = transaction.TransactionManager()
        conn = db.open(transaction_manager=tm)
        try:
            tm.begin()
            yield conn.root()["oko"], Host(make_plugin_manager()), tm
        finally:
            tm.abort()
            conn.close()


def _users(site):
    from core.security.users import make_hasher
    from tests.factories import make_user
    hasher = make_hasher("fast")
    make_user(site, WORKER, hasher, [("regional_operator", ""), ("municipal_coordinator", ""), ("school_head", "")])
    make_user(site, FEDERAL_LOGIN, hasher, [("federal_operator", "")])
    return {login: make_user(site, login, hasher) for login in (CURATOR, REVIEWER)}


def _documents(host, p, rnd, n, now):
    """Write, send and (mostly) have confirmed every concept document of a visited school."""
    from core.cases import fire
    from core.project500 import steps
    from core.project500.model import ANTI_RISK_PROGRAMME, DEVELOPMENT_CONCEPT, MEDIUM_TERM_PROGRAMME
    kinds = [(DEVELOPMENT_CONCEPT, None), (MEDIUM_TERM_PROGRAMME, None)]
    kinds += [(ANTI_RISK_PROGRAMME, f) for f in sorted(p.activated_risks)]
    docs = [steps.save_concept_document(host, p, kind, WORKER, _content(n), risk_factor=factor, now=now)
            for kind, factor in kinds]
    for doc in docs:
        fire(host, doc, "submit", WORKER, now=now)
        roll = rnd.random()
        if roll < 0.75:
            fire(host, doc, "confirm", CURATOR, now=now)
        elif roll < 0.85:
            fire(host, doc, "return", CURATOR, "Уточните меры", now=now)
    return docs


def _review_and_confirm(host, muni, chosen, users, now):
    """The sampled review of ``chosen`` schools, confirming documents and confirmed positive changes."""
    from core.cases import fire
    from core.project500 import steps
    from core.project500.model import ANTI_RISK_PROGRAMME
    from core.resources import region_code_of
    from tests.unit.docinspect_corpus import valid_pdf
    steps.draw_sample(host, muni, YEAR, WORKER, chosen=[p.code for p in chosen], now=now)
    pdf = valid_pdf()
    for p in chosen:
        steps.assign_reviewer(host, p, users[REVIEWER], WORKER, now=now)
        for doc in p.documents():
            criteria = host.review_criteria(region_code_of(doc), doc.document_type)
            steps.review_document(host, doc, REVIEWER, {c["code"]: (True, "") for c in criteria}, now=now)
        for programme in p.documents(ANTI_RISK_PROGRAMME):
            doc = steps.add_confirming_document(host, p, programme, 1, WORKER, (io.BytesIO(pdf), "акт.pdf", None),
                                                now=now)
            fire(host, doc, "submit", WORKER, now=now)
            fire(host, doc, "confirm", CURATOR, now=now)
            criteria = host.review_criteria(region_code_of(doc), doc.document_type)
            steps.review_document(host, doc, REVIEWER, {c["code"]: (True, "") for c in criteria}, now=now)
        steps.confirm_positive_changes(host, p, CURATOR, now=now)


def _progress(host, region, codes, users, rnd, now):
    """Enrol ``codes`` of ``region`` and take each school as far as its dice say."""
    from core.project500 import steps
    from core.resources import School, walk
    steps.enrol(host, region, codes, YEAR, WORKER, now=now)
    schools = {s.code: s for s in walk(region) if isinstance(s, School) and s.code in set(codes)}
    surveyed = [c for c in codes if rnd.random() < 0.85]
    rows = []
    for code in surveyed:
        for factor in rnd.sample(FACTORS, rnd.randint(2, 4)):
            rows.append((len(rows) + 2, code, factor, rnd.choice(("high", "medium", "low"))))
    steps.import_risk_profiles(host, region, rows, YEAR, WORKER, now=now)
    visited_on = (now - datetime.timedelta(days=30)).date()
    complete = {}
    for n, code in enumerate(codes):
        p = steps.participation_of(schools[code], YEAR)
        if p.surveyed and rnd.random() < 0.6:
            steps.record_profile_download(host, p, WORKER, now=now)
        if rnd.random() < 0.7:
            steps.record_seminar(host, p, True, WORKER, now=now)
        if rnd.random() < 0.75:
            steps.assign_curator(host, p, users[CURATOR], WORKER, "signed" if rnd.random() < 0.6 else "not_signed",
                                 now=now)
            if p.surveyed and rnd.random() < 0.65:
                factors = sorted(p.risk_profile)
                steps.record_first_visit(host, p, CURATOR, visited_on, {},
                                         rnd.sample(factors, min(len(factors), rnd.randint(1, 3))), now=now)
                activate = rnd.random() < 0.5
                if rnd.random() < 0.55:
                    docs = _documents(host, p, rnd, n, now)
                    if all(d.workflow_state == "confirmed" for d in docs):
                        complete.setdefault(p.__parent__.__parent__, []).append(p)
                # NB: a school activates its measures only once the curator confirmed its documents (issue 19).
                if activate and p.activated_risks and steps.measures_ready(p):
                    steps.activate_measures(host, p, WORKER, now=now)
        if rnd.random() < 0.4:
            steps.record_professional_development(host, p, True, WORKER, now=now)
    for muni, ps in complete.items():
        chosen = [p for p in ps if rnd.random() < 0.3]
        if chosen:
            _review_and_confirm(host, muni, chosen, users, now)


def _build_project(ctx):
    """4,000 schools of the 40,000 in the project, spread over every region, with varied progress."""
    if "p500_built" in ctx:
        return ctx["p500_built"]
    if "orgs_db_dir" not in ctx:
        raise BenchError("needs the database of bench_orgs_import")
    rows = ctx["orgs_rows"]
    rnd = random.Random(SEED)
    chosen = rnd.sample(rows, PROJECT_SCHOOLS)
    by_region = {}
    for row in sorted(chosen, key=lambda r: r[4]):
        by_region.setdefault(row[0], []).append(row[4])
    now = datetime.datetime.now(datetime.timezone.utc)
    start = time.perf_counter()
    with _site(ctx) as (site, host, tm):
        users = _users(site)
        tm.commit()
        for code, codes in sorted(by_region.items()):
            # NB: one transaction per region, as an operator's enrolment and a day's work would be.
            _progress(host, site[code], codes, users, rnd, now)
            tm.commit()
            if time.perf_counter() - start > BUILD_LIMIT_S:
                raise BenchError(f"building the project took more than {BUILD_LIMIT_S} s")
    _add_operator(ctx)
    ctx["p500_built"] = time.perf_counter() - start
    return ctx["p500_built"]


def _dashboard_check(rows_expected, codes):
    child = re.compile(rb'<tr><td><a href="[^"]*/@@indicators-500\?year=\d+">')

    def check(body):
        found = len(child.findall(body))
        shown = len(re.findall(rb'<tr data-code="', body))
        if found != rows_expected or shown != codes:
            raise BenchError(f"the dashboard showed {found} children (not {rows_expected}) "
                             f"and {shown} indicators (not {codes})")
    return check


def _expected(ctx):
    with _site(ctx) as (site, host, tm):
        from core.project500 import indicators, report
        totals = (indicators.counts(site, YEAR)["_total"], indicators.counts(site[REGION], YEAR)["_total"])
        return (len(report.children(site[REGION])), len(report.children(site)),
                len(report.indicator_list(host, site[REGION])), len(report.indicator_list(host, site)), totals)


def bench_indicators(ctx):
    """p95 of the region and federal 500+ dashboards with 4,000 of 40,000 schools in the project."""
    build_s = _build_project(ctx)
    munis, regions, region_codes, federal_codes, (total, region_total) = _expected(ctx)
    if total != PROJECT_SCHOOLS:
        raise BenchError(f"{total} schools in the project, not {PROJECT_SCHOOLS}")
    from tests.factories import PASSWORD
    region_path, federal_path = f"/{REGION}/@@indicators-500?year={YEAR}", f"/@@indicators-500?year={YEAR}"
    with Server("oko", ctx["orgs_ini"]) as server:
        region_client, federal_client = Client(server.port), Client(server.port)
        try:
            region_client.login(BENCH_LOGIN, PASSWORD)
            federal_client.login(FEDERAL_LOGIN, PASSWORD)
            region = latency(region_client, region_path, DASHBOARD_REQUESTS, DASHBOARD_WARMUP,
                             _dashboard_check(munis, region_codes))
            federal = latency(federal_client, federal_path, DASHBOARD_REQUESTS, DASHBOARD_WARMUP,
                              _dashboard_check(regions, federal_codes))
        except BenchError as exc:
            raise BenchError(f"{exc}\nserver log:\n{server.log()}") from None
        finally:
            region_client.close()
            federal_client.close()
    return {"indicators_build_s": build_s, "indicators_region_schools": region_total,
            "indicators_region_p95_ms": percentile(region, 95), "indicators_region_p50_ms": percentile(region, 50),
            "indicators_federal_p95_ms": percentile(federal, 95),
            "indicators_federal_p50_ms": percentile(federal, 50)}


# -- transitions --------------------------------------------------------------

def _submitted(site):
    """The docids of concept documents awaiting their curator."""
    catalog = site.services["catalog"]
    return catalog.family.IF.intersection(catalog["type_name"].applyEq("concept_document"),
                                          catalog["state"].applyEq("submitted"))


def _top_up(site, host, tm, users, wanted, rnd, now):
    """Send concept documents of project schools (visiting more schools as needed) until ``wanted`` await."""
    from core.cases import fire
    from core.project500 import steps
    from core.project500.model import ANTI_RISK_PROGRAMME, DEVELOPMENT_CONCEPT, MEDIUM_TERM_PROGRAMME
    from core.resources import traverse_path
    count = len(_submitted(site))
    catalog, docmap = site.services["catalog"], site.services["docmap"]
    found = catalog.family.IF.intersection(catalog["type_name"].applyEq("participation_500"),
                                           catalog["year"].applyEq(YEAR))
    paths = sorted(docmap.path_for(d) for d in found)
    rnd.shuffle(paths)
    unsurveyed = {}
    for path in paths:
        p = traverse_path(site, path)
        if not p.surveyed:
            unsurveyed.setdefault(p.__parent__.__parent__.__parent__, []).append(p.code)
    # NB: the survey of the rest, one file per region: the import reads a whole region.
    for region, codes in unsurveyed.items():
        rows = [(2 + i, code, f, "high") for i, (code, f) in enumerate((c, f) for c in codes for f in FACTORS[:3])]
        steps.import_risk_profiles(host, region, rows, YEAR, WORKER, now=now)
    visited_on = (now - datetime.timedelta(days=20)).date()
    for n, path in enumerate(paths):
        if count >= wanted:
            break
        p = traverse_path(site, path)
        if p.curator != CURATOR:
            steps.assign_curator(host, p, users[CURATOR], WORKER, "signed", now=now)
        if p.first_visit is None:
            steps.record_first_visit(host, p, CURATOR, visited_on, {}, sorted(p.risk_profile)[:3], now=now)
        kinds = [(DEVELOPMENT_CONCEPT, None), (MEDIUM_TERM_PROGRAMME, None)]
        kinds += [(ANTI_RISK_PROGRAMME, f) for f in sorted(p.activated_risks)]
        for kind, factor in kinds:
            if count >= wanted:
                break
            doc = p.get(steps.document_name(kind, factor))
            if doc is None:
                doc = steps.save_concept_document(host, p, kind, WORKER, _content(n), risk_factor=factor, now=now)
            if doc.workflow_state in ("draft", "returned"):
                fire(host, doc, "submit", WORKER, now=now)
                count += 1
        if n % 500 == 499:
            tm.commit()
    tm.commit()
    if count < wanted:
        raise BenchError(f"only {count} concept documents could be sent, not {wanted}")


def _check_counters(site, host):
    """The kept counters must equal a recount from the participations, or the rate means nothing."""
    from core.project500 import indicators
    from core.project500.model import Participation
    from core.resources import region_code_of, traverse_path
    catalog, docmap = site.services["catalog"], site.services["docmap"]
    totals = {}
    for docid in catalog["type_name"].applyEq("participation_500"):
        p = traverse_path(site, docmap.path_for(docid))
        if isinstance(p, Participation) and p.project_year == YEAR:
            totals["_total"] = totals.get("_total", 0) + 1
            for code in indicators.met_indicators(host, region_code_of(p), p):
                totals[code] = totals.get(code, 0) + 1
    kept = {k: v for k, v in indicators.counts(site, YEAR).items() if v}
    if kept != totals:
        raise BenchError(f"the federal counters {kept} differ from a recount {totals}")


def bench_transitions(ctx):
    """Confirm/return transitions per second (history, reindexing, indicators), one commit each."""
    from persistent.mapping import PersistentMapping

    from core.cases import fire
    from core.resources import traverse_path
    _build_project(ctx)
    rnd = random.Random(SEED + 1)
    now = datetime.datetime.now(datetime.timezone.utc)
    with _site(ctx) as (site, host, tm):
        users = {login: site.services["users"][login] for login in (CURATOR, REVIEWER)}
        start = time.perf_counter()
        _top_up(site, host, tm, users, DOCUMENTS, rnd, now)
        setup_s = time.perf_counter() - start
        docmap = site.services["docmap"]
        submitted = sorted(docmap.path_for(d) for d in _submitted(site))
        if len(submitted) < DOCUMENTS:
            raise BenchError(f"{len(submitted)} documents await their curator, not {DOCUMENTS}")
        picked = [traverse_path(site, path) for path in rnd.sample(submitted, TRANSITIONS_WARMUP + TRANSITIONS)]
        moves = [("confirm", "") if rnd.random() < 0.75 else ("return", "Уточните сроки мер") for _ in picked]
        tm.commit()
        # NB: the same connection for every transition, as a web worker keeps its cache between requests;
        # the first ones (other documents) warm the code paths, as the page benchmarks' first requests do.
        for doc, (name, comment) in zip(picked[:TRANSITIONS_WARMUP], moves):
            fire(host, doc, name, CURATOR, comment)
            tm.commit()
        chosen, moves = picked[TRANSITIONS_WARMUP:], moves[TRANSITIONS_WARMUP:]
        # The baseline: the smallest useful transaction, in the same database and connection.
        zodb_root = site._p_jar.root()
        raw = zodb_root.get("bench_raw")
        if raw is None:
            raw = zodb_root["bench_raw"] = PersistentMapping()
        tm.commit()
        storage, first_tid = site._p_jar.db().storage, site._p_jar.db().storage.lastTransaction()
        # NB: in alternating blocks, so that both rates see the same machine: the disk's
        # fsync time and the neighbours' load vary by a factor of several within a minute.
        elapsed = raw_elapsed = 0.0
        for block in range(0, TRANSITIONS, BLOCK):
            start = time.perf_counter()
            for doc, (name, comment) in zip(chosen[block:block + BLOCK], moves[block:block + BLOCK]):
                fire(host, doc, name, CURATOR, comment)
                tm.commit()
            elapsed += time.perf_counter() - start
            start = time.perf_counter()
            for i in range(block, block + BLOCK):
                raw["value"] = i
                tm.commit()
            raw_elapsed += time.perf_counter() - start
        confirmed = sum(1 for doc in chosen if doc.workflow_state == "confirmed")
        if confirmed != sum(1 for name, _ in moves if name == "confirm"):
            raise BenchError("not every transition took effect")
        _check_counters(site, host)
        records, size = _written(storage, first_tid, raw._p_oid)
    return {"transitions_setup_s": setup_s, "transitions_per_s": TRANSITIONS / elapsed,
            "transition_ms": elapsed / TRANSITIONS * 1000, "raw_commits_per_s": TRANSITIONS / raw_elapsed,
            "transition_records": records / TRANSITIONS, "transition_bytes": size / TRANSITIONS}


def _written(storage, after, raw_oid):
    """Records and bytes the transitions committed after ``after`` (the baseline's commits left out).

    Unlike the rates, these do not depend on the machine: what a transition
    writes is most of what its commit costs.
    """
    from ZODB.utils import p64, u64
    records = size = 0
    for txn in storage.iterator(p64(u64(after) + 1)):
        written = list(txn)
        if len(written) == 1 and written[0].oid == raw_oid:
            continue
        records += len(written)
        size += sum(len(r.data or b"") for r in written)
    return records, size


bench_indicators.requires = (bench_orgs_import,)
bench_transitions.requires = (bench_orgs_import,)

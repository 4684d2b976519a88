"""The CMM bank: scoring a campaign's closed items and assembling tests, each against a bare loop.

``bench_score_campaign``: 10,000 participants x 60 items (the issue's
``score_campaign_10k_s``, target < 10 s), answered at random (about 60 %
right), scored by ``core.cmm.scoring.score_tests``; the baseline compares
each answer with the correct one in a plain Python loop over the same data.

``bench_assemble``: tests drawn the way a campaign draws them
(``assemble_test`` on a region of a database holding the published federal
bank, with an exposure counter), against plain ``random.sample`` of the
same counts from lists prepared beforehand; ``assemble_tests_pooled_per_s``
is the same draws with the published pool built once and passed in, as a
batch (``core.attestation.sitting.rehearse``) does.
"""
import random
import time

import transaction

from tests.bench.support import opened_db, temp_dir, zodb_uri

PARTICIPANTS, ITEMS = 10_000, 60
ASSEMBLED = 2000


def _pool(rng):
    """300 closed items of every kind over the competences."""
    from core.cmm.model import COMPETENCES, ItemVersion
    pool = []
    kinds = ("single", "single", "multiple", "short")
    for n in range(300):
        kind = kinds[n % 4]
        options = [(k, f"Вариант {k}") for k in "abcd"] if kind != "short" else []
        answer = (("b",) if kind == "single" else ("a", "c") if kind == "multiple" else ("Программа развития",))
        pool.append(ItemVersion(code=f"bench-{n:03d}", version=1, kind=kind,
                                competence=list(COMPETENCES)[n % len(COMPETENCES)], level="federal",
                                school_types={"urban", "rural", "small"}, categories={"head", "candidate"},
                                stem=f"Задание № {n} для замера", options=options, answer=answer,
                                status="published"))
    return pool


def _answer(version, rng):
    right = rng.random() < 0.6
    if version.kind == "single":
        return "b" if right else rng.choice("acd")
    if version.kind == "multiple":
        return ("a", "c") if right else ("a",)
    return "программа  развития" if right else "устав"


def bench_score_campaign(ctx):
    """Seconds to score 10,000 participants x 60 closed items, and the bare-loop baseline."""
    from core.cmm.scoring import score_tests
    rng = random.Random(2026)
    pool = _pool(rng)
    tests = [rng.sample(pool, ITEMS) for _ in range(PARTICIPANTS)]
    answers = [[_answer(v, rng) for v in test] for test in tests]
    start = time.perf_counter()
    totals = score_tests(tests, answers)
    scored = time.perf_counter() - start
    # NB: the baseline gets the correct answers ready-made, as plain values.
    correct = [[v.answer[0] if v.kind == "single" else v.answer if v.kind == "multiple" else "программа  развития"
                for v in test] for test in tests]
    start = time.perf_counter()
    bare = [sum(1.0 for a, c in zip(row, right) if a == c) for row, right in zip(answers, correct)]
    baseline = time.perf_counter() - start
    if abs(sum(totals) - sum(bare)) > 1e-6:
        raise AssertionError(f"scores differ from the baseline: {sum(totals)} != {sum(bare)}")
    return {"score_campaign_10k_s": scored, "score_campaign_bare_loop_s": baseline}


def bench_assemble(ctx):
    """Tests assembled per second (blueprint, seed, exposure, from the database), and the bare baseline."""
    from core.bootstrap import bootstrap
    from core.cmm import federal
    from core.cmm.assembly import Exposure, assemble_test, blueprint_for
    from core.cmm.bank import published_items
    from core.plugins import Host, make_plugin_manager
    from core.resources import Region
    host = Host(make_plugin_manager())
    folder = temp_dir(ctx.stack, "cmm")
    with opened_db(zodb_uri(folder)) as db:
        conn = db.open()
        site = bootstrap(conn.root())
        region = site.add("66", Region("66", "Свердловская область"))
        federal.load_federal_bank(host, site)
        transaction.commit()
        # NB: counted but not binding: the demo region has one variant case, which every test needs.
        exposure = Exposure(max_share=1.0, expected_tests=ASSEMBLED)
        start = time.perf_counter()
        for n in range(ASSEMBLED):
            assemble_test(host, region, "head", ("urban", "rural", "small")[n % 3], seed=n, exposure=exposure)
        per_s = ASSEMBLED / (time.perf_counter() - start)
        transaction.abort()
        # A batch (a campaign's rehearsal of its draws): the published pool built once, passed to every draw.
        exposure = Exposure(max_share=1.0, expected_tests=ASSEMBLED)
        start = time.perf_counter()
        pool = published_items(host, region)
        for n in range(ASSEMBLED):
            assemble_test(host, region, "head", ("urban", "rural", "small")[n % 3], seed=n, exposure=exposure,
                          pool=pool)
        pooled_per_s = ASSEMBLED / (time.perf_counter() - start)
        transaction.abort()
        pool = published_items(host, region, "head", "urban")
        blueprint = blueprint_for(host, "66", "head", "urban")
        groups = {row: [v for v in pool if v.part == row.part and (not v.closed) == row.cases
                        and row.competence in ("*", v.competence)] for row in blueprint.rows}
        start = time.perf_counter()
        for n in range(ASSEMBLED):
            rng = random.Random(n)
            for row, candidates in groups.items():
                rng.sample(candidates, row.count)
        bare = ASSEMBLED / (time.perf_counter() - start)
        conn.close()
    return {"assemble_tests_per_s": per_s, "assemble_tests_pooled_per_s": pooled_per_s,
            "assemble_bare_sample_per_s": bare}

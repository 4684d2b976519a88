"""Roadmaps handed down: a region of 1,000 schools gets 002's regional roadmap of one year (its 20 school-level
measures), derived to its 20 municipalities and from each to its 50 schools, one commit per level as the
coordinators would; the baseline writes the same roadmaps and measures as bare objects in the same run."""
import time

import transaction

from tests.bench.support import opened_db, temp_dir, zodb_uri

MUNICIPALITIES, SCHOOLS_PER, YEAR = 20, 50, 2022


def _region(tm, conn):
    from core.bootstrap import bootstrap
    from core.orgimport import Row, apply

    rows = [Row(n, "77", "Регион", f"m{n % MUNICIPALITIES:02d}", f"Муниципалитет {n % MUNICIPALITIES}",
                f"77-{n:04d}", f"Школа № {n}", ("urban", "rural", "small")[n % 3])
            for n in range(1, MUNICIPALITIES * SCHOOLS_PER + 1)]
    with tm:
        site = bootstrap(conn.root())
        apply(site, rows)
    return site


def _regional_roadmap(tm, site):
    from core import roadmaps
    from core.demo.roadmap_seeds import seed_docx, seed_filename

    with tm:
        roadmap = roadmaps.import_roadmap(site["77"], seed_docx(2), seed_filename(2), "bench")[1].roadmap
        # NB: a roadmap of one year: about 20 measures a school (the issue's figure), not 002's five years.
        for measure in list(roadmap.measures.values()):
            if measure.year != YEAR:
                roadmap.remove_measure(measure)
    return roadmap


def bench_roadmap_derive(ctx):
    """Seconds to hand a regional roadmap down to 20 municipalities and 1,000 schools (with the commits), and
    the seconds to write the same roadmaps and measures bare."""
    from core.roadmaps import derivation
    from core.roadmaps.model import Roadmap

    db_dir = temp_dir(ctx.stack, "roadmap-derive-db")
    with opened_db(zodb_uri(db_dir)) as db:
        tm = transaction.TransactionManager()
        conn = db.open(transaction_manager=tm)
        try:
            site = _region(tm, conn)
            regional = _regional_roadmap(tm, site)
            start = time.perf_counter()
            with tm:
                municipal = derivation.derive(regional, "bench").created
            for roadmap in municipal:
                with tm:
                    derivation.derive(roadmap, "bench")
            derive_s = time.perf_counter() - start
            schools = [s for m in site["77"].values() if hasattr(m, "values") for s in m.values()
                       if getattr(s, "type_name", "") == "school"]
            derived = [r for s in schools for r in s["roadmaps"].values()] if schools else []
            measures = sum(len(r) for r in derived) + sum(len(r) for r in municipal)
            if len(derived) != MUNICIPALITIES * SCHOOLS_PER:
                raise AssertionError(f"{len(derived)} school roadmaps, not {MUNICIPALITIES * SCHOOLS_PER}")
            per_school = len(derived[0])
            sources = {code: [m for m in regional.ordered() if m.level in levels]
                       for code, levels in derivation.CARRIED.items()}
        finally:
            conn.close()
    # The baseline: the same roadmaps and measures, written bare into a fresh database (no lookup, no origin check).
    with opened_db(zodb_uri(temp_dir(ctx.stack, "roadmap-derive-raw"))) as db:
        tm = transaction.TransactionManager()
        conn = db.open(transaction_manager=tm)
        try:
            root = conn.root()
            start = time.perf_counter()
            for municipality in range(MUNICIPALITIES):
                with tm:
                    for level, count in (("municipality", 1), ("school", SCHOOLS_PER)):
                        for n in range(count):
                            roadmap = Roadmap(regional.title, level, "bench")
                            for m in sources[level]:
                                roadmap.add_measure(m.section, m.level, m.text, m.position, origin=m.uid,
                                                    **derivation._copy(m))
                            root[f"{municipality}-{level}-{n}"] = roadmap
            raw_s = time.perf_counter() - start
        finally:
            conn.close()
    return {"roadmap_derive_region_s": derive_s, "roadmap_derive_raw_write_s": raw_s,
            "roadmap_derive_measures": measures, "roadmap_derive_school_measures": per_school}

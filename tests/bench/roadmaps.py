"""Roadmaps: the biggest seed (002, 446 measures of 8 systems x 3 levels x years) imported from its Word document."""
import time

import transaction

from tests.bench.support import opened_db, temp_dir, zodb_uri

REGIONS, WARMUP = 20, 2


def bench_roadmap_import(ctx):
    """Measures per second of `import_roadmap` (read the .docx behind the inspector, match, write, commit),
    the seed 002 into one region after another; and the reading alone."""
    from core import roadmaps
    from core.bootstrap import bootstrap
    from core.resources import Region
    from tests.roadmap_seeds import seed_docx, seed_filename

    data, name = seed_docx(2), seed_filename(2)
    db_dir = temp_dir(ctx.stack, "roadmaps-db")
    with opened_db(zodb_uri(db_dir)) as db:
        tm = transaction.TransactionManager()
        conn = db.open(transaction_manager=tm)
        try:
            with tm:
                site = bootstrap(conn.root())
                regions = [site.add(f"{n:02d}", Region(f"{n:02d}", f"Регион {n}")) for n in range(WARMUP + REGIONS)]
            count = 0
            for n, region in enumerate(regions):
                if n == WARMUP:
                    start, count = time.perf_counter(), 0
                with tm:
                    reading, report = roadmaps.import_roadmap(region, data, name, "bench")
                count += report.added
            import_s = time.perf_counter() - start
            start = time.perf_counter()
            for _ in range(REGIONS):
                roadmaps.read_document(data, name, "region")
            read_s = time.perf_counter() - start
            # the same file again: nothing to write
            start = time.perf_counter()
            for region in regions[WARMUP:]:
                with tm:
                    _, report = roadmaps.import_roadmap(region, data, name, "bench")
                    assert not report.touched
            again_s = time.perf_counter() - start
        finally:
            conn.close()
    return {"roadmap_import_measures_per_s": count / import_s,
            "roadmap_read_measures_per_s": len(reading.measures) * REGIONS / read_s,
            "roadmap_reimport_unchanged_measures_per_s": len(reading.measures) * REGIONS / again_s}

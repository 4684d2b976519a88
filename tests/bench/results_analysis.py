"""The analysis of results at a region's scale: 1,000 schools with three years of results and their context,
clustered (scikit-learn, k = 2..8 by silhouette), flagged and the low-results list proposed; beside it, the bare
scikit-learn work on the same features (the baseline of the same run)."""
import importlib
import random
import time

import transaction

from tests.bench.support import opened_db, temp_dir, zodb_uri

SCHOOLS, MUNICIPALITIES = 1000, 10
YEARS = (2023, 2024, 2025)
KINDS = ("urban", "rural", "small")
PROCEDURES = [("ВПР", "Математика", 5), ("ВПР", "Русский язык", 5), ("ОГЭ", "Математика", 9),
              ("ЕГЭ", "Русский язык", 11)]
CONTEXTS = ("благоприятный", "средний", "неблагоприятный")


def _rows(codes, seed=17):
    rnd = random.Random(seed)
    rows = [(1, ["Код ОО", "Процедура", "Предмет", "Класс", "Год", "Число участников", "Средний балл",
                 "Доля «2», %", "Доля «3», %", "Доля «4», %", "Доля «5», %"])]
    facts = [(1, ["Код ОО", "Год", "Число обучающихся", "Доля обучающихся с ОВЗ",
                  "Социально-экономический контекст"])]
    for n, code in enumerate(codes):
        kind = KINDS[n % 3]
        level = rnd.gauss(0, 4) - (6 if kind == "small" else 0)
        for year in YEARS:
            for procedure, subject, grade in PROCEDURES:
                low = max(0.0, min(60.0, round(12 - level + rnd.gauss(0, 2), 1)))
                high = max(0.0, min(100.0 - low, round(15 + level + rnd.gauss(0, 2), 1)))
                base = round((100 - low - high) * 0.55, 1)
                mean = f"{62 + level + rnd.gauss(0, 2):.1f}" if procedure == "ЕГЭ" else ""
                rows.append((len(rows) + 1, [code, procedure, subject, str(grade), str(year),
                                             str(rnd.randint(10, 60)), mean, str(low), str(base),
                                             str(round(100 - low - high - base, 1)), str(high)]))
        pupils = {"urban": 900, "rural": 250, "small": 60}[kind] * rnd.uniform(0.7, 1.3)
        facts.append((len(facts) + 1, [code, str(YEARS[-1]), str(int(pupils)), f"{rnd.uniform(1, 12):.1f}",
                                       rnd.choice(CONTEXTS)]))
    return rows, facts


def bench_clusters(ctx):
    """Seconds to cluster a region of 1,000 schools (read their context, scale, k-means for k = 2..8 with the
    silhouette of each, describe the clusters, keep them); the flags and the proposed list at the same scale;
    the bare scikit-learn work on the same features as the baseline."""
    from core import main
    from core.bootstrap import bootstrap
    from core.resources import Municipality, Region, School
    from core.results import clusters, facts_import, importer, low, objectivity
    from core.results.model import region_bank
    from core.testing import SETTINGS
    from tests.factories import make_user

    app = main({}, **SETTINGS)
    host, hasher = app.registry.oko, app.registry.oko_hasher
    with opened_db(zodb_uri(temp_dir(ctx.stack, "clusters-db"))) as db:
        tm = transaction.TransactionManager()
        conn = db.open(transaction_manager=tm)
        try:
            with tm:
                site = bootstrap(conn.root())
                region = site.add("66", Region("66", "Свердловская область"))
                codes = []
                for m in range(MUNICIPALITIES):
                    muni = region.add(f"m{m}", Municipality(f"m{m}", f"Муниципалитет {m}"))
                    for s in range(SCHOOLS // MUNICIPALITIES):
                        code = f"66-{m}-{s}"
                        muni.add(f"s{s}", School(code, f"Школа {code}", KINDS[(m * 100 + s) % 3]))
                        codes.append(code)
                make_user(site, "region66", hasher, [("regional_operator", "66")])
                rows, facts = _rows(codes)
                importer.apply(site, importer.check(host, region, rows), "bench", "r.csv")
                facts_import.apply(site, facts_import.check(host, region, facts), "bench", "f.csv")
            # NB: scikit-learn's import (once a process, at the first clustering) measured apart.
            start = time.perf_counter()
            for name in ("sklearn.cluster", "sklearn.metrics", "sklearn.preprocessing"):
                importlib.import_module(name)
            import_s = time.perf_counter() - start
            with tm:
                bank = region_bank(site, "66")
                start = time.perf_counter()
                clustering = clusters.compute(host, region, bank, "region66")
                cluster_s = time.perf_counter() - start
                start = time.perf_counter()
                flags = objectivity.flags(host, region, bank)
                flags_s = time.perf_counter() - start
                start = time.perf_counter()
                listed = low.propose(host, region, YEARS[-1] + 1, "region66")
                propose_s = time.perf_counter() - start
                features = [clusters.features_of(s, bank.facts.get(s.code)) for s in clusters.schools_of(region, bank)]
            start = time.perf_counter()
            clusters.cluster_matrix(features)
            bare_s = time.perf_counter() - start
        finally:
            conn.close()
    return {"clusters_region_1000_schools_s": cluster_s, "clusters_bare_sklearn_1000_s": bare_s,
            "clusters_sklearn_import_s": import_s,
            "clusters_k_chosen": clustering.k, "objectivity_flags_1000_schools_s": flags_s,
            "objectivity_flags_found": sum(len(f) for _, f in flags), "low_results_propose_1000_schools_s": propose_s,
            "low_results_proposed": len(listed.proposed)}

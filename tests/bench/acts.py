"""Normative acts: documents generated and stored through docgen, against raw docxtpl."""
import io
import time

import transaction

from tests.bench.support import BenchError, opened_db, temp_dir, zodb_uri

TEMPLATE = "order_attestation_results"
ROWS = 20  # an annex of twenty attested leaders
ACTS, RAW, WARMUP = 200, 200, 5


def _values(template):
    from core.docgen.values import sample_values
    values = sample_values(template.schema)
    values["attestees"] = [dict(values["attestees"][0], name=f"Аттестуемый № {n}") for n in range(ROWS)]
    return values


def _raw_per_s(template, values):
    """Documents per second of plain docxtpl: open, render, save, as its documentation shows."""
    from docxtpl import DocxTemplate

    from core.docgen.engine import ENV
    from core.docgen.values import build_context
    context = build_context(template.schema, values)
    path = template.where
    start = time.perf_counter()
    for _ in range(RAW):
        tpl = DocxTemplate(path)
        tpl.render(context, ENV)
        tpl.save(io.BytesIO())
    return RAW / (time.perf_counter() - start)


def bench_acts(ctx):
    """Acts drafted (generated .docx + blob + catalog, one commit each) per second, vs raw docxtpl."""
    from core import acts
    from core.bootstrap import bootstrap
    from core.plugins import Host, make_plugin_manager
    from core.resources import Region
    host = Host(make_plugin_manager())
    db_dir = temp_dir(ctx.stack, "acts-db")
    with opened_db(zodb_uri(db_dir)) as db:
        tm = transaction.TransactionManager()
        conn = db.open(transaction_manager=tm)
        try:
            with tm:
                region = bootstrap(conn.root()).add("66", Region("66", "Свердловская область"))
            template = acts.template_for(host, region, TEMPLATE)
            values = _values(template)
            for n in range(WARMUP + ACTS):
                if n == WARMUP:
                    start = time.perf_counter()
                with tm:
                    acts.draft_act(host, region, TEMPLATE, values, "bench")
            per_s = ACTS / (time.perf_counter() - start)
            with tm:
                stored = len(acts.register_of(region))
        finally:
            conn.close()
    if stored != WARMUP + ACTS:
        raise BenchError(f"{stored} acts stored, not {WARMUP + ACTS}")
    return {"act_generate_per_s": per_s, "act_raw_docxtpl_per_s": _raw_per_s(template, values)}

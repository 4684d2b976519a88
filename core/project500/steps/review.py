"""Step 6 of the roadmap: the selective content review of a sample of schools."""
import math
import random

from core.project500 import access
from core.project500.model import Review, SampleRecord
from core.project500.steps._common import StepRefused, now_or, participation_of, refresh
from core.resources import Municipality, School, region_code_of
from core.security.roles import grant
from core.workflow import ACCEPTED, means


def participations(muni, year):
    """The municipality's participations in ``year``, by school code."""
    found = []
    for school in muni.values():
        p = participation_of(school, year) if isinstance(school, School) else None
        if p is not None:
            found.append(p)
    return sorted(found, key=lambda p: p.code)


def draw_sample(host, muni, year, actor, percent=None, seed=None, chosen=None, now=None):
    """Choose the schools whose documents are reviewed: a seeded percentage, or by hand."""
    access.DRAW_SAMPLE.require(muni, actor)
    if not isinstance(muni, Municipality):
        raise StepRefused("Выборку формирует муниципалитет.", "invalid")
    pool = participations(muni, year)
    if not pool:
        raise StepRefused("В муниципалитете нет школ проекта в этом году.")
    if chosen:
        codes = {p.code for p in pool}
        unknown = sorted(set(chosen) - codes)
        if unknown:
            raise StepRefused(f"Эти школы не участвуют в проекте: {', '.join(unknown)}.", "invalid")
        picked = set(chosen)
    else:
        if percent is None or not 0 < percent <= 100:
            raise StepRefused("Укажите долю выборки от 1 до 100 %.", "invalid")
        k = max(1, math.ceil(len(pool) * percent / 100))
        picked = {p.code for p in random.Random(seed).sample(pool, k)}
    for p in pool:
        p.sampled = p.code in picked
        refresh(host, p)
    record = SampleRecord(year, percent, seed, sorted(picked), actor, now_or(now))
    samples = dict(getattr(muni, "review_samples", {}))
    samples[year] = record
    muni.review_samples = samples
    return sorted(picked)


def assign_reviewer(host, p, reviewer, actor, now=None):
    """Give a reviewer (an expert) the school's documents to review; only schools in the sample."""
    access.ASSIGN_REVIEWER.require(p, actor)
    if not p.sampled:
        raise StepRefused("Школа не вошла в выборку для экспертизы.")
    grant(p, reviewer, "expert", actor, via="assign_reviewer", now=now)
    p.reviewers = p.reviewers | {reviewer.login}
    p.record("reviewer_assigned", actor, reviewer.login, now=now)
    refresh(host, p)


def review_document(host, doc, actor, results, now=None):
    """Fill the checklist of a confirmed document: ``{criterion: (met, comment)}``."""
    p = doc.__parent__
    access.REVIEW_DOCUMENT.require(p, actor)
    if not p.sampled or actor not in p.reviewers:
        raise StepRefused("Документ не назначен вам на экспертизу.", "forbidden")
    if not means(doc, ACCEPTED):
        raise StepRefused("Экспертизе подлежат только документы, подтверждённые куратором.")
    region = region_code_of(doc)
    criteria = host.review_criteria(region, doc.document_type)
    missing = [c["title"] for c in criteria if c["code"] not in results]
    if missing:
        raise StepRefused("Оцените все критерии: " + "; ".join(missing), "invalid", missing)
    rows = tuple((c["code"], bool(results[c["code"]][0]), (results[c["code"]][1] or "").strip())
                 for c in criteria)
    conforms = all(met for (code, met, _), c in zip(rows, criteria) if c.get("mandatory", True))
    doc.reviews = tuple(r for r in doc.reviews if r.reviewer != actor) + (Review(actor, now_or(now), rows, conforms),)
    p.record("reviewed", actor, f"{doc.title}: {'соответствует' if conforms else 'не соответствует'}", now=now)
    refresh(host, p)
    return conforms

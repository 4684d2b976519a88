"""The municipality's project page: the coordinator's work on every school of the project in a year
(seminar, curators and contracts, the review sample, reviewers, professional development)."""
import secrets
from types import SimpleNamespace

from pyramid.view import view_config

from core.numbers import number
from core.project500 import access, report, steps
from core.project500.model import CONTRACT
from core.project500.pages._common import (
    done,
    macros,
    project_page,
    refused,
    step_title,
    template,
    year_of,
)
from core.project500.pages.tables import pasted_codes
from core.refused import Refused
from core.resources import Municipality, region_code_of
from core.security.permissions import MANAGE_PROJECT
from core.site import get_site
from core.views.layout import PAGE_SIZE
from core.web.paging import requested_page

PAGE = template("municipality")


def _has_dashboard(request):
    # NB: the indicators' dashboard is its own module; link to it only where it is installed.
    found = getattr(request.registry, "_oko_has_dashboard_500", None)
    if found is None:
        views = request.registry.introspector.get_category("views") or ()
        found = any(v["introspectable"]["name"] == "indicators-500" for v in views)
        request.registry._oko_has_dashboard_500 = found
    return found


def municipality_page(muni, request, year=None, **extra):
    """The data of the municipality's project page (``muni`` is named: a refused step of a school
    shows this page from the school's address)."""
    host = request.registry.oko
    year = year or year_of(request, muni)
    listing = project_page(get_site(request), muni, year, requested_page(request, PAGE_SIZE))
    base = request.resource_url(muni, "@@project500")
    region = region_code_of(muni)
    rows = []
    for p in listing.items:
        todo = steps.next_steps(host, region, p)
        rows.append(SimpleNamespace(
            p=p, url=request.resource_url(p), school=p.__parent__.title,
            next=", ".join(step_title(step) for step, _, _ in todo) or "—",
            due=min((due for _, _, due in todo if due), default=None)))
    sample = getattr(muni, "review_samples", {}).get(year)
    return {
        "muni": muni, "year": year, "years": sorted(set(report.years(muni)) | {year}, reverse=True),
        "rows": rows, "listing": listing, "page_url": lambda n: f"{base}?year={year}&page={n}",
        "sample": sample, "contracts": sorted(CONTRACT.items()), "macros": macros(), "back": "municipality",
        "dashboard_url": request.resource_url(muni, "@@indicators-500", query={"year": year})
        if _has_dashboard(request) else None,
        "percent": "", "seed": "", "chosen": "", "error": None, "details": [], **extra}


@view_config(context=Municipality, name="project500", request_method="GET", renderer=PAGE,
             permission=MANAGE_PROJECT)
def municipality_project(context, request):
    """The municipality's schools in the project, with the coordinator's forms for each."""
    return municipality_page(context, request)


@view_config(context=Municipality, name="project500-sample", request_method="POST",
             permission=access.DRAW_SAMPLE.permission)
def draw_sample(context, request):
    """Draw the schools whose documents are reviewed: a share with a seed (kept, so the draw can be
    repeated), or the schools chosen by hand."""
    post = request.POST
    form = {"percent": post.get("percent", ""), "seed": post.get("seed", ""), "chosen": post.get("chosen", "")}
    try:
        year = int(post.get("year", ""))
    except ValueError:
        year = year_of(request, context)
    try:
        chosen = pasted_codes(form["chosen"])
        percent = seed = None
        if not chosen:
            try:
                percent = float(form["percent"].replace(",", "."))
                seed = int(form["seed"]) if form["seed"].strip() else secrets.randbelow(1_000_000)
            except ValueError:
                raise steps.StepRefused("Укажите долю выборки в процентах (и, если нужно, число для жеребьёвки) "
                                        "или перечислите коды школ.", "invalid") from None
        picked = steps.draw_sample(request.registry.oko, context, year, request.authenticated_userid,
                                   percent=percent, seed=seed, chosen=chosen or None)
    except Refused as exc:
        return refused(request, exc, PAGE, municipality_page(context, request, year, **form))
    how = "выбраны вручную" if chosen else f"{number(percent)}\u00a0%, число жеребьёвки {seed}"
    return done(request, request.resource_url(context, "@@project500", query={"year": year}),
                f"Выборка для экспертизы ({how}): {', '.join(picked)}.")

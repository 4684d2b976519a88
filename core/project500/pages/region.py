"""The region's project page: the regional operator enrols schools for a year and loads the survey's risk profiles."""
from types import SimpleNamespace

from pyramid.view import view_config

from core.project500 import access, indicators, report, steps
from core.project500.pages._common import done, project_page, refused, step_title, template, year_of
from core.project500.pages.tables import TableRefused, codes_from_file, pasted_codes, risk_rows
from core.refused import Refused
from core.resources import Region, region_code_of
from core.security.permissions import MANAGE_PROJECT
from core.site import get_site
from core.views.layout import PAGE_SIZE
from core.web.paging import requested_page

PAGE = template("region")


def _upload(request):
    field = request.POST.get("file")
    return field if hasattr(field, "file") and getattr(field, "filename", "") else None


def _year(request, context):
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = None
    if year is None or not 2000 <= year <= 2100:
        raise TableRefused("Укажите год проекта (например, 2026).")
    return year


def participation_row(request, host, p):
    """What a list of the project's schools says of one school."""
    school = p.__parent__
    todo = steps.next_steps(host, region_code_of(p), p)
    return SimpleNamespace(
        url=request.resource_url(p), school=school.title, code=p.code, p=p,
        municipality=school.__parent__.title, surveyed=p.surveyed, curator=p.curator,
        next=", ".join(step_title(step) for step, _, _ in todo) or "—",
        due=min((due for _, _, due in todo if due), default=None))


def region_page(context, request, year=None, **extra):
    """The data of the region's project page."""
    host = request.registry.oko
    year = year or year_of(request, context)
    listing = project_page(get_site(request), context, year, requested_page(request, PAGE_SIZE))
    base = request.resource_url(context, "@@project500")
    counts = indicators.counts(context, year)
    return {
        "year": year, "years": sorted(set(report.years(context)) | {year}, reverse=True),
        "total": counts.get(indicators.TOTAL, 0), "surveyed": counts.get("surveyed", 0),
        "positive": counts.get("positive_changes", 0),
        "rows": [participation_row(request, host, p) for p in listing.items],
        "listing": listing, "page_url": lambda n: f"{base}?year={year}&page={n}",
        "dashboard_url": request.resource_url(context, "@@indicators-500", query={"year": year}),
        "codes": "", "error": None, "details": [], **extra}


@view_config(context=Region, name="project500", request_method="GET", renderer=PAGE,
             permission=MANAGE_PROJECT)
def region_project(context, request):
    """The region's schools in the project in a year, and the operator's forms."""
    return region_page(context, request)


@view_config(context=Region, name="project500-enrol", request_method="POST",
             permission=access.ENROL.permission)
def enrol(context, request):
    """Enrol the schools listed (pasted codes and/or a CSV/XLSX file) for a year; unknown codes refuse the list."""
    typed = request.POST.get("codes", "")
    try:
        year = _year(request, context)
        codes = pasted_codes(typed)
        upload = _upload(request)
        if upload is not None:
            codes += codes_from_file(upload.file, upload.filename, request.registry.oko.upload_limits)
        if not codes:
            raise TableRefused("Список пуст: вставьте коды школ или приложите файл.")
        enrolled, already, _ = steps.enrol(request.registry.oko, context, codes, year,
                                           request.authenticated_userid)
    except Refused as exc:
        return refused(request, exc, PAGE, region_page(context, request, codes=typed))
    message = f"Включено в проект в {year} году школ: {len(enrolled)}."
    if already:
        message += f" Уже участвовали: {', '.join(already)}."
    return done(request, request.resource_url(context, "@@project500", query={"year": year}), message)


@view_config(context=Region, name="project500-risk-profiles", request_method="POST",
             permission=access.IMPORT_RISK_PROFILES.permission)
def import_risk_profiles(context, request):
    """Load the federal survey's results for the whole region at once; one bad line refuses the file."""
    try:
        year = _year(request, context)
        upload = _upload(request)
        if upload is None:
            raise TableRefused("Приложите файл с результатами анкетирования (CSV или XLSX).")
        host = request.registry.oko
        rows = risk_rows(upload.file, upload.filename, host.upload_limits)
        count = steps.import_risk_profiles(host, context, rows, year, request.authenticated_userid)
    except Refused as exc:
        return refused(request, exc, PAGE, region_page(context, request))
    return done(request, request.resource_url(context, "@@project500", query={"year": year}),
                f"Рисковые профили загружены: школ — {count}.")

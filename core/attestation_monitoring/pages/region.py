"""A region's quarterly monitoring: snapshots taken and kept, and the annual report built from four of them."""
import datetime

from markupsafe import Markup
from pyramid.view import view_config

from core.attestation_monitoring import MonitoringRefused, annual_report, charts, snapshots, take_snapshot, workbook
from core.attestation_monitoring.document import DRAFT_ANNUAL_ACT, draft_annual_act, extra_variables
from core.attestation_monitoring.pages._common import XLSX, attachment, done, refused, template
from core.attestation_monitoring.pages.campaign import report_page
from core.attestation_monitoring.quarterly import QUARTERS, TAKE_SNAPSHOT, Snapshot, percent, quarter_of
from core.resources import Region
from core.security.permissions import MANAGE_PROJECT

LIST_PAGE = template("quarters")
ANNUAL_PAGE = template("annual")
SNAPSHOT_PAGE = template("campaign")


def _year(request):
    try:
        year = int(request.params.get("year", ""))
    except ValueError:
        return datetime.date.today().year
    return year if 2000 <= year <= 2100 else datetime.date.today().year


def quarters_page(request, region, **extra):
    """The region's snapshots, newest first, and the form to take one."""
    today = datetime.date.today()
    return {"region": region, "snapshots": list(reversed(snapshots(region))), "quarters": QUARTERS,
            "year": today.year, "quarter": quarter_of(today), "percent": percent, "error": None, **extra}


@view_config(context=Region, name="attestation-monitoring", request_method="GET", renderer=LIST_PAGE,
             permission=MANAGE_PROJECT)
def quarters(context, request):
    """The quarterly monitoring of the region's attestation."""
    return quarters_page(request, context)


@view_config(context=Region, name="attestation-monitoring", request_method="POST", renderer=LIST_PAGE,
             permission=TAKE_SNAPSHOT.permission)
def take(context, request):
    """Take (or retake) a quarter's snapshot."""
    try:
        snap = take_snapshot(request.registry.oko, context, request.POST.get("year"), request.POST.get("quarter"),
                             request.authenticated_userid)
    except MonitoringRefused as exc:
        return refused(request, exc, LIST_PAGE, quarters_page(request, context))
    return done(request, request.resource_url(snap), f"{snap.title}: сведения зафиксированы (редакция {snap.revision}).")


@view_config(context=Snapshot, renderer=SNAPSHOT_PAGE, permission=MANAGE_PROJECT)
def snapshot_view(context, request):
    """A quarter's snapshot: the report as it was then."""
    return report_page(request, context.figures, title=context.title,
                       taken=f"{context.taken_at:%d.%m.%Y %H:%M}, редакция {context.revision}",
                       xlsx_url=request.resource_url(context, "@@xlsx"),
                       back_url=request.resource_url(context.__parent__.__parent__, "@@attestation-monitoring"))


@view_config(context=Snapshot, name="xlsx", permission=MANAGE_PROJECT)
def snapshot_xlsx(context, request):
    """A quarter's snapshot as an Excel workbook."""
    return attachment(workbook.report_workbook(context.figures),
                      f"monitoring-attestation-{context.figures['region']}-{context.year}-q{context.quarter}.xlsx", XLSX)


def annual_page(request, region, year, **extra):
    """The annual report's page data, or the refusal's."""
    try:
        annual = annual_report(region, year)
    except MonitoringRefused as exc:
        return None, {"region": region, "year": year, "annual": None, "error": str(exc), **extra}
    return annual, {**report_page(request, annual.final), "region": region, "year": year, "annual": annual,
                    "extra": extra_variables(request.registry.oko, region),
                    "quarter_titles": [QUARTERS[q.quarter] for q in annual.quarters],
                    "trend": Markup(charts.quarter_lines(annual)), **extra}


@view_config(context=Region, name="attestation-annual", request_method="GET", renderer=ANNUAL_PAGE,
             permission=MANAGE_PROJECT)
def annual(context, request):
    """The annual report of a year (``?year=``); 409 with the missing quarters when fewer than four."""
    found, page = annual_page(request, context, _year(request))
    if found is None:
        request.response.status = 409
    return page


@view_config(context=Region, name="attestation-annual.xlsx", permission=MANAGE_PROJECT)
def annual_xlsx(context, request):
    """The annual report as an Excel workbook (409 page when fewer than four quarters)."""
    year = _year(request)
    found, page = annual_page(request, context, year)
    if found is None:
        return refused(request, MonitoringRefused(page["error"]), ANNUAL_PAGE, page)
    return attachment(workbook.annual_workbook(found), f"annual-attestation-{context.code}-{year}.xlsx", XLSX)


@view_config(context=Region, name="attestation-annual-act", request_method="POST", renderer=ANNUAL_PAGE,
             permission=DRAFT_ANNUAL_ACT.permission)
def annual_act(context, request):
    """Draft the annual report as a справка in the region's register of acts."""
    year = _year(request)
    found, page = annual_page(request, context, year)
    try:
        if found is None:
            raise MonitoringRefused(page["error"])
        act = draft_annual_act(request.registry.oko, context, found, request.POST.get("author_post"),
                               request.POST.get("author_name"), request.authenticated_userid,
                               extra={v.name: request.POST.get(v.name, "") for v in page["extra"]})
    except MonitoringRefused as exc:
        return refused(request, exc, ANNUAL_PAGE, page)
    return done(request, request.resource_url(act), "Справка по итогам годового мониторинга составлена.")

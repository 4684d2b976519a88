"""A campaign's information-analytical report: pass rates, item statistics, charts, the XLSX download."""
from markupsafe import Markup
from pyramid.view import view_config

from core.attestation import Campaign
from core.attestation_monitoring import campaign_report, charts, workbook
from core.attestation_monitoring.pages._common import XLSX, attachment, template
from core.numbers import percent
from core.security.permissions import MANAGE_PROJECT

PAGE = template("campaign")
GROUPS = (("by_category", "по категориям аттестуемых"), ("by_school_type", "по типам школ"),
          ("by_municipality", "по муниципалитетам"))


def report_page(request, figures, **extra):
    """What the report's template needs of a campaign report's (or a snapshot's) figures."""
    return {
        "f": figures, "percent": percent, "groups": [(key, title, figures[key]) for key, title in GROUPS],
        "charts": [Markup(charts.rate_bars(figures[key], f"Доля прошедших {title}")) for key, title in GROUPS],
        "item_plot": Markup(charts.item_plot(figures["items"])), "kind_title": workbook.kind_title,
        "competence_title": workbook.competence_title, "error": None, **extra}


@view_config(context=Campaign, name="monitoring", renderer=PAGE, permission=MANAGE_PROJECT)
def campaign_monitoring(context, request):
    """The campaign's report now."""
    figures = campaign_report(request.registry.oko, context).to_dict()
    return report_page(request, figures, title=f"Информационно-аналитический отчёт: {context.title}",
                       xlsx_url=request.resource_url(context, "@@monitoring.xlsx"), back_url=request.resource_url(context))


@view_config(context=Campaign, name="monitoring.xlsx", permission=MANAGE_PROJECT)
def campaign_monitoring_xlsx(context, request):
    """The campaign's report as an Excel workbook."""
    figures = campaign_report(request.registry.oko, context).to_dict()
    return attachment(workbook.report_workbook(figures),
                      f"monitoring-attestation-{figures['region']}-{figures['year']}.xlsx", XLSX)

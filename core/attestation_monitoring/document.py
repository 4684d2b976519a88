"""The annual report as a normative document: a "справка по итогам мониторинга" in the region's register.

Drafted through ``core.acts`` from the ``monitoring_report`` template (its
schema: ``docs_templates/monitoring_report.toml``), so it has a number, a
date, versions and a Word file like every act of the authority. The
indicators table is the quarters' dynamics and the year's pass rates.
"""
from core import acts
from core.attestation_monitoring.quarterly import QUARTERS, MonitoringRefused, percent
from core.security.steps import Step

TEMPLATE = "monitoring_report"
DRAFTERS = ("regional_operator", "federal_operator", "methodologist")
# Who drafts the справка (``core.security.steps``): the page and ``draft_annual_act`` read it.
DRAFT_ANNUAL_ACT = Step("monitoring.draft_annual_act", DRAFTERS, MonitoringRefused,
                        "Справку составляет региональный оператор или методист.")
PURPOSE = ("Оценка хода и результатов аттестации руководителей общеобразовательных организаций и кандидатов "
           "на должность руководителя по Целевой модели; подготовка предложений по доработке КИМ и нормативной базы.")
RECOMMENDATIONS = ("Экспертам-разработчикам КИМ пересмотреть задания с низкой дифференцирующей способностью; "
                   "муниципальным операторам обеспечить участие руководителей, включённых в график; "
                   "учесть результаты при обновлении региональной (вариативной) части КИМ.")


def _value(value, kind):
    return percent(value) if kind == "rate" else str(value)


def indicator_rows(annual):
    """The table of the report: each indicator's value per quarter, and the year's pass rates by group."""
    rows = []
    for title, values, kind in annual.dynamics:
        rows.append({"indicator": title, "value": _value(values[-1], kind),
                     "note": "; ".join(f"{QUARTERS[q.quarter]}: {_value(v, kind)}"
                                       for q, v in zip(annual.quarters, values))})
    for group, title in (("by_school_type", "тип школы"), ("by_municipality", "муниципалитет")):
        for r in annual.final[group]:
            rows.append({"indicator": f"Доля прошедших, {title}: {r['title']}", "value": percent(r["rate"]),
                         "note": f"прошли {r['passed']} из {r['assessed']} оценённых"})
    return rows


FILLED = frozenset({"authority_name", "subject", "period", "purpose", "indicators", "conclusions",
                    "recommendations", "author_post", "author_name"})
ASKED_TYPES = ("string", "text", "choice")


def extra_variables(host, region):
    """Variables a region's own template adds (a choice, a line of text) that the report cannot fill.

    The page asks the author for them; a required one of another type that
    the template cannot prefill refuses the справка with the acts' message.
    """
    template = acts.template_for(host, region, TEMPLATE)
    return [v for v in template.schema.variables if v.name not in FILLED and v.type in ASKED_TYPES]


def draft_annual_act(host, region, annual, author_post, author_name, actor, extra=None, now=None):
    """Draft the annual report as a справка of the region; the author's post and name are required.

    ``extra``: values of the region's own variables (``extra_variables``), as typed.
    """
    DRAFT_ANNUAL_ACT.require(region, actor)
    author_post, author_name = (author_post or "").strip(), (author_name or "").strip()
    if not author_post or not author_name:
        raise MonitoringRefused("Укажите должность и фамилию составителя справки.", "invalid")
    values = {"authority_name": acts.document_defaults(host, region)["authority"],
              "subject": f"аттестации руководителей общеобразовательных организаций за {annual.year} год",
              "period": f"I–IV кварталы {annual.year} года (четыре квартальных мониторинга)",
              "purpose": PURPOSE, "indicators": indicator_rows(annual), "conclusions": annual.conclusions,
              "recommendations": RECOMMENDATIONS, "author_post": author_post[:300], "author_name": author_name[:300]}
    try:
        template = acts.template_for(host, region, TEMPLATE)
        asked = {v.name: (extra or {}).get(v.name) for v in extra_variables(host, region)}
        full = {**acts.initial_values(template, region, host=host), **{k: v for k, v in asked.items() if v}, **values}
        return acts.draft_act(host, region, TEMPLATE, full, actor,
                              title=f"Годовой отчёт по итогам мониторинга аттестации руководителей, {annual.year}",
                              now=now)
    except acts.ActRefused as exc:
        raise MonitoringRefused(f"Справка не сформирована: {exc}", "invalid") from None

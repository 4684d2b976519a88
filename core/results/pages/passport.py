"""A school's e-passport page: its facts by year, its staff and programmes, its results with their dynamics;
the head fills the school's own facts of a year."""
import datetime

from markupsafe import Markup
from pyramid.view import view_config

from core.resources import School, region_code_of
from core.results import access, charts, definitions, facts, passport, trend
from core.results.pages import forms
from core.results.pages._common import refused, template
from core.security.permissions import VIEW
from core.views.steps import take_form

PAGE = template("passport")


def typed(field, value):
    """A kept value as the form shows it to be typed again."""
    if value is None:
        return ""
    if field["kind"] == "flag":
        return "да" if value else "нет"
    if field["kind"] in ("integer", "number", "share"):
        return f"{value:g}".replace(".", ",")
    return str(value)


def fill_years(today=None):
    """The years the school may fill: this one and the four before it."""
    this_year = (today or datetime.date.today()).year
    return list(range(this_year, this_year - 5, -1))


def fill_form(request, school, year):
    """The head's form of the school's own facts of ``year``, filled with the current values."""
    defs = definitions.of(request.registry.oko, region_code_of(school) or "00")
    own = [f for f in defs.fields.values() if f["filled_by"] == "school"]
    form = forms.form(request, forms.facts_schema(own, fill_years()), request.resource_url(school, "@@passport-facts"),
                      "passport-facts", "Сохранить")
    kept = facts.facts_of(school)
    values = {"year": year}
    for field in own:
        current = kept.current(field["code"], year) if kept is not None else None
        values[field["code"]] = typed(field, current.value if current is not None else None)
    return form, values


def _chart(row, years, school_label):
    unit = row.indicator.value_unit
    share = row.indicator.measure.endswith("_share") and not row.indicator.versus_region
    return Markup(charts.dynamics(row.indicator.title, years, row.values,
                                  None if row.indicator.versus_region else row.region,
                                  row.trend, unit, share, school_label))


def passport_page(context, request, form_html=None, **extra):
    """The data of the passport page (``form_html`` replaces the head's form as first shown)."""
    host = request.registry.oko
    data = passport.passport(host, context)
    years = data["result_years"]
    results = [{"row": r, "chart": _chart(r, years, "школа")} for r in data["results"] if r.values]
    may_fill = bool(request.has_permission(access.FILL_PASSPORT.permission, context))
    year = request.params.get("year", "")
    year = int(year) if year.isdigit() and int(year) in fill_years() else fill_years()[0]
    if may_fill and form_html is None:
        form, values = fill_form(request, context, year)
        form_html = form.render(values)
    return {"school": context, "municipality": context.__parent__, "years": data["years"],
            "sections": data["sections"], "results": results, "result_years": years,
            "missing": [r.indicator for r in data["results"] if not r.values],
            "method": trend.METHOD, "fill_years": fill_years(), "fill_year": year, "may_fill": may_fill,
            "form": form_html, "number": trend.number,
            "filled_by": definitions.FILLED_BY, "error": None, "details": [], **extra}


@view_config(context=School, name="passport", renderer=PAGE, request_method="GET", permission=VIEW)
def passport_view(context, request):
    """The school's passport: context, staff, conditions, programmes by year; results with their dynamics."""
    return passport_page(context, request)


@view_config(context=School, name="passport-facts", request_method="POST",
             permission=access.FILL_PASSPORT.permission)
def fill(context, request):
    """The head records the school's own facts of a year (each change a new version with its author)."""
    year = request.POST.get("year", "")
    form, _ = fill_form(request, context, int(year) if year.isdigit() else fill_years()[0])

    def action(values):
        year = values.pop("year")
        return year, facts.fill(request.registry.oko, context, year, values, request.authenticated_userid)

    def message(result):
        year, changed = result
        return (f"Сведения за {year} год сохранены: изменено значений — {changed}." if changed
                else f"Сведения за {year} год не изменились.")
    return take_form(request, form, PAGE, lambda html, **extra: passport_page(context, request, html, **extra),
                     action, lambda result: request.resource_url(context, "@@passport", query={"year": result[0]})
                     + "#fill", message, answer=refused)

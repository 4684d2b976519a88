"""A region's or a municipality's results: its indicators with their dynamics, its municipalities or schools
side by side on one indicator; the operator's imports (a results table mapped and previewed, a table of facts)."""
from markupsafe import Markup
from pyramid.view import view_config

from core.refused import Refused
from core.resources import Municipality, Region, region_code_of
from core.results import access, charts, definitions, importer, indicators, steps, trend
from core.results.model import REGION_SCOPE, bank_of
from core.results.pages import forms
from core.results.pages._common import refused, template
from core.security.permissions import VIEW
from core.views.steps import done, take_form

PAGE = template("results")
PREVIEW = template("preview")


def _upload_form(request, context):
    return forms.form(request, forms.upload_schema(), request.resource_url(context, "@@results-upload"),
                      "results-upload", "Загрузить и проверить")


def _facts_form(request, context):
    return forms.form(request, forms.upload_schema(), request.resource_url(context, "@@passport-import"),
                      "passport-import", "Загрузить сведения")


def _chart(row, years, own_label):
    share = row.indicator.measure.endswith("_share") and not row.indicator.versus_region
    return Markup(charts.dynamics(row.indicator.title, years, row.values,
                                  None if row.indicator.versus_region else row.region, row.trend,
                                  row.indicator.value_unit, share, own_label))


def scope_page(context, request, forms_=None, **extra):
    """The data of the results page of a region or a municipality (``forms_`` replace its upload forms)."""
    host = request.registry.oko
    bank = bank_of(context)
    is_region = isinstance(context, Region)
    found = indicators.rows(host, context, bank)
    years = indicators.shown_years(found)
    own_label = "регион" if is_region else "муниципалитет"
    results = [{"row": r, "chart": _chart(r, years, own_label)} for r in found if r.values]
    chosen = request.GET.get("indicator") or next((r["row"].indicator.code for r in results), None)
    indicator, below = indicators.table(host, context, chosen, bank) if chosen else (None, [])
    below.sort(key=lambda b: (b.latest is None, -(b.latest or 0) if indicator and not indicator.lower_is_better
                              else (b.latest or 0), b.node.title))
    defs = definitions.of(host, region_code_of(context))
    scope = bank.scope(REGION_SCOPE if is_region else context.__name__) if bank is not None else None
    may_import = bool(request.has_permission(access.IMPORT_RESULTS.permission, context))
    may_facts = bool(request.has_permission(access.IMPORT_FACTS.permission, context))
    shown = {}
    if may_import:
        shown["results"] = _upload_form(request, context).render()
    if may_facts:
        shown["facts"] = _facts_form(request, context).render()
    return {"node": context, "is_region": is_region, "results": results, "years": years,
            "missing": [r.indicator for r in found if not r.values], "method": trend.METHOD,
            "indicators": list(defs.indicators.values()), "indicator": indicator, "below": below,
            "schools": scope.schools if scope is not None else 0, "forms": {**shown, **(forms_ or {})},
            "journal": list(reversed(bank.imports[-10:])) if bank is not None and (may_import or may_facts) else [],
            "fields": importer.FIELDS, "fact_fields": [f for f in defs.fields.values() if f["filled_by"] == "import"],
            "number": trend.number, "error": None, "details": [], **extra}


@view_config(context=Region, name="results", renderer=PAGE, request_method="GET", permission=VIEW)
@view_config(context=Municipality, name="results", renderer=PAGE, request_method="GET", permission=VIEW)
def scope_view(context, request):
    """The indicators of the region (or the municipality) by year, with their trends and charts."""
    return scope_page(context, request)


@view_config(context=Region, name="results-upload", request_method="POST",
             permission=access.IMPORT_RESULTS.permission)
@view_config(context=Municipality, name="results-upload", request_method="POST",
             permission=access.IMPORT_RESULTS.permission)
def upload(context, request):
    """The operator uploads a results table: it is checked by the inspector and kept for the preview."""
    host = request.registry.oko

    def action(values):
        upload = values["file"]
        data = host.upload_limits.read(upload["fp"])
        return steps.upload(host, context, data, upload["filename"], request.authenticated_userid)
    return take_form(request, _upload_form(request, context), PAGE,
                     lambda html, **extra: scope_page(context, request, {"results": html}, **extra), action,
                     lambda token: request.resource_url(context, "@@results-preview", query={"upload": token}),
                     "Файл загружен: проверьте, как прочитаны его столбцы, и подтвердите загрузку.",
                     keep=False, answer=refused)


def requested_mapping(params):
    """``(mapping, fixed)`` a preview's or an import's parameters give: ``col-<n>`` = field, ``fixed-<field>``
    = value; a mapping of None (found from the headings) when no column is named."""
    columns = {k: v for k, v in params.items() if k.startswith("col-") and k[4:].isdigit()}
    mapping = {int(k[4:]): v for k, v in columns.items() if v} if columns else None
    fixed = {field: params.get(f"fixed-{field}", "").strip() for field in importer.FIXABLE
             if params.get(f"fixed-{field}", "").strip()}
    return mapping, fixed


def preview_page(context, request, **extra):
    """The data of the preview: how the upload's columns are read, its first rows or its problems."""
    host = request.registry.oko
    mapping, fixed = requested_mapping(request.params)
    shown = steps.preview(host, context, request.params.get("upload", ""), request.authenticated_userid,
                          mapping, fixed)
    defs = definitions.of(host, region_code_of(context))
    return {"node": context, "token": request.params.get("upload", ""), "preview": shown,
            "fields": importer.FIELDS, "fixable": importer.FIXABLE, "shares": importer.SHARES,
            "letter": importer.column_letter, "procedures": list(defs.procedures.values()),
            "subjects": sorted(defs.subjects.items(), key=lambda s: s[1]), "error": None, "details": [], **extra}


@view_config(context=Region, name="results-preview", renderer=PREVIEW, request_method="GET",
             permission=access.IMPORT_RESULTS.permission)
@view_config(context=Municipality, name="results-preview", renderer=PREVIEW, request_method="GET",
             permission=access.IMPORT_RESULTS.permission)
def preview(context, request):
    """The uploaded table's columns, each mapped to a field (chosen anew and checked again), and its first rows."""
    try:
        return preview_page(context, request)
    except Refused as exc:
        return refused(request, exc, PAGE, scope_page(context, request))


@view_config(context=Region, name="results-import", request_method="POST",
             permission=access.IMPORT_RESULTS.permission)
@view_config(context=Municipality, name="results-import", request_method="POST",
             permission=access.IMPORT_RESULTS.permission)
def import_results(context, request):
    """The operator imports the previewed table: every row or none."""
    mapping, fixed = requested_mapping(request.POST)
    try:
        report = steps.import_upload(request.registry.oko, context, request.POST.get("upload", ""),
                                     request.authenticated_userid, mapping, fixed)
    except Refused as exc:
        try:
            page = preview_page(context, request)
        except Refused:
            page, renderer = scope_page(context, request), PAGE
        else:
            renderer = PREVIEW
        return refused(request, exc, renderer, page)
    return done(request, request.resource_url(context, "@@results"), report.summary())


@view_config(context=Region, name="passport-import", request_method="POST",
             permission=access.IMPORT_FACTS.permission)
@view_config(context=Municipality, name="passport-import", request_method="POST",
             permission=access.IMPORT_FACTS.permission)
def import_facts(context, request):
    """The operator imports schools' passport facts from a table (a row a school and year, a column a field)."""
    host = request.registry.oko

    def action(values):
        upload = values["file"]
        data = host.upload_limits.read(upload["fp"])
        return steps.import_facts(host, context, data, upload["filename"], request.authenticated_userid)

    def message(result):
        written, unchanged, schools = result
        if not written:
            return f"Изменений нет: все значения файла уже загружены (значений в файле: {unchanged})."
        return f"Сведения паспортов загружены: новых значений {written}, без изменений {unchanged}; школ: {schools}."
    return take_form(request, _facts_form(request, context), PAGE,
                     lambda html, **extra: scope_page(context, request, {"facts": html}, **extra), action,
                     request.resource_url(context, "@@results") + "#imports", message, keep=False, answer=refused)

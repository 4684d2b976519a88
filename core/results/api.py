"""The results base in the API: the same steps and readings as the pages, on the same domain code.

{path} is a school (its passport; the head's own facts of a year) or a
region / municipality (its indicators with their trends, its municipalities
or schools on one indicator; a results table imported at once or previewed
with ``dry_run``; a table of passport facts). A refused table answers
``table_refused`` 400 with a line a problem (row and column), nothing kept;
a step its actor does not take answers ``step_forbidden`` 403.
"""
import json

from pyramid.view import view_config

from core.api.validation import ApiError
from core.resources import Municipality, Region, School, path_of
from core.results import (
    access,
    clusters,
    definitions,
    facts,
    importer,
    indicators,
    low,
    objectivity,
    opendata,
    passport,
    recommendations,
    steps,
)
from core.results.model import REGION_SCOPE, bank_of
from core.roadmaps.access import KEEP_ROADMAP
from core.security.permissions import PUBLIC, VIEW

TREE = "api_tree"


def _view(context, name, method, op, permission):
    return view_config(route_name=TREE, context=context, name=name, request_method=method, renderer="json",
                       permission=permission, openapi=op)


def trend_body(fitted, text):
    """A trend as the API says it: the years fitted, the slope a year, its standard error, t, df, p."""
    return {"years": list(fitted.years), "slope": fitted.slope, "se": fitted.se, "t": fitted.t, "df": fitted.df,
            "p": fitted.p, "significant": fitted.significant, "direction": fitted.direction, "text": text}


def _values(values):
    return [{"year": year, "value": value} for year, value in sorted(values.items())]


def indicator_body(row):
    """An indicator of a node by year, the region's values beside (a gap's: the node's own), and its trend."""
    i = row.indicator
    return {"code": i.code, "title": i.title, "measure": i.measure, "unit": i.value_unit,
            "versus_region": i.versus_region,
            "lower_is_better": i.lower_is_better, "values": _values(row.values), "beside": _values(row.region),
            "trend": trend_body(row.trend, row.trend_text)}


def passport_body(host, school):
    """A school's passport: its facts by year and section (each with its versions), what OKO Case knows, results."""
    data = passport.passport(host, school)
    sections = []
    for section in data["sections"]:
        kept = data["facts"]
        fields = []
        for row in section.rows:
            field = row.field
            versions = []
            for (code, year), found in (kept.values.items() if kept is not None else ()):
                if code == field["code"]:
                    versions += [{"year": year, "value": v.value, "shown": facts.show(field, v.value),
                                  "author": v.author, "at": v.at.isoformat(), "via": v.via, "file": v.note or None}
                                 for v in found]
            fields.append({"code": field["code"], "title": field["title"], "kind": field["kind"],
                           "unit": field.get("unit", ""), "source": field["source"], "filled_by": field["filled_by"],
                           "values": [{"year": y, "shown": text} for y, text in sorted(row.values.items())],
                           "versions": sorted(versions, key=lambda v: (v["year"], v["at"]))})
        sections.append({"code": section.code, "title": section.title, "fields": fields,
                         "known": [{"title": title, "text": text} for title, text in section.known]})
    return {"school": {"path": path_of(school), "code": school.code, "title": school.title,
                       "school_type": school.school_type},
            "years": data["years"], "sections": sections,
            "indicators": [indicator_body(r) for r in data["results"]]}


@_view(School, "passport", "GET", "getSchoolPassport", VIEW)
def school_passport(context, request):
    """The school's passport: facts by year, staff and programmes, results with their dynamics."""
    return passport_body(request.registry.oko, context)


@_view(School, "passport-facts", "POST", "fillSchoolPassport", access.FILL_PASSPORT.permission)
def fill(context, request):
    """The head records the school's own facts of a year (each change a new version with its author)."""
    body = request.api_body
    changed = facts.fill(request.registry.oko, context, body["year"], body["values"], request.authenticated_userid)
    return {"changed": changed, "passport": passport_body(request.registry.oko, context)}


@_view(Region, "results-indicators", "GET", "getResultsIndicators", VIEW)
@_view(Municipality, "results-indicators", "GET", "getResultsIndicators", VIEW)
def scope_indicators(context, request):
    """The indicators of the region (or the municipality) by year with their trends; its municipalities (or
    schools) on the indicator asked for."""
    host = request.registry.oko
    bank = bank_of(context)
    found = indicators.rows(host, context, bank)
    code = request.api_params.get("indicator")
    below = None
    if code:
        indicator, rows = indicators.table(host, context, code, bank)
        if indicator is None:
            raise ApiError(404, "no_indicator", f"Показателя «{code}» нет.")
        below = {"indicator": code, "rows": [
            {"path": path_of(b.node), "title": b.node.title, "values": _values(b.values), "latest": b.latest,
             "gap": b.gap, "trend": trend_body(b.trend, b.trend_text)} for b in rows]}
    scope = bank.scope(REGION_SCOPE if isinstance(context, Region) else context.__name__) if bank else None
    return {"path": path_of(context), "title": context.title, "schools": scope.schools if scope else 0,
            "indicators": [indicator_body(r) for r in found], "below": below}


def _json_field(body, name):
    raw = body.get(name)
    if raw in (None, ""):
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise ApiError(400, "validation", "Запрос не соответствует описанию API.",
                       [{"field": name, "message": "нужен объект JSON"}])
    return value


def _mapping(body):
    given = _json_field(body, "mapping")
    if given is None:
        return None
    letters = {importer.column_letter(i): i for i in range(702)}
    mapping, problems = {}, []
    for letter, field in given.items():
        if letter.upper() not in letters or field not in importer.FIELDS:
            problems.append({"field": "mapping", "message": f"{letter}: {field}"})
        else:
            mapping[letters[letter.upper()]] = field
    if problems:
        raise ApiError(400, "validation", "Столбцы сопоставлены неверно: нужны буквы столбцов и поля "
                       f"{', '.join(importer.FIELDS)}.", problems)
    return mapping


@_view(Region, "results-import", "POST", "importResults", access.IMPORT_RESULTS.permission)
@_view(Municipality, "results-import", "POST", "importResults", access.IMPORT_RESULTS.permission)
def import_results(context, request):
    """Import a results table (every row or none); with ``dry_run``, only what it would do."""
    host = request.registry.oko
    body = request.api_body
    upload = body["file"]
    dry_run = body.get("dry_run") == "true"  # NB: the spec takes "true" or "false" only
    plan, report = steps.import_table(host, context, host.upload_limits.read(upload.file),
                                      upload.filename, request.authenticated_userid, _mapping(body),
                                      _json_field(body, "fixed"), dry_run)
    return {"dry_run": dry_run, "count": plan.count, "schools": plan.schools,
            "columns": [{"letter": letter, "heading": heading, "field": field}
                        for letter, heading, field in plan.columns],
            "sample": plan.sample, "added": report.added, "changed": report.changed, "unchanged": report.unchanged,
            "summary": report.summary()}


@_view(Region, "passport-import", "POST", "importPassportFacts", access.IMPORT_FACTS.permission)
@_view(Municipality, "passport-import", "POST", "importPassportFacts", access.IMPORT_FACTS.permission)
def import_facts(context, request):
    """Import schools' passport facts from a table (a row a school and year, a column a field)."""
    host = request.registry.oko
    upload = request.api_body["file"]
    written, unchanged, schools = steps.import_facts(host, context, host.upload_limits.read(upload.file),
                                                     upload.filename, request.authenticated_userid)
    return {"written": written, "unchanged": unchanged, "schools": schools}


@_view(Region, "passport-fields", "GET", "getPassportFields", VIEW)
def passport_fields(context, request):
    """The region's passport fields, procedures and indicators (what its tables may hold)."""
    defs = definitions.of(request.registry.oko, context.code)
    return {"fields": list(defs.fields.values()),
            "procedures": [{"code": p.code, "title": p.title, "grades": sorted(p.grades), "levels": list(p.levels),
                            "score_max": p.score_max} for p in defs.procedures.values()],
            "subjects": [{"code": code, "title": title} for code, title in defs.subjects.items()],
            "indicators": [{"code": i.code, "title": i.title, "measure": i.measure, "unit": i.value_unit,
                            "procedures": list(i.procedures), "versus_region": i.versus_region}
                           for i in defs.indicators.values()]}


# -- the analysis: clusters, flags, the low-results list, recommendations, open statistics --------------------

def clustering_body(clustering):
    """The region's clustering: the k chosen, every k's silhouette, each cluster in words (no school's label)."""
    if clustering is None:
        return None
    return {"k": clustering.k, "at": clustering.at.isoformat(), "year": clustering.year,
            "silhouettes": [{"k": k, "silhouette": v} for k, v in sorted(clustering.silhouettes.items())],
            "clusters": [{"number": c.number, "title": c.title, "description": c.description, "size": c.size}
                         for c in clustering.clusters]}


def low_list_body(listed):
    """A list of schools with low results: proposed with evidence, the operator's changes, accepted or not."""
    if listed is None:
        return None
    return {"year": listed.year, "rule": listed.rule, "codes": listed.codes, "accepted": listed.accepted,
            "accepted_by": listed.accepted_by, "enrolled": list(listed.enrolled), "already": list(listed.already),
            "proposed": [{"code": p.code, "title": p.title, "municipality": p.municipality, "cluster": p.cluster,
                          "evidence": list(p.evidence)} for p in listed.proposed],
            "changes": [{"code": c.code, "include": c.include, "reason": c.reason, "actor": c.actor,
                         "at": c.at.isoformat()} for c in listed.changes]}


def _year(request, bank):
    year = (request.api_body or {}).get("year") if request.method == "POST" else request.api_params.get("year")
    if year:
        return int(year)
    clustering = bank.clustering if bank is not None else None
    if clustering is None or not clustering.year:
        raise ApiError(400, "validation", "Укажите год списка (year): кластеры ещё не рассчитаны.")
    return clustering.year + 1


@_view(Region, "results-analysis", "GET", "getResultsAnalysis", VIEW)
@_view(Municipality, "results-analysis", "GET", "getResultsAnalysis", VIEW)
def analysis(context, request):
    """The clusters, the flags of objectivity by municipality (with evidence) and, for a region, the low-results
    list of the year asked for (by default the year after the clustering's)."""
    host = request.registry.oko
    bank = bank_of(context)
    body = {"path": path_of(context), "clustering": clustering_body(bank.clustering if bank else None),
            "flag_rules": {code: {"title": t, "text": x} for code, (t, x) in objectivity.RULES.items()},
            "flags": [{"municipality": path_of(m), "flags": [f.to_dict() for f in found]}
                      for m, found in objectivity.flags(host, context, bank)]}
    if isinstance(context, Region) and bank is not None and bank.clustering is not None:
        year = _year(request, bank)
        body["low_results"] = {"rule": low.rule_of(host, bank.code), "list": low_list_body(low.list_of(context, year))}
    return body


@_view(Region, "results-clusters", "POST", "computeClusters", access.ANALYSE.permission)
def compute_clusters(context, request):
    """The operator (re)computes the clusters of the region's schools."""
    bank = bank_of(context)
    if bank is None:
        raise ApiError(400, "no_results", "Результаты ещё не загружены: группировать нечего.")
    return clustering_body(clusters.compute(request.registry.oko, context, bank, request.authenticated_userid))


@_view(Region, "low-results-propose", "POST", "proposeLowResults", access.PROPOSE_LOW_RESULTS.permission)
def propose_low(context, request):
    """The list of ``year`` formed by the region's rule."""
    year = _year(request, bank_of(context))
    return low_list_body(low.propose(request.registry.oko, context, year, request.authenticated_userid))


@_view(Region, "low-results-change", "POST", "changeLowResults", access.DECIDE_LOW_RESULTS.permission)
def change_low(context, request):
    """A school added to the list or removed, with the reason."""
    body = request.api_body
    return low_list_body(low.change(request.registry.oko, context, _year(request, bank_of(context)), body["code"],
                                    body["include"], body["reason"], request.authenticated_userid))


@_view(Region, "low-results-accept", "POST", "acceptLowResults", access.DECIDE_LOW_RESULTS.permission)
def accept_low(context, request):
    """The list accepted: its schools enrolled in the 500+ project."""
    year = _year(request, bank_of(context))
    return low_list_body(low.accept(request.registry.oko, context, year, request.authenticated_userid))


def recommendation_body(school, found):
    """A school's recommendation: what the analysis found, the current text, its versions' authors, sent or not."""
    if found is None:
        return {"school": path_of(school), "recommendation": None}
    return {"school": path_of(school), "recommendation": {
        "year": found.year, "cluster": {"number": found.cluster[0], "title": found.cluster[1],
                                        "description": found.cluster[2]},
        "weak": [{"indicator": t, "value": v, "expected": e} for t, v, e in found.weak],
        "similar": [{"school": s, "municipality": m, "values": v} for s, m, v in found.similar],
        "flags": list(found.flags), "risks": list(found.risks), "measures": found.current.measures,
        "conclusion": found.current.conclusion, "sent": found.sent,
        "versions": [{"author": v.author, "at": v.at.isoformat()} for v in found.versions]}}


def _recommendation(context, request):
    bank = bank_of(context)
    clustering = bank.clustering if bank is not None else None
    found = recommendations.of(context, clustering.year) if clustering is not None else None
    may_edit = request.has_permission(access.EDIT_RECOMMENDATION.permission, context)
    return found if found is not None and (found.sent or may_edit) else None


@_view(School, "recommendation", "GET", "getRecommendation", VIEW)
def get_recommendation(context, request):
    """The school's recommendation (a draft only for who edits it)."""
    return recommendation_body(context, _recommendation(context, request))


@_view(School, "recommendation-draft", "POST", "draftRecommendation", access.EDIT_RECOMMENDATION.permission)
def draft_recommendation(context, request):
    """The methodologist drafts the recommendation from the analysis."""
    return recommendation_body(context, recommendations.draft(request.registry.oko, context,
                                                              request.authenticated_userid))


@_view(School, "recommendation-edit", "POST", "editRecommendation", access.EDIT_RECOMMENDATION.permission)
def edit_recommendation(context, request):
    """The methodologist edits the measures and the conclusion: a new version."""
    body = request.api_body
    recommendations.edit(request.registry.oko, context, body["year"], body["measures"], body.get("conclusion", ""),
                         request.authenticated_userid)
    return recommendation_body(context, recommendations.of(context, body["year"]))


@_view(School, "recommendation-send", "POST", "sendRecommendation", access.SEND_RECOMMENDATION.permission)
def send_recommendation(context, request):
    """The methodologist sends the recommendation to the school."""
    body = request.api_body
    return recommendation_body(context, recommendations.send(request.registry.oko, context, body["year"],
                                                             request.authenticated_userid))


@_view(School, "recommendation-roadmap", "POST", "recommendationToRoadmap", KEEP_ROADMAP["school"].permission)
def recommendation_to_roadmap(context, request):
    """The school's head adds the sent recommendation's measures to a roadmap of the school, once."""
    body = request.api_body
    added = recommendations.to_roadmap(request.registry.oko, context, body["year"], body["roadmap"],
                                       request.authenticated_userid)
    return {"added": [{"id": m.id, "text": m.text} for m in added]}


@view_config(route_name="api_open_statistics", renderer="json", request_method="GET", permission=PUBLIC,
             openapi="getOpenStatistics")
def open_statistics(request):
    """The open statistics of a region (or a municipality), without a log-in: aggregates only."""
    site = request.root
    found = opendata.regions(site)
    code = request.api_params.get("region") or (found[0].code if found else "")
    region = next((r for r in found if r.code == code), None)
    if region is None:
        raise ApiError(404, "not_found", f"Открытых данных региона «{code}» нет.")
    name = request.api_params.get("municipality")
    municipality = region.get(name) if name else None
    if name and not isinstance(municipality, Municipality):
        raise ApiError(404, "not_found", f"Муниципалитета «{name}» нет.")
    years, rows = opendata.rows(request.registry.oko, site, region, municipality)
    return {"region": region.code, "region_title": region.title,
            "municipality": municipality.__name__ if municipality is not None else None,
            "municipality_title": municipality.title if municipality is not None else None, "years": years,
            "indicators": [{"code": r.indicator.code, "title": r.indicator.title, "unit": r.indicator.value_unit,
                            "values": [{"year": y, "value": r.values.get(y)} for y in years],
                            "trend": r.trend_text} for r in rows]}

"""API of normative acts: thin wrappers over ``core.acts``, validated against the OpenAPI document."""
import colander
from pyramid.view import view_config

from core import acts
from core.acts.forms import invalid_details, values_from_json, values_to_json
from core.api.validation import ApiError
from core.api.views import TREE, node_ref
from core.cases import available_transitions, state_title
from core.catalog import Query
from core.resources import Municipality, Region, School, path_of
from core.security.permissions import DRAFT_ACT, EDIT
from core.site import get_site
from core.web.paging import api_page
from core.web.responses import file_response

AUTHORITIES = (Region, Municipality, School)


def for_authorities(**settings):
    """``view_config`` of the API for a region, a municipality and a school alike."""
    def decorate(func):
        for cls in reversed(AUTHORITIES):
            func = view_config(route_name=TREE, context=cls, renderer="json", **settings)(func)
        return func
    return decorate


def act_body(host, act):
    """What the API says of an act."""
    authority = act.authority
    return {
        "path": path_of(act), "title": act.title, "act_type": act.act_type,
        "act_type_title": act.act_type_title, "template": act.template_name, "state": act.workflow_state,
        "state_title": state_title(host, act), "number": act.number,
        "date": act.date.isoformat() if act.date else None, "signatory": act.signatory,
        "authority": path_of(authority) if authority is not None else None,
        "variables": values_to_json(act.current.variables) if act.current else {},
        "versions": [{"number": v.number, "created": v.created.isoformat(), "creator": v.creator,
                      "note": v.note, "filename": v.file.filename, "size": v.file.size,
                      "template": v.template_name} for v in act.versions],
        "cases": list(act.cases), "repeals": list(act.repeals), "repealed_by": act.repealed_by,
    }


def _values(template, data):
    try:
        return values_from_json(template.schema, data)
    except colander.Invalid as exc:
        raise ApiError(400, "validation", "Значения переменных не приняты.", invalid_details(exc)) from None


@for_authorities(name="act-templates", request_method="GET", permission=DRAFT_ACT, openapi="listActTemplates")
def templates(context, request):
    """The templates this authority may draft from, with their variables."""
    found = acts.templates_for(request.registry.oko, context)
    return {"templates": [{"name": t.name, "title": t.title, "act_type": t.schema.act_type,
                           "act_type_title": t.schema.act_type_title, "description": t.schema.description,
                           "variables": t.schema.as_data()["variables"]} for t in found]}


@for_authorities(name="acts", request_method="GET", permission="view", openapi="listActs")
def list_acts(context, request):
    """The authority's acts the user may see, newest first."""
    page = api_page(request)
    register = acts.register_of(context)
    objs, total = ([], 0) if register is None else Query(get_site(request)).children(
        register, sort="code", reverse=True, offset=page.offset, limit=page.size)
    host = request.registry.oko
    return {"acts": [act_body(host, a) for a in objs if a is not None and request.has_permission("view", a)],
            **page.body(total)}


@for_authorities(name="acts", request_method="POST", permission=DRAFT_ACT, openapi="createAct")
def create_act(context, request):
    """Draft an act from a template; bad values answer 400 with every problem and store nothing."""
    body, host = request.api_body, request.registry.oko
    template = acts.template_for(host, context, body["template"])
    act = acts.draft_act(host, context, template.name, _values(template, body["variables"]),
                         request.authenticated_userid, cases=body.get("cases", ()), title=body.get("title"))
    request.response.status = 201
    return act_body(host, act)


def _act_node(request, act):
    host = request.registry.oko
    return {"node": node_ref(host, act), "roles": sorted(request.roles_on(act)),
            "transitions": [{"name": t.name, "title": t.title, "require_comment": t.require_comment}
                            for t in available_transitions(host, act, request.authenticated_userid)],
            "act": act_body(host, act)}


@view_config(route_name=TREE, context=acts.Act, request_method="GET", renderer="json", permission="view",
             openapi="getNode")
def act_node(context, request):
    """An act, with the transitions open to the user."""
    return _act_node(request, context)


@view_config(route_name=TREE, context=acts.Act, name="transitions", request_method="POST", renderer="json",
             permission="view", openapi="fireTransition")
def transition(context, request):
    """Fire a transition; approval gives the act its number. Refusals answer 403/409."""
    body = request.api_body
    acts.fire_act(request.registry.oko, context, body["transition"], request.authenticated_userid,
                  body.get("comment", ""))
    return _act_node(request, context)


@view_config(route_name=TREE, context=acts.Act, name="versions", request_method="POST", renderer="json",
             permission=EDIT, openapi="editAct")
def edit(context, request):
    """A new version of a draft from edited values."""
    host = request.registry.oko
    template = acts.current_template(context)
    acts.edit_act(host, context, _values(template, request.api_body["variables"]), request.authenticated_userid,
                  request.api_body.get("note", ""))
    request.response.status = 201
    return act_body(host, context)


@view_config(route_name=TREE, context=acts.Act, name="repeal", request_method="POST", renderer="json",
             permission="view", openapi="repealAct")
def repeal(context, request):
    """Repeal the act by another act of the same authority (its path)."""
    body = request.api_body
    acts.repeal(request.registry.oko, context, "/" + body["by"].strip("/"), request.authenticated_userid,
                body.get("comment", ""))
    return act_body(request.registry.oko, context)


def _version(context, number):
    version = context.version(number)
    if version is None:
        raise ApiError(404, "no_version", f"У акта нет редакции {number}.")
    return version


@view_config(route_name=TREE, context=acts.Act, name="compare", request_method="GET", renderer="json",
             permission="view", openapi="compareActVersions")
def compare(context, request):
    """The line diff between two versions."""
    old, new = (_version(context, request.api_params[k]).number for k in ("old", "new"))
    return {"old": old, "new": new, "lines": [{"kind": line.kind, "text": line.text, "old": line.old,
                                               "new": line.new}
                                              for line in acts.compare_versions(context, old, new)]}


@view_config(route_name=TREE, context=acts.Act, name="file", request_method="GET", permission="view",
             openapi="downloadFile")
def download(context, request):
    """The current version's .docx."""
    if context.file is None:
        raise ApiError(404, "no_file", "У акта нет документа.")
    return file_response(request, context.file)


@view_config(route_name=TREE, context=acts.Act, name="version-file", request_method="GET", permission="view",
             openapi="downloadActVersion")
def download_version(context, request):
    """One version's .docx."""
    return file_response(request, _version(context, request.api_params["version"]).file)


@view_config(route_name=TREE, context=acts.Act, name="history", request_method="GET", renderer="json",
             permission="view", openapi="getHistory")
def history(context, request):
    """The act's audit history."""
    return {"history": [{"transition": e.transition, "from_state": e.from_state, "to_state": e.to_state,
                         "actor": e.actor, "at": e.at.isoformat(), "comment": e.comment}
                        for e in context.history]}

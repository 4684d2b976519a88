"""API views: thin wrappers over the same domain code the pages use."""
import secrets

from pyramid.httpexceptions import HTTPNoContent
from pyramid.security import forget
from pyramid.view import view_config

from core.api.spec import SPEC
from core.api.validation import ApiError, iso_date
from core.cases import add_document, available_transitions, fire
from core.catalog import Query
from core.resources import Document, Folder, School, path_of
from core.security.audit import audit_log
from core.security.choosing import require_allowed
from core.security.directory import rule_for, search
from core.security.permissions import ADD_DOCUMENT, MANAGE_ACCESS, PUBLIC, VIEW_HOME
from core.security.roles import (
    check_term,
    checked_day,
    grant_on_access,
    granted_by,
    in_term,
    local_roles,
    rank_of,
    revoke_on_access,
    term_of,
)
from core.security.sessions import log_in
from core.security.users import users_of
from core.site import get_site
from core.web.paging import api_page
from core.web.responses import file_response
from core.web.tasks import task_page

TREE = "api_tree"


def node_ref(host, obj):
    """What the API says of one node."""
    ref = {"path": path_of(obj), "name": obj.__name__ or "", "title": obj.title, "type": obj.type_name}
    for attr in ("code", "school_type"):
        if getattr(obj, attr, None):
            ref[attr] = getattr(obj, attr)
    if getattr(obj, "workflow_name", None):
        ref["state"] = obj.workflow_state
    return ref


def _session_body(request, user):
    return {"user": {"login": user.login, "title": user.title, "must_change_password": user.must_change_password}
            if user else None,
            "csrf_token": request.csrf_token}


@view_config(route_name="api_openapi", renderer="json", request_method="GET", permission=PUBLIC, openapi="getOpenapi")
def openapi(request):
    """The OpenAPI document."""
    return SPEC


@view_config(route_name="api_session", request_method="GET", renderer="json", permission=PUBLIC,
             openapi="getSession")
def session(request):
    """Who is logged in, and the CSRF token for unsafe requests."""
    return _session_body(request, request.identity)


@view_config(route_name="api_session", request_method="POST", renderer="json", permission=PUBLIC,
             openapi="login")
def login(request):
    """Log in; the same throttle and the same answer for unknown names as the page."""
    body = request.api_body
    user, headers = log_in(request, body["login"], body["password"])
    request.response.headers.extend(headers)
    return _session_body(request, user)


@view_config(route_name="api_session", request_method="DELETE", permission=PUBLIC, openapi="logout")
def logout(request):
    """Log out: the session is closed on the server too."""
    if request.identity is not None:
        request.identity.close_session(request.session.get("sid"))
    return HTTPNoContent(headers=forget(request))


@view_config(route_name="api_tasks", renderer="json", request_method="GET", permission=VIEW_HOME, openapi="getTasks")
def tasks(request):
    """The user's tasks, a page at a time (``more``: whether the next page has any)."""
    page = api_page(request)
    rows, more = task_page(request, page)
    return {"tasks": [{"path": row.path, "title": row.title, "state": row.state,
                       "due": row.due.isoformat() if row.due else None,
                       "overdue": row.overdue, "transitions": row.transition_names}
                      for row in rows], "page": page.number, "per_page": page.size, "more": more}


def _node_body(request, context):
    host = request.registry.oko
    body = {"node": node_ref(host, context), "roles": sorted(request.roles_on(context))}
    if isinstance(context, Folder):
        p, page = request.api_params, api_page(request)
        objs, total = Query(get_site(request)).children(
            context, sort=p["sort"], reverse=p["order"] == "desc", school_type=p.get("type"),
            text=p.get("q"), offset=page.offset, limit=page.size)
        body.update(children=[node_ref(host, o) for o in objs if o is not None], **page.body(total))
    if isinstance(context, Document):
        body["transitions"] = [{"name": t.name, "title": t.title, "require_comment": t.require_comment}
                               for t in available_transitions(host, context, request.authenticated_userid)]
    return body


@view_config(route_name=TREE, context=Folder, request_method="GET", renderer="json",
             permission="view", openapi="getNode")
@view_config(route_name=TREE, context=Document, request_method="GET", renderer="json",
             permission="view", openapi="getNode")
def node(context, request):
    """A node, one page of its children, and (for documents) the transitions open to the user."""
    return _node_body(request, context)


@view_config(route_name=TREE, context=Document, name="history", request_method="GET", renderer="json",
             permission="view", openapi="getHistory")
def history(context, request):
    """The audit history."""
    return {"history": [{"transition": e.transition, "from_state": e.from_state, "to_state": e.to_state,
                         "actor": e.actor, "at": e.at.isoformat(), "comment": e.comment}
                        for e in context.history]}


@view_config(route_name=TREE, context=Document, name="transitions", request_method="POST",
             renderer="json", permission="view", openapi="fireTransition")
def transition(context, request):
    """Fire a transition; refused ones answer 403/409 with the reason and change nothing (``WorkflowError``)."""
    body = request.api_body
    fire(request.registry.oko, context, body["transition"], request.authenticated_userid, body.get("comment", ""))
    return _node_body(request, context)


@view_config(route_name=TREE, context=School, name="documents", request_method="POST",
             renderer="json", permission=ADD_DOCUMENT, openapi="uploadDocument")
def upload(context, request):
    """Upload a school document (multipart: title, file)."""
    field = request.api_body["file"]
    doc = add_document(request.registry.oko, context, f"doc-{secrets.token_hex(4)}", request.api_body["title"],
                       "school_document", request.authenticated_userid, (field.file, field.filename, field.type))
    request.response.status = 201
    return node_ref(request.registry.oko, doc)


@view_config(route_name=TREE, context=Document, name="file", request_method="GET",
             permission="view", openapi="downloadFile")
def download(context, request):
    """The document's file."""
    if context.file is None:
        raise ApiError(404, "no_file", "У документа нет файла.")
    return file_response(request, context.file)


def _iso(value):
    return value.isoformat() if value is not None else None


def _held(context, login, role, day):
    term, by = term_of(context, login, role), granted_by(context, login, role)
    return {"login": login, "role": role, "start": _iso(term[0]) if term else None,
            "end": _iso(term[1]) if term else None, "current": in_term(term, day),
            "granted_by": by[0] if by else None, "granted_at": _iso(by[1]) if by else None}


def _roles_body(context):
    day = checked_day()
    return {"local": [_held(context, login, role, day)
                      for login, roles in sorted(local_roles(context).items()) for role in sorted(roles)]}


@view_config(route_name=TREE, context=Folder, name="roles", request_method="GET", renderer="json",
             permission=MANAGE_ACCESS, openapi="getRoles")
def roles(context, request):
    """The roles granted on this node."""
    return _roles_body(context)


def _change_role(context, request, change, login, role, **term):
    user = users_of(get_site(request)).get(login.strip().lower())
    if user is None:
        raise ApiError(404, "no_user", f"Пользователь «{login}» не найден.")
    if change is grant_on_access:
        check_term(term.get("start"), term.get("end"))
        require_allowed(context, "region", user)
    change(context, user, role, request.authenticated_userid, request.roles_on(context), **term)
    return _roles_body(context)


@view_config(route_name=TREE, context=Folder, name="roles", request_method="POST", renderer="json",
             permission=MANAGE_ACCESS, openapi="grantRole")
def grant_role(context, request):
    """Grant a tree role on this node (below the actor's rank, never to oneself; step roles are refused)."""
    body = request.api_body
    start = iso_date(body["start"], "start") if body.get("start") else None
    end = iso_date(body["end"], "end") if body.get("end") else None
    return _change_role(context, request, grant_on_access, body["login"], body["role"], start=start, end=end)


@view_config(route_name=TREE, context=Folder, name="roles", request_method="DELETE", renderer="json",
             permission=MANAGE_ACCESS, openapi="revokeRole")
def revoke_role(context, request):
    """Revoke a tree role on this node (the same rules as granting it)."""
    return _change_role(context, request, revoke_on_access, request.api_params["login"], request.api_params["role"])


@view_config(route_name=TREE, name="find-people", request_method="GET", renderer="json", permission="view",
             openapi="findPeople")
def find_people(context, request):
    """The people the rule allows here whose words begin with ``q`` (a school's head and above may search)."""
    if rank_of(request.roles_on(context)) < 1:
        raise ApiError(403, "forbidden", "Искать людей могут только те, кто управляет организацией.")
    params = request.api_params
    rule = rule_for(params.get("rule", "region"), context)
    found, more = search(get_site(request), rule, params.get("q", ""))
    return {"people": [p.as_json() for p in found], "more": more, "rule": rule.text}


@view_config(route_name=TREE, context=Folder, name="access-journal", request_method="GET", renderer="json",
             permission=MANAGE_ACCESS, openapi="getAccessJournal")
def access_journal(context, request):
    """The node's journal of access and accounts, newest first, one page (``kind``, ``below``: as the page filters)."""
    page, params = api_page(request), request.api_params
    entries, total = audit_log(get_site(request)).select(
        path_of(context), below=params["below"] == "true", kind=params.get("kind"), offset=page.offset,
        limit=page.size)
    return {**page.body(total), "entries": [{"at": e.at.isoformat(), "actor": e.actor, "action": e.action,
                                             "login": e.subject, "role": e.role, "via": e.via, "path": e.path,
                                             "note": e.note} for e in entries]}


"""The CMM bank in the API: listing, an item with its versions, creating, editing, moving, import, export.

Thin wrappers over ``core.cmm``, validated against the OpenAPI document. A
refused change answers with its reason (``forbidden`` 403, ``state`` and
``exists`` 409, ``invalid`` 400 with ``details``); nothing is kept.
"""
from pyramid.view import view_config

from core.api.views import TREE
from core.cases import available_transitions
from core.cmm import qti
from core.cmm.bank import create_item, edit_item, import_items, move
from core.cmm.model import Bank, Item
from core.cmm.workflows import ADD_ITEM
from core.resources import path_of
from core.web.paging import api_page
from core.web.responses import attachment


def version_body(version):
    """What the API says of an item version."""
    return {**version.content(), "version": version.version, "status": version.status,
            "author": version.author, "created": version.created.isoformat(), "note": version.note}


def item_body(request, item):
    """An item, its versions and the transitions open to the user."""
    current = item.current
    return {"path": path_of(item), "code": item.code, "state": item.workflow_state,
            "current_version": current.version if current is not None else None,
            "versions": [version_body(v) for v in item.versions],
            "transitions": [{"name": t.name, "title": t.title, "require_comment": t.require_comment}
                            for t in available_transitions(request.registry.oko, item, request.authenticated_userid)
                            if t.name != "revise"]}


def _filters(params):
    return {k: params[k] for k in ("competence", "level", "status", "kind") if params.get(k)}


@view_config(route_name=TREE, context=Bank, name="cmm-items", request_method="GET", renderer="json",
             permission="view", openapi="listCmmItems")
def list_items(context, request):
    """One page of the bank's items passing the filters, in code order."""
    page = api_page(request)
    rows = context.matching(_filters(request.api_params))
    base = path_of(context)
    return {"items": [{"code": code, "path": f"{base}/{code}", "competence": r[0], "level": r[1], "kind": r[2],
                       "state": r[3], "version": r[4], "stem": r[5]} for code, r in page.rows(rows)],
            **page.body(len(rows))}


@view_config(route_name=TREE, context=Bank, name="cmm-items", request_method="POST", renderer="json",
             permission=ADD_ITEM, openapi="createCmmItem")
def create(context, request):
    """A new item in draft."""
    item = create_item(request.registry.oko, context, request.api_body, request.authenticated_userid)
    request.response.status = 201
    return item_body(request, item)


@view_config(route_name=TREE, context=Item, name="cmm-item", request_method="GET", renderer="json",
             permission="view", openapi="getCmmItem")
def get_item(context, request):
    """An item and all its versions."""
    return item_body(request, context)


@view_config(route_name=TREE, context=Item, name="cmm-versions", request_method="POST", renderer="json",
             permission="edit", openapi="editCmmItem")
def edit(context, request):
    """Change the item: a draft in place, a published item as a new version."""
    edit_item(request.registry.oko, context, request.api_body, request.authenticated_userid)
    request.response.status = 201
    return item_body(request, context)


@view_config(route_name=TREE, context=Item, name="cmm-transitions", request_method="POST", renderer="json",
             permission="view", openapi="moveCmmItem")
def transition(context, request):
    """Submit, publish, return or retire the item."""
    body = request.api_body
    move(request.registry.oko, context, body["transition"], request.authenticated_userid, body.get("comment", ""))
    return item_body(request, context)


@view_config(route_name=TREE, context=Bank, name="cmm-import", request_method="POST", renderer="json",
             permission=ADD_ITEM, openapi="importCmmItems")
def import_file(context, request):
    """Items of a QTI file, as drafts; a malformed item refuses the file and nothing is imported."""
    upload = request.api_body["file"]
    limits = request.registry.oko.upload_limits
    items = qti.parse(limits.read(upload.file), upload.filename, limits.max_size)
    created, updated = import_items(request.registry.oko, context, items, request.authenticated_userid)
    request.response.status = 201
    return {"created": [i.code for i in created], "updated": [i.code for i in updated]}


@view_config(route_name=TREE, context=Bank, name="cmm-export", request_method="GET", permission="view",
             openapi="exportCmmItems")
def export(context, request):
    """The newest version of every item passing the filters, as a QTI 2.1 package."""
    versions = [context[code].latest for code, _ in context.matching(_filters(request.api_params))]
    return attachment(qti.export_package(versions), "cmm.zip", "application/zip")

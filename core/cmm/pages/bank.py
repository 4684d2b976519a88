"""A bank's pages: the list with filters, import of a QTI file, export of the list as a QTI package."""
from types import SimpleNamespace
from urllib.parse import urlencode

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from core.cmm import qti
from core.cmm.bank import OPEN_BANK, import_items, open_bank
from core.cmm.model import COMPETENCES, KINDS, LEVELS, STATUSES, Bank, bank_of
from core.cmm.workflows import ADD_ITEM
from core.refused import Refused
from core.resources import Region
from core.views.layout import PAGE_SIZE, flash
from core.web.paging import requested_page
from core.web.responses import attachment

FILTERS = {"competence": COMPETENCES, "level": LEVELS, "status": STATUSES, "kind": KINDS}
def filters_of(params):
    """The filters asked for in the query string (unknown values ignored)."""
    return {name: params.get(name) for name, allowed in FILTERS.items() if params.get(name) in allowed}


@view_config(context=Bank, renderer="core:cmm/templates/bank.pt", request_method="GET", permission="view")
def bank_page(context, request):
    """The bank's items, paged and filtered by competence, level, status and kind."""
    filters = filters_of(request.GET)
    rows = context.matching(filters)
    page = requested_page(request, PAGE_SIZE).within(len(rows))
    base = request.resource_url(context)
    prev_url, next_url = page.neighbours(len(rows), lambda number: f"{base}?{urlencode({**filters, 'page': number})}")
    shown = [SimpleNamespace(code=code, url=f"{base}{code}/", competence=COMPETENCES[row[0]], level=LEVELS[row[1]],
                             kind=KINDS[row[2]], status=STATUSES.get(row[3], row[3]), version=row[4],
                             stem=row[5][:140])
             for code, row in page.rows(rows)]
    return {"rows": shown, "total": len(rows), "page": page.number, "pages": page.count(len(rows)), "filters": filters,
            "choices": [(name, title, sorted(FILTERS[name].items(), key=lambda kv: kv[1]))
                        for name, title in (("competence", "Компетенция"), ("level", "Уровень"),
                                            ("status", "Состояние"), ("kind", "Вид"))],
            "prev_url": prev_url, "next_url": next_url,
            "export_url": f"{request.resource_url(context, '@@export')}?{urlencode(filters)}",
            "can_add": request.has_permission(ADD_ITEM, context)}


@view_config(context=Bank, name="export", request_method="GET", permission="view")
def export(context, request):
    """The newest version of every item passing the filters, as a QTI 2.1 package (.zip)."""
    versions = [context[code].latest for code, _ in context.matching(filters_of(request.GET))]
    name = "federal" if context.federal else f"region-{context.__parent__.__name__}"
    return attachment(qti.export_package(versions, identifier=f"oko-cmm-{name}"), f"cmm-{name}.zip",
                    "application/zip")


@view_config(context=Bank, name="import", request_method="POST", renderer="core:cmm/templates/bank.pt",
             permission=ADD_ITEM)
def import_file(context, request):
    """Load the items of an uploaded QTI file as drafts; one bad item refuses the file, nothing changes."""
    upload = request.POST.get("file")
    if not hasattr(upload, "file"):
        flash(request, "Выберите файл QTI (.zip или .xml).", "error")
        return HTTPSeeOther(request.resource_url(context))
    try:
        limits = request.registry.oko.upload_limits
        items = qti.parse(limits.read(upload.file), upload.filename, limits.max_size)
        created, updated = import_items(request.registry.oko, context, items, request.authenticated_userid)
    except Refused as exc:
        request.tm.doom()
        page = bank_page(context, request)
        request.response.status = exc.status
        return {**page, "error": str(exc), "problems": exc.details[:50]}
    flash(request, f"Загружено заданий: новых {len(created)}, с новой версией {len(updated)}.", "success")
    return HTTPSeeOther(request.resource_url(context))


@view_config(context=Region, name="cmm", request_method="GET", renderer="core:cmm/templates/missing.pt",
             permission="view")
def region_bank(context, request):
    """The way into a region's bank: there once it exists; else who may open it is offered to."""
    bank = bank_of(context)
    if bank is not None:
        return HTTPSeeOther(request.resource_url(bank))
    return {"may_create": bool(request.has_permission(OPEN_BANK.permission, context))}


@view_config(context=Region, name="cmm", request_method="POST", permission=OPEN_BANK.permission)
def region_bank_open(context, request):
    """A CMM author or the regional operator opens the region's bank (or goes to it, once it exists)."""
    return HTTPSeeOther(request.resource_url(open_bank(context, request.authenticated_userid)))

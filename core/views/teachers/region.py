"""The region's (or a municipality's) view of teacher attestation: overdue steps, the result order."""
import datetime

from pyramid.view import view_config

from core.resources import Municipality, Region, path_of, region_code_of
from core.security.permissions import VIEW
from core.site import get_site
from core.teachers import dashboard, result_order, steps
from core.teachers.model import STEP_TITLES

from ..listing import paged, requested_page
from ._common import REFUSALS, done, form_date, refused, template

PAGE = template("region")
# Overdue dossiers per page: a region has tens of thousands of teachers.
PAGE_SIZE = 50


def region_page(context, request, **extra):
    """Overdue dossiers of the region (or below the municipality) and the decisions awaiting an order."""
    site = get_site(request)
    today = datetime.date.today()
    under = None if isinstance(context, Region) else path_of(context)
    page = requested_page(request)
    found = dashboard.overdue_page(site, region_code_of(context), today, (page - 1) * PAGE_SIZE, PAGE_SIZE, under)
    pager = paged(request.resource_url(context, "@@teachers"), page, found["total"], PAGE_SIZE)
    roles = request.roles_on(context)
    return {"node": context, "today": today, "overdue": found, "pager": pager, "titles": STEP_TITLES,
            "awaiting_order": result_order.awaiting_order(site, context),
            "may_order": bool((set(steps.COMMISSION) | {"regional_operator"}) & roles),
            "error": None, "details": [], **extra}


@view_config(context=Region, name="teachers", renderer=PAGE, permission=VIEW)
@view_config(context=Municipality, name="teachers", renderer=PAGE, permission=VIEW)
def region_view(context, request):
    """Teachers by step and the overdue ones, earliest deadline first."""
    return region_page(context, request)


@view_config(context=Region, name="teachers-order", request_method="POST", permission=VIEW)
@view_config(context=Municipality, name="teachers-order", request_method="POST", permission=VIEW)
def draft_order(context, request):
    """The commission's decisions go into an order approving the results (drafted from its template)."""
    p = request.POST
    try:
        values = {"authority_name": context.title, "city": p.get("city", ""),
                  "protocol_number": p.get("protocol_number", ""), "protocol_date": form_date(p.get("protocol_date")),
                  "responsible_name": p.get("responsible_name", ""), "notify_days": int(p.get("notify_days") or 5),
                  "signatory_post": p.get("signatory_post", ""), "signatory_name": p.get("signatory_name", "")}
        act = result_order.draft_result_order(request.registry.oko, get_site(request), context,
                                              request.authenticated_userid, values)
    except REFUSALS as exc:
        return refused(request, exc, PAGE, region_page(context, request))
    # NB: the commission reads this draft as its act_reader (result_order.order_readers).
    return done(request, request.resource_url(act),
                f"Составлен проект приказа «{act.title}»: его подписывает руководитель органа.")

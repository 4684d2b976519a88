"""Roadmaps' derivation on the web: hand a roadmap down, the changes upstream offered, local measures, the
upstream roadmap read from the derived one.

Thin views over ``core.roadmaps.derivation``. Each step is declared once
(``core.roadmaps.access``: ``DERIVE_ROADMAP``, ``KEEP_ROADMAP``, by the
roadmap's level); a roadmap is of any level, so each view is registered per level
(``core.roadmaps.predicates.by_level``), guarded by that level's step (a
refused step answers 403 with its message).
"""
from types import SimpleNamespace

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from core import roadmaps
from core.roadmaps import derivation
from core.roadmaps.access import DERIVE_ROADMAP, KEEP_ROADMAP, may_derive, may_keep, require_derive, require_keep
from core.roadmaps.cards import macros, measure_row
from core.roadmaps.predicates import by_level
from core.security.permissions import VIEW
from core.views.layout import flash

DERIVE_TITLES = {"region": "Передать в муниципалитеты", "municipality": "Передать в школы"}


def panel(context, request):
    """What the roadmap's page shows of its derivation (merged into the page's values)."""
    actor = request.authenticated_userid
    upstream = derivation.upstream_of(context)
    keeps = may_keep(context, actor)
    changes = [SimpleNamespace(key=c.key, title=c.title, kind=c.kind,
                               text=(c.upstream or c.derived).text,
                               was=c.derived.text if c.kind == "changed" and "text" in c.fields else None,
                               fields=", ".join(c.fields))
               for c in derivation.pending(context, upstream)] if upstream is not None else []
    return {"derive_title": DERIVE_TITLES.get(context.level) if may_derive(context, actor) else None,
            "upstream_url": request.resource_url(context, "@@upstream") if upstream is not None else None,
            "upstream_title": upstream.title if upstream is not None else None,
            "derived_count": len([m for m in context.measures.values() if m.origin is not None]),
            "changes": changes, "keeps": keeps,
            "may_add": keeps and context.level in derivation.CARRIED}


@by_level(DERIVE_ROADMAP, context=roadmaps.Roadmap, name="derive", request_method="POST")
def derive_post(context, request):
    """«Передать в муниципалитеты» / «Передать в школы»: each authority below gets its roadmap."""
    require_derive(context, request.authenticated_userid)
    done = derivation.derive(context, request.authenticated_userid)
    flash(request, done.summary(), "success")
    return HTTPSeeOther(request.resource_url(context))


@by_level(KEEP_ROADMAP, context=roadmaps.Roadmap, name="change", request_method="POST")
def change_post(context, request):
    """Accept (``action=accept``) or ignore (``action=ignore``) the change upstream ``key``."""
    require_keep(context, request.authenticated_userid)
    action, key = request.POST.get("action"), request.POST.get("key", "")
    if action not in ("accept", "ignore"):
        raise roadmaps.RoadmapRefused("Выберите: принять изменение или отклонить.")
    change = (derivation.accept if action == "accept" else derivation.ignore)(context, key)
    flash(request, f"{change.title}: {'принято' if action == 'accept' else 'отклонено'}.", "success")
    return HTTPSeeOther(request.resource_url(context, anchor="changes"))


@by_level(KEEP_ROADMAP, context=roadmaps.Roadmap, name="add-measure", request_method="POST")
def add_measure_post(context, request):
    """A local measure of the authority's own."""
    require_keep(context, request.authenticated_userid)
    if context.level not in derivation.CARRIED:
        raise roadmaps.RoadmapRefused("Свои мероприятия добавляют в карту муниципалитета или школы.")
    post = request.POST
    measure = derivation.add_local(context, post.get("text"), post.get("period"), post.get("result"),
                                   post.get("responsible"))
    flash(request, "Мероприятие добавлено.", "success")
    return HTTPSeeOther(request.resource_url(context, anchor=f"m{measure.id}"))


@view_config(context=roadmaps.Roadmap, name="upstream", request_method="GET", renderer="templates/upstream.pt",
             permission=VIEW)
def upstream_page(context, request):
    """The roadmap this one was derived from, read by the people of the derived one (they may not see the
    authority above): its measures of the levels handed down."""
    upstream = derivation.upstream_of(context)
    if upstream is None:
        raise HTTPNotFound("Эта дорожная карта ни из какой не получена.")
    carried = derivation.CARRIED.get(context.level, ())
    groups = [SimpleNamespace(code=section.code, title=section.title or "Мероприятия",
                              measures=[measure_row(m, f"u{m.id}") for m in found if m.level in carried])
              for section, found in upstream.by_section()]
    return {"upstream": upstream, "groups": [g for g in groups if g.measures], "measures_macro": macros()["measures"],
            "authority": upstream.authority}

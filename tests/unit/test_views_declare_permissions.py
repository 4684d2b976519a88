"""No view without a permission, and no unsafe view guarded by a mere 'view'.

Every view of the app declares a permission. A view that accepts POST, PUT,
PATCH or DELETE (or any method: it declares none) changes something: it
declares the permission of the step it takes (``core.security.steps``), or
of the workflow or rule that governs it, never only ``view``, ``view_home``
or no permission at all, unless it is listed in ``ALLOWED`` with the reason
its guard is elsewhere.
"""
import pytest
from pyramid.config import Configurator
from pyramid.httpexceptions import default_exceptionresponse_view
from pyramid.static import static_view

from core.security.permissions import PUBLIC, VIEW, VIEW_HOME
from core.teachers import access
from core.teachers.model import TeacherDossier
from core.teachers.pages import dossier

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
# Permissions that say who may look, not who may change.
LOOSE = {VIEW, VIEW_HOME, PUBLIC}

_WORKFLOW = ("a workflow transition: the workflow declares the roles that fire each transition, and "
             "core.cases.fire refuses any other")
_RESPONSIBLE = ("a measure's execution is reported by the step's roles (roadmaps.report_<level>) or by the person "
                "made responsible for the occurrence, who holds none of them: require_report checks either")
ALLOWED = {
    "core.views.documents.transition": _WORKFLOW,
    "core.api.views.transition": _WORKFLOW,
    "core.acts.pages.transition": _WORKFLOW,
    "core.acts.api.transition": _WORKFLOW,
    "core.acts.pages.repeal": _WORKFLOW + " (the repealing act's 'repeal')",
    "core.acts.api.repeal": _WORKFLOW + " (the repealing act's 'repeal')",
    "core.cmm.pages.item.transition": _WORKFLOW,
    "core.cmm.api.transition": _WORKFLOW,
    "core.views.documents.add_document_post": ("core.cases.add_document holds the uploader to the content type's "
                                               "add_permission and addable_in, which differ by type"),
    "core.roadmaps.execution_pages.status_post": _RESPONSIBLE,
    "core.roadmaps.execution_pages.evidence_post": _RESPONSIBLE,
    "core.roadmaps.api.report_execution": _RESPONSIBLE + " (its assignment requires the step: require_assign)",
    "core.roadmaps.api.add_evidence_file": _RESPONSIBLE,
    "core.views.auth.password_change": "one's own password, of whoever is logged in",
    "core.views.auth.login": "log-in: nobody is known yet",
    "core.api.views.login": "log-in: nobody is known yet",
    "core.views.auth.logout": "log-out: ends one's own session",
    "core.api.views.logout": "log-out: ends one's own session",
    "core.accounts.pages.profile.profile_save": "one's own profile and address, of whoever is logged in",
    "core.accounts.api.edit_profile": "one's own profile, of whoever is logged in",
    "core.accounts.pages.links.accept": "an invitation: nobody is logged in, the one-time link is the guard",
    "core.accounts.pages.links.reset_choose": "a new password: nobody is logged in, the one-time link is the guard",
    "core.accounts.pages.links.forgot_send": "asking for a link: nobody is known, the page tells nothing, "
                                             "the counts of core.security.throttle bound it",
    "core.accounts.api.forgot": "asking for a link: nobody is known, the answer tells nothing, "
                                "the counts of core.security.throttle bound it",
}


def dotted(view):
    """The dotted name of a view callable (``core.teachers.pages.dossier.send_data``)."""
    return f"{getattr(view, '__module__', '?')}.{getattr(view, '__qualname__', type(view).__name__)}"


def methods_of(view):
    """The request methods a registered view accepts (``None``: any)."""
    methods = view["request_methods"]
    return {methods} if isinstance(methods, str) else set(methods) if methods else None


def unsafe_views(registry):
    """``{dotted name: {permissions}}`` of the views that accept a method changing something."""
    introspector = registry.introspector
    found = {}
    for entry in introspector.get_category("views"):
        view = entry["introspectable"]
        if view["exception_only"] or view["callable"] is default_exceptionresponse_view:
            continue
        if isinstance(view["callable"], static_view):
            continue  # NB: files of the package: a static view serves them and changes nothing
        methods = methods_of(view)
        if methods is not None and not methods & UNSAFE:
            continue
        permissions = {r["value"] for r in introspector.related(view) if r.category_name == "permissions"}
        found.setdefault(dotted(view["callable"]), set()).update(permissions or {None})
    return found


def loosely_guarded(registry, allowed=ALLOWED):
    """The unsafe views guarded only by a loose permission (or none) and not listed with a reason."""
    return sorted(name for name, permissions in unsafe_views(registry).items()
                  if name not in allowed and permissions & (LOOSE | {None}))


def test_every_registered_view_declares_a_permission(app):
    introspector = app.registry.introspector
    checked, missing = 0, []
    for entry in introspector.get_category("views"):
        view = entry["introspectable"]
        if view["exception_only"] or view["callable"] is default_exceptionresponse_view:
            continue  # error pages: their context is an exception, never a resource
        checked += 1
        declared = [r for r in introspector.related(view) if r.category_name == "permissions"]
        if not declared:
            missing.append(f"{view['callable']} (route={view['route_name']}, name={view['name']!r})")
    assert checked > 20
    assert not missing, "views without a permission:\n" + "\n".join(missing)


def test_every_unsafe_view_declares_the_permission_of_its_step_or_is_listed_with_a_reason(app):
    views = unsafe_views(app.registry)
    assert len(views) > 80
    assert loosely_guarded(app.registry) == [], "unsafe views guarded only by 'view' (declare the step's permission)"


def test_every_listed_view_exists_is_unsafe_and_needs_its_reason(app):
    views = unsafe_views(app.registry)
    stale = sorted(name for name in ALLOWED if name not in views or not views[name] & (LOOSE | {None}))
    assert stale == [], "listed, but no such unsafe view guarded by 'view' (drop it from ALLOWED)"
    assert all(len(reason) > 10 for reason in ALLOWED.values())


def a_registry(**views):
    """A registry of the teacher's send-data page alone, declared as ``views`` say."""
    config = Configurator()
    config.add_view(dossier.send_data, context=TeacherDossier, name="send-data", **views)
    config.commit()
    return config.registry


@pytest.mark.parametrize("declared", [
    {"request_method": "POST", "permission": VIEW},
    {"request_method": "POST", "permission": VIEW_HOME},
    {"request_method": "POST", "permission": PUBLIC},
    {"request_method": "POST"},
    {"permission": VIEW},  # no method declared: POST reaches it too
], ids=["view", "view_home", "public", "none", "any-method"])
def test_the_check_fails_for_a_step_page_changed_back_to_view(declared):
    assert loosely_guarded(a_registry(**declared)) == ["core.teachers.pages.dossier.send_data"]


def test_the_check_passes_the_step_s_permission_a_read_and_a_listed_reason():
    assert loosely_guarded(a_registry(request_method="POST", permission=access.SEND_DATA.permission)) == []
    assert loosely_guarded(a_registry(request_method="GET", permission=VIEW)) == []
    assert loosely_guarded(a_registry(request_method="POST", permission=VIEW),
                           {"core.teachers.pages.dossier.send_data": "a reason"}) == []

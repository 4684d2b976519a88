"""No view without a permission: every registered view declares one."""
from pyramid.httpexceptions import default_exceptionresponse_view


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

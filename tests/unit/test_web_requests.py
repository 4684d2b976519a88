"""The application's requests: one class, with the reified properties Pyramid would otherwise give each
request through a class of its own (``core.web.requests``)."""
from pyramid.events import NewRequest
from pyramid.interfaces import IRequestExtensions, IRequestFactory

from tests.factories import login


def test_the_requests_reified_properties_are_their_class_own(app):
    factory = app.registry.queryUtility(IRequestFactory)
    assert {"tm", "csrf_token"} <= set(vars(factory))
    assert not app.registry.queryUtility(IRequestExtensions).descriptors
    assert app.request_factory is factory


def test_every_request_of_a_log_in_is_of_that_one_class_and_keeps_its_token(app, testapp, tree):
    seen = []

    def record(event):
        seen.append(type(event.request))
    app.registry.registerHandler(record, (NewRequest,))
    try:
        # the log-in form's CSRF token (``request.csrf_token``, reified) checks out: the next page is the user's
        page = login(testapp, "head")
        page = testapp.get("/tasks")
    finally:
        app.registry.unregisterHandler(record, (NewRequest,))
    assert page.status_code == 200
    assert len(seen) >= 3 and set(seen) == {app.registry.queryUtility(IRequestFactory)}


def test_a_request_reifies_its_transaction_manager_and_token_once(app):
    request = app.request_factory.blank("/login")
    request.registry = app.registry
    assert request.tm is request.tm
    assert request.csrf_token == request.csrf_token
    assert "tm" in vars(request) and "csrf_token" in vars(request)

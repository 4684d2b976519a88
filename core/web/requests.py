"""The application's request class: the reified request properties are its own.

Pyramid gives each request the properties that ``add_request_method(...,
reify=True)`` declared (pyramid_tm's ``tm``, ``csrf_token``) by making a
class for that one request and setting it as the request's class. Each
request then pays for creating a class (with its method cache cold for the
hundreds of attribute lookups that follow) and leaves one for the garbage
collector. ``settle_request_properties`` puts them once on a subclass of the
request factory instead: the same descriptors, the same behaviour.
"""
from pyramid.interfaces import PHASE3_CONFIG, IRequestExtensions, IRequestFactory
from pyramid.request import Request

# NB: after the actions of every include, ``add_request_method``'s among them (PHASE1), whatever their order.
AFTER_EVERY_DECLARATION = PHASE3_CONFIG + 1


def settle_request_properties(registry):
    """Move the reified and property request methods of ``registry`` onto its request factory's class.

    Run as the configuration's last action (``includeme``), before the WSGI app is made: the router
    takes the factory and the extensions as they are then.
    """
    extensions = registry.queryUtility(IRequestExtensions)
    if extensions is None or not extensions.descriptors:
        return
    factory = registry.queryUtility(IRequestFactory, default=Request)
    attrs = dict(extensions.descriptors, __module__=factory.__module__, __doc__=factory.__doc__)
    registry.registerUtility(type(factory.__name__, (factory,), attrs), IRequestFactory)
    extensions.descriptors = {}


def includeme(config):
    """Settle the request properties once every include has declared its own."""
    config.action(None, lambda: settle_request_properties(config.registry), order=AFTER_EVERY_DECLARATION)

"""What the tree announces when it changes, for whoever keeps something about it (the catalog).

An object (with its subtree) was added, is about to be removed, or changed in
place. The tree imports none of its listeners: the catalog subscribes when it
is imported (``core.catalog``), so the tree stays the lowest layer.
"""
ADDED = "added"
REMOVING = "removing"
MODIFIED = "modified"

_LISTENERS = {ADDED: [], REMOVING: [], MODIFIED: []}


def subscribe(kind, listener):
    """Call ``listener(obj)`` whenever the tree announces ``kind`` (ADDED, REMOVING, MODIFIED) of an object."""
    if listener not in _LISTENERS[kind]:
        _LISTENERS[kind].append(listener)


def notify(kind, obj):
    """Announce ``kind`` of ``obj`` to every subscriber, in the order they subscribed."""
    for listener in _LISTENERS[kind]:
        listener(obj)

"""BTree-based folders: the containers of the organisation tree.

A folder never loads all its children: keys and values come from an
``OOBTree`` and the child count from a ``BTrees.Length`` that resolves its own
write conflicts, so two schools added at once to one municipality do not
conflict on the count. Both are created with the first child: most of the
40,000 schools of a national tree hold nothing yet, and two stored objects
per empty folder would double the cost of an import.
"""
from itertools import islice

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from persistent import Persistent

from core.refused import Refused
from core.resources import events


class FolderError(Refused):
    """A child name is taken, invalid, or missing; the message is Russian."""

    ERROR = "name_{code}"


# NB: shared by every folder that has no child yet; never written to.
_NO_CHILDREN = OOBTree()


class Folder(Persistent):
    """A persistent container with ``__name__``/``__parent__`` children."""

    type_name = "folder"
    type_title = "Папка"
    title = ""
    data = _NO_CHILDREN
    _num = None

    def __init__(self, title=""):
        self.title = title
        self.__name__ = None
        self.__parent__ = None

    def __len__(self):
        return self._num() if self._num is not None else 0

    def __bool__(self):
        # NB: an empty folder is still a real object, never falsy.
        return True

    def __contains__(self, name):
        return name in self.data

    def __getitem__(self, name):
        return self.data[name]

    def get(self, name, default=None):
        """The child called ``name``, or ``default``."""
        return self.data.get(name, default)

    def keys(self, start=None, limit=None):
        """Child names in name order, optionally from ``start`` and at most ``limit``."""
        keys = self.data.keys(start) if start is not None else self.data.keys()
        return list(islice(keys, limit)) if limit is not None else keys

    def values(self):
        """Children in name order (lazily, straight from the BTree)."""
        return self.data.values()

    def items(self):
        """``(name, child)`` pairs in name order."""
        return self.data.items()

    def add(self, name, obj):
        """Place ``obj`` in this folder under ``name``, announce it (the catalog indexes it), and return it."""
        if not name or "/" in name or name.startswith("@@") or name in (".", ".."):
            raise FolderError(f"Недопустимое имя «{name}».")
        if name in self.data:
            raise FolderError(f"Имя «{name}» уже занято в «{self.title}».")
        if self._num is None:
            self.data = OOBTree()
            self._num = Length()
        obj.__name__ = name
        obj.__parent__ = self
        self.data[name] = obj
        self._num.change(1)
        events.notify(events.ADDED, obj)
        return obj

    def remove(self, name):
        """Take the child ``name`` (and its subtree) out of this folder, announced first (the catalog forgets it)."""
        obj = self.data[name]
        events.notify(events.REMOVING, obj)
        del self.data[name]
        self._num.change(-1)
        obj.__parent__ = None
        return obj

"""Persistent content: the organisation tree and the documents that live in it."""
from core.resources.documents import Document, File
from core.resources.folder import Folder, FolderError
from core.resources.org import (
    CLOSED_SCHOOL,
    INSTITUTION_KINDS,
    INSTITUTION_PLACES,
    SCHOOL_TYPES,
    Institution,
    Municipality,
    Region,
    Root,
    School,
)

__all__ = [
    "Folder", "FolderError", "Root", "Region", "Municipality", "School",
    "SCHOOL_TYPES", "CLOSED_SCHOOL", "Institution", "INSTITUTION_KINDS", "INSTITUTION_PLACES", "Document", "File",
    "region_code_of", "find_root", "path_of",
    "traverse_path", "walk", "SITE_KEY", "open_site",
]

# Where the site (the root of the tree) is kept in the database's root mapping.
SITE_KEY = "oko"


def open_site(conn):
    """The site of an open ZODB connection (None in an empty database)."""
    return conn.root().get(SITE_KEY)


def find_root(obj):
    """The Root of the tree ``obj`` belongs to."""
    while obj.__parent__ is not None:
        obj = obj.__parent__
    return obj


def region_code_of(obj):
    """The code of the region ``obj`` lives in, or None above the regions."""
    # NB: the parents walked here, not with find_interface (its lineage generator and test per node cost five
    # times as much): a page of 50 tasks, each transition and each permission check asks for it.
    node = obj
    while node is not None:
        if isinstance(node, Region):
            return node.code
        node = getattr(node, "__parent__", None)
    return None


def path_of(obj):
    """The slash-separated path of ``obj`` from the root ("/66/ekb/s1")."""
    names = []
    while obj.__parent__ is not None:
        names.append(obj.__name__)
        obj = obj.__parent__
    return "/" + "/".join(reversed(names))


def walk(obj):
    """``obj`` and everything below it, depth first."""
    yield obj
    if isinstance(obj, Folder):
        for child in obj.values():
            yield from walk(child)


def traverse_path(root, path):
    """The object at ``path`` under ``root``, or None."""
    obj = root
    for name in path.strip("/").split("/"):
        if not name:
            continue
        get = getattr(obj, "get", None)
        obj = get(name) if get is not None else None
        if obj is None:
            return None
    return obj

"""The OpenAPI 3.1 document of /api/v1: the contract the API validates requests against.

The base (sessions, the tree, tasks, search, indicators) is in ``_base``; each
domain adds its operations from its ``spec`` module (``core/<domain>/spec.py``).
"""
import importlib

from core import DOMAINS
from core.api.spec._base import PATHS, SCHEMAS

for _domain in DOMAINS:
    importlib.import_module(f"{_domain}.spec")

SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "OKO Case API", "version": "1.0.0",
             "description": "JSON API of OKO Case. Log in through /api/v1/session; every unsafe request "
                            "carries the X-CSRF-Token header. Errors are JSON objects {error: {code, message}}."},
    "paths": PATHS,
    "components": {"schemas": SCHEMAS},
}


def operations():
    """``{operationId: (path, method, operation)}`` of the document."""
    return {op["operationId"]: (path, method, op)
            for path, item in PATHS.items() for method, op in item.items()}

"""Organisations from the web: a region keeps its own tree, and its operator sees what is left to go live.

The regional operator loads or updates its municipalities and schools from an
XLSX/CSV file in the browser, with the rules of ``oko import-orgs``
(``core.orgimport``: the whole file checked first, nothing written on an
error, moves and renames), seeing what the file would change before it is
applied; edits one school; closes a school (kept with all it holds and its
history, offered nowhere again: no list, picker, import or enrolment finds
it) and opens it again; adds the institutions that are no schools: the
region's own (краевые учреждения) and a municipality's bodies, so that their
leaders and staff have a place to hold roles. Every change is in the audit
journal (``core.security.audit``).

``start`` is the regional operator's start page: what is set up in the region
and what is still missing to go live, each with a link to do it.
"""
from core.orgs.start import start_block
from core.views.home import add_home_block


def includeme(config):
    """The organisations' pages and the regional operator's start page."""
    # NB: first of the home page's blocks: what is missing to go live comes before the project's chart.
    add_home_block(config, "start", start_block, order=5)
    config.scan("core.orgs.pages")
    config.scan("core.orgs.start")

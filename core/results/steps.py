"""The steps of the results base a person takes through a page or the API: a table uploaded, previewed, imported.

Each checks its declared step first (``core.results.access``); the
operator's command (``oko import-results``) reads its file with
``core.results.importer`` directly, as the operator of the site it is.
"""
import dataclasses

from core.docinspect.tables import TableRefused, uploaded_table
from core.resources import find_root
from core.results import access, facts_import, importer, uploads
from core.results.model import bank_of


@dataclasses.dataclass
class Preview:
    """An uploaded table as it would be imported: its columns and how they are read, the first rows, what
    would change; or the problems that refuse it."""

    filename: str
    header: list
    #: ``{column index: field}`` the table is read by (found from the headings unless given).
    mapping: dict
    fixed: dict
    plan: importer.Plan | None
    report: importer.Report | None
    errors: list


def _header(rows):
    return next(([str(c).strip() for c in cells] for _, cells in rows if any(str(c).strip() for c in cells)), [])


def upload(host, node, data, filename, actor, now=None):
    """Keep an uploaded results table (checked by the upload inspector and the caps) for its preview; its token."""
    access.IMPORT_RESULTS.require(node, actor)
    return uploads.keep(bank_of(node, create=True), data, filename, actor, host.upload_limits, now)


def preview(host, node, token, actor, mapping=None, fixed=None):
    """The ``Preview`` of the upload ``token`` read with ``mapping`` and ``fixed`` (found from its headings when
    no mapping is given); nothing is written."""
    access.IMPORT_RESULTS.require(node, actor)
    upload = uploads.pending(bank_of(node), token, actor)
    rows = uploads.rows_of(upload, host.upload_limits)
    header = _header(rows)
    mapping = importer.detect(header) if mapping is None else mapping
    fixed = dict(fixed or {})
    try:
        plan = importer.check(host, node, rows, mapping, fixed)
    except TableRefused as exc:
        return Preview(upload.file.filename, header, mapping, fixed, None, None, exc.errors)
    return Preview(upload.file.filename, header, mapping, fixed, plan, importer.compare(find_root(node), plan), [])


def import_upload(host, node, token, actor, mapping=None, fixed=None, now=None):
    """Import the upload ``token`` read with ``mapping`` and ``fixed``; the ``Report``. A table with any problem
    is refused whole (``TableRefused``) and kept for another try."""
    access.IMPORT_RESULTS.require(node, actor)
    bank = bank_of(node)
    upload = uploads.pending(bank, token, actor)
    rows = uploads.rows_of(upload, host.upload_limits)
    plan = importer.check(host, node, rows, importer.detect(_header(rows)) if mapping is None else mapping, fixed)
    report = importer.apply(find_root(node), plan, actor, upload.file.filename, now)
    uploads.drop(bank, token)
    return report


def import_table(host, node, data, filename, actor, mapping=None, fixed=None, dry_run=False, now=None):
    """Check and import a table at once (the API); ``(plan, report)``: with ``dry_run``, what it would do."""
    access.IMPORT_RESULTS.require(node, actor)
    rows = uploaded_table(data, filename, host.upload_limits)
    plan = importer.check(host, node, rows, importer.detect(_header(rows)) if mapping is None else mapping, fixed)
    if dry_run:
        return plan, importer.compare(find_root(node), plan)
    return plan, importer.apply(find_root(node), plan, actor, filename, now)


def import_facts(host, node, data, filename, actor, now=None):
    """Import the passport facts of a table (``core.results.facts_import``); ``(new versions, unchanged, schools)``."""
    access.IMPORT_FACTS.require(node, actor)
    rows = uploaded_table(data, filename, host.upload_limits)
    return facts_import.apply(find_root(node), facts_import.check(host, node, rows), actor, filename, now)

"""A results table uploaded through a page, kept while its uploader maps its columns and looks at the preview.

The page's upload is read by the one table reader (the upload inspector, the
size and row caps) before it is kept, as a blob of the region's results base
under a random token; only its uploader may use it, for a day. The import
reads it again and drops it.
"""
import datetime
import io
import secrets

from core.docinspect.tables import uploaded_table
from core.refused import Refused
from core.resources.documents import File
from core.results.model import PendingUpload

KEPT = datetime.timedelta(days=1)
# Uploads a region keeps at once; the oldest go first.
MAX_PENDING = 50


class UploadGone(Refused):
    """The uploaded table is no longer kept (imported, expired, or another person's)."""

    ERROR = "upload_gone"
    STATUSES = {**Refused.STATUSES, "gone": 404}


def keep(bank, data, filename, actor, limits, now=None):
    """Check the upload (``uploaded_table``: the inspector and the caps), keep it; its token."""
    uploaded_table(data, filename, limits)
    now = now or datetime.datetime.now(datetime.timezone.utc)
    for token, upload in list(bank.pending.items()):
        if upload.at < now - KEPT:
            del bank.pending[token]
    while len(bank.pending) >= MAX_PENDING:
        oldest = min(bank.pending.items(), key=lambda item: item[1].at)[0]
        del bank.pending[oldest]
    token = secrets.token_urlsafe(12)
    bank.pending[token] = PendingUpload(File(io.BytesIO(data), filename), actor, now, "results")
    return token


def pending(bank, token, actor, now=None):
    """The upload ``token`` of ``actor`` (``UploadGone`` when it is not kept for them)."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    upload = bank.pending.get(token or "") if bank is not None else None
    if upload is None or upload.actor != actor or upload.at < now - KEPT:
        raise UploadGone("Загруженный файл больше не хранится: загрузите его снова.", "gone")
    return upload


def rows_of(upload, limits):
    """The kept upload's rows, read again by the table reader."""
    with upload.file.open() as stream:
        return uploaded_table(stream.read(), upload.file.filename, limits)


def drop(bank, token):
    """Forget the upload ``token``."""
    bank.pending.pop(token, None)

"""Case documents and the files they carry (ZODB blobs, never bytes in pickles)."""
import datetime
import mimetypes

from persistent import Persistent
from ZODB.blob import Blob

from core.refused import Refused
from core.resources import events


class FileTooLarge(Refused, ValueError):
    """The stream is longer than the size allowed; the message names the file."""

    ERROR = "upload_refused"

    def __init__(self, filename):
        super().__init__(f"Файл «{filename}» больше допустимого размера.")


class File(Persistent):
    """An uploaded or generated file kept as a ZODB blob."""

    def __init__(self, stream, filename, mimetype=None, max_size=None):
        self.filename = filename
        self.mimetype = mimetype or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        self.blob = Blob()
        size = 0
        with self.blob.open("w") as out:
            for chunk in iter(lambda: stream.read(1 << 16), b""):
                size += len(chunk)
                if max_size is not None and size > max_size:
                    raise FileTooLarge(filename)
                out.write(chunk)
        self.size = size

    def open(self):
        """A binary read-only stream of the file's bytes."""
        return self.blob.open("r")


class Document(Persistent):
    """A case document in the tree, driven through its life by a workflow.

    ``document_type`` names what it is (for criteria, required sections and
    validators); ``workflow_name`` names the workflow that governs it; the
    workflow alone writes ``workflow_state`` and ``history``.
    """

    type_name = "document"
    type_title = "Документ"

    def __init__(self, title, document_type, workflow_name, creator, due=None):
        self.title = title
        self.document_type = document_type
        self.workflow_name = workflow_name
        self.workflow_state = None
        self.history = ()
        self.creator = creator
        self.created = datetime.datetime.now(datetime.timezone.utc)
        self.due = due
        self.file = None
        self.__name__ = None
        self.__parent__ = None

    # -- what full-text search reads (core.search.indexes) --------------------

    search_type = "document"

    @property
    def search_kind(self):
        """The document type code."""
        return self.document_type

    @property
    def search_status(self):
        """The workflow state."""
        return self.workflow_state

    @property
    def search_date(self):
        """The day the document was created."""
        return self.created.date()

    def search_text(self):
        """The text extracted from the file when it was uploaded ("" without one)."""
        return getattr(self.file, "text", None) or ""

    def replace_file(self, file):
        """Put a new ``file`` (a re-upload) in place and reindex the document's text."""
        self.file = file
        events.notify(events.MODIFIED, self)

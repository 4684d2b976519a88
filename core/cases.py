"""Case operations every module shares: adding documents, firing transitions.

Domain code: it takes the plugin host and plain values, never a request.
"""
from .catalog import reindex
from .resources import File, region_code_of
from .resources.documents import FileTooLarge
from .security.roles import effective_roles
from .workflow import WorkflowError  # noqa: F401  (callers catch it from here)

MAX_UPLOAD = 50 * 1024 * 1024


class UploadRefused(Exception):
    """An upload was refused; the message is Russian and nothing was stored."""


def _due(host, region, state, when):
    if state != "submitted":
        return None
    period = host.deadlines(region, when.year).get("document_review")
    return (when + period).date() if period else None


def add_document(host, container, name, title, type_name, actor, upload=None, now=None):
    """Create a document of ``type_name`` in ``container``, with an optional file.

    ``upload`` is ``(stream, filename, mimetype)``. Raises UploadRefused with a
    Russian message, leaving nothing stored, when the file is empty or too big.
    """
    types = host.content_types()
    if type_name not in types:
        raise UploadRefused(f"Неизвестный тип документа «{type_name}».")
    spec = types[type_name]
    title = (title or "").strip()
    if not title:
        raise UploadRefused("Укажите название документа.")
    file = None
    if upload is not None:
        stream, filename, mimetype = upload
        try:
            file = File(stream, filename, mimetype, max_size=MAX_UPLOAD)
        except FileTooLarge:
            raise UploadRefused(f"Файл больше {MAX_UPLOAD // (1024 * 1024)} МБ.") from None
        if file.size == 0:
            raise UploadRefused("Файл пуст.")
    region = region_code_of(container)
    doc = spec["factory"](title, type_name, spec["workflow"], actor)
    doc.file = file
    host.workflow(region, spec["workflow"]).initialize(doc, actor, now)
    container.add(name, doc)
    return doc


def fire(host, obj, transition, actor, comment="", now=None):
    """Fire ``transition`` on ``obj`` as ``actor``; tell listeners; return the history entry.

    Raises WorkflowError (Russian message) when it is refused; nothing changes then.
    """
    region = region_code_of(obj)
    workflow = host.workflow(region, obj.workflow_name)
    roles = effective_roles(obj, actor)
    entry = workflow.fire(obj, transition, actor, roles, comment, now)
    obj.due = _due(host, region, obj.workflow_state, entry.at)
    reindex(obj)
    host.on_transition(region, obj, entry, actor)
    return entry


def available_transitions(host, obj, actor):
    """Transitions ``actor`` may fire on ``obj`` now."""
    workflow = host.workflow(region_code_of(obj), obj.workflow_name)
    return workflow.available(obj, effective_roles(obj, actor))


def state_title(host, obj):
    """The Russian title of ``obj``'s state."""
    return host.workflow(region_code_of(obj), obj.workflow_name).state_of(obj).title

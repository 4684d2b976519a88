"""Case operations every module shares: adding documents, and the one ``fire``.

Every transition of every workflow object goes through ``fire``, for a
person's step or the process's own: the workflow checks and moves the
object, the caller's ``then`` records what the step decided (the
commission's decision, an act's number), the object gets the deadline of
whoever is awaited next, the catalog follows, and only then are the region's
listeners told (``oko_on_transition``), so they see the step whole.

Domain code: it takes the plugin host and plain values, never a request.
"""
import io
from types import SimpleNamespace

from core import docinspect
from core.catalog import reindex_changed, transition_values
from core.refused import Refused
from core.resources import File, region_code_of
from core.security.permissions import permits
from core.security.roles import effective_roles
from core.workflow import WorkflowError  # noqa: F401  (callers catch it from here)

# The kinds of file a case document may be; decided by content, not by name.
ALLOWED_UPLOADS = ("docx", "pdf")
# The kinds of node a content type may be addable in (``addable_in``), as a refusal names them.
NODE_KINDS = {"region": "регион", "municipality": "муниципалитет", "school": "школу"}


class UploadRefused(Refused):
    """An upload was refused; the message is Russian and nothing was stored.

    ``code`` is ``invalid`` (400: the file, the form, a type not addable
    there) or ``forbidden`` (403: the user lacks the type's add permission).
    """

    ERROR = "upload_refused"


def inspected_file(host, region, document_type, stream, filename, mimetype=None):
    """A ``File`` of an upload that passed the safe inspector and the region's checks.

    Raises UploadRefused with the Russian reason otherwise; nothing is kept.
    The browser's mimetype is not trusted: the inspector decides by content.
    """
    limits = host.upload_limits
    if not getattr(stream, "seekable", lambda: False)():
        # NB: the inspector hands back a seekable stream for File to read again.
        stream = io.BytesIO(limits.read(stream))
    try:
        inspected = docinspect.inspect_upload(stream, filename, allowed=ALLOWED_UPLOADS, limits=limits)
    except docinspect.InspectionRefused as exc:
        raise UploadRefused(str(exc)) from None
    problems = []
    missing = docinspect.missing_sections(inspected, host.required_sections(region, document_type))
    if missing:
        problems.append(docinspect.missing_sections_message(missing, inspected))
    problems.extend(host.validate_document(region, document_type, inspected))
    if problems:
        raise UploadRefused(" ".join(problems))
    # NB: the inspector has already held the stream to the site's upload limit.
    file = File(stream, inspected.filename, inspected.mimetype)
    # NB: kept on the File (its own record), so a listing of documents never loads it.
    file.text = inspected.text
    file.kind = inspected.kind
    return file


def may_add(host, container, spec, actor):
    """Whether ``actor`` may add a document of the content type ``spec`` to ``container``.

    The type must be addable in the container's kind of node (``addable_in``)
    and ``actor`` must hold its ``add_permission`` there; ``actor`` None is
    the system, held only to ``addable_in``.
    """
    if getattr(container, "type_name", None) not in spec.get("addable_in", ()):
        return False
    return actor is None or permits(container, effective_roles(container, actor), spec["add_permission"], host)


def addable_types(host, container, actor):
    """The content types ``actor`` may add to ``container``, by name: what its add page offers."""
    return [spec for _, spec in sorted(host.content_types().items()) if may_add(host, container, spec, actor)]


def add_document(host, container, name, title, type_name, actor, upload=None, now=None):
    """Create a document of ``type_name`` in ``container``, with an optional file.

    ``upload`` is ``(stream, filename, mimetype)``. Raises UploadRefused with a
    Russian message, leaving nothing stored, when the type may not be added
    there by ``actor`` (``may_add``), or the file is refused by the safe
    inspector or by the region's checks.
    """
    types = host.content_types()
    if type_name not in types:
        raise UploadRefused(f"Неизвестный тип документа «{type_name}».")
    spec = types[type_name]
    if getattr(container, "type_name", None) not in spec.get("addable_in", ()):
        raise UploadRefused(f"«{spec['title']}» сюда не добавляется: только в "
                            f"{', '.join(NODE_KINDS.get(k, k) for k in spec.get('addable_in', ()))}.")
    if not may_add(host, container, spec, actor):
        raise UploadRefused(f"Добавлять «{spec['title']}» здесь вам не разрешено.", "forbidden")
    title = (title or "").strip()
    if not title:
        raise UploadRefused("Укажите название документа.")
    region = region_code_of(container)
    file = None
    if upload is not None:
        file = inspected_file(host, region, type_name, *upload)
    doc = spec["factory"](title, type_name, spec["workflow"], actor)
    doc.file = file
    host.workflow(region, spec["workflow"]).initialize(doc, actor, now)
    container.add(name, doc)
    return doc


def due_after(host, region, obj, state, when):
    """The deadline of whoever is awaited once ``obj`` is in ``state`` (entered at ``when``).

    The state's ``period`` (an ``oko_deadlines`` timedelta) counts from
    ``when``: a reviewer's or a signatory's time. Without one, the object's
    own ``deadline``, if any (its author's).
    """
    period = host.deadlines(region, when.year).get(state.period) if state.period else None
    if period is None:
        return getattr(obj, "deadline", None)
    return (when + period).date()


def fire(host, obj, transition, actor, comment="", now=None, system=False, then=None):
    """Fire ``transition`` on ``obj`` as ``actor``; return the history entry.

    ``system``: the process takes the step (a test handed in when time is
    up, the last score agreed, a bank loaded from a file), not a person: the
    transition's roles are not asked of ``actor``; its state, comment and
    guard are. ``then(entry)`` runs once the object has moved, before its
    deadline and indexes are brought up to date and before the listeners
    are told: what it sets is part of the step they see.

    Raises WorkflowError (Russian message) when the step is refused; nothing
    changes then.
    """
    region = region_code_of(obj)
    workflow = host.workflow(region, obj.workflow_name)
    if system:
        step = workflow.transitions.get(transition)
        roles = step.roles if step is not None else frozenset()
    else:
        roles = effective_roles(obj, actor)
    before = transition_values(obj)
    entry = workflow.fire(obj, transition, actor, roles, comment, now)
    if then is not None:
        then(entry)
    obj.due = due_after(host, region, obj, workflow.states[entry.to_state], entry.at)
    reindex_changed(obj, before)
    host.on_transition(region, obj, entry, actor)
    return entry


def available_transitions(host, obj, actor):
    """Transitions ``actor`` may fire on ``obj`` now."""
    workflow = host.workflow(region_code_of(obj), obj.workflow_name)
    return workflow.available(obj, effective_roles(obj, actor))


def state_title(host, obj):
    """The Russian title of ``obj``'s state."""
    return host.workflow(region_code_of(obj), obj.workflow_name).state_of(obj).title


def history_rows(host, obj):
    """``obj``'s history, oldest first, as people read it: the steps and states by their Russian titles.

    Each row has ``at`` (a datetime), ``actor``, ``transition``, ``from_state``,
    ``to_state`` and ``comment``; a name the workflow no longer has stays as stored.
    """
    workflow = host.workflow(region_code_of(obj), obj.workflow_name)
    states = {name: state.title for name, state in workflow.states.items()}
    actions = {"create": "Создание", **{name: t.title for name, t in workflow.transitions.items()}}
    return [SimpleNamespace(at=e.at, actor=e.actor, transition=actions.get(e.transition, e.transition),
                            from_state=states.get(e.from_state, e.from_state or "—"),
                            to_state=states.get(e.to_state, e.to_state), comment=e.comment)
            for e in obj.history]

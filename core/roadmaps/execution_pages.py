"""Execution on the web: a measure's page with its occurrences (status, deadline, responsible, evidence,
history) and the forms that move them.

Thin views over ``core.roadmaps.execution``. A roadmap is of any level,
so the assignment is registered per level, guarded by that level's step
(``core.roadmaps.access.REPORT_EXECUTION``); the status and the evidence are
reported by that step's roles *or* the person made responsible for the
occurrence, who holds none of them: those views are guarded by ``VIEW`` and
``require_report`` checks either. A status out of
order, done without evidence, a bad file or link answer with the refusal
(409/400), nothing written.
"""
import datetime
from types import SimpleNamespace

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from core import roadmaps
from core.resources import traverse_path
from core.roadmaps import execution, statuses
from core.roadmaps.access import REPORT_EXECUTION, may_assign, may_report, require_assign, require_report
from core.roadmaps.cards import macros, measure_row
from core.roadmaps.predicates import by_level
from core.security.choosing import pick
from core.security.permissions import VIEW, permits
from core.security.roles import effective_roles
from core.security.users import users_of
from core.site import get_site
from core.views.layout import flash, person
from core.web.responses import file_response, openable


def _measure(context, request):
    raw = request.params.get("id", "")
    measure = context.measures.get(int(raw)) if raw.isdigit() else None
    if measure is None:
        raise HTTPNotFound("Такого мероприятия в дорожной карте нет.")
    return measure


def _back(request, context, measure, key=None):
    return HTTPSeeOther(request.resource_url(context, "@@measure", query={"id": measure.id},
                                             anchor=f"o{key}" if key else None))


@view_config(context=roadmaps.Roadmap, name="measure", request_method="GET", renderer="templates/measure.pt",
             permission=VIEW)
def measure_page(context, request):
    """A measure and the execution of each of its occurrences."""
    measure = _measure(context, request)
    actor, today = request.authenticated_userid, datetime.date.today()
    rows = []
    for key, due in execution.occurrences(measure):
        found = execution.occurrence(measure, key)
        status = found.status if found else "planned"
        deadline = found.deadline if found else due
        rows.append(SimpleNamespace(
            key=key, due=due.strftime("%d.%m.%Y") if due else "без срока",
            deadline=deadline.strftime("%d.%m.%Y") if deadline and deadline != due else None,
            status=status, status_title=found.status_title if found else execution.STATUSES[status],
            overdue=found.overdue(today) if found else (due is not None and due < today),
            responsible=(person(request, found.responsible) if found and found.responsible
                         else (found.body if found else None)),
            reason=found.reason if found else None,
            evidence=[SimpleNamespace(title=e.title, url=request.resource_url(context, "@@evidence", query={
                "id": measure.id, "key": key, "n": n}) if e.kind == "file" else _document_url(request, e.path))
                for n, e in enumerate(found.evidence if found else ())],
            history=[SimpleNamespace(when=c.when.strftime("%d.%m.%Y %H:%M"), actor=person(request, c.actor),
                                     what=c.what, note=c.note) for c in (found.history if found else ())],
            moves=statuses.offered(request.registry.oko, context, status),
            may_report=may_report(context, found, actor)))
    return {"measure": measure_row(measure), "measures_macro": macros()["measures"], "rows": rows,
            "measure_id": measure.id, "may_assign": may_assign(context, actor),
            "evidence_required": context.evidence_required}


@by_level(REPORT_EXECUTION, context=roadmaps.Roadmap, name="measure-assign", request_method="POST")
def assign_post(context, request):
    """Name the person (login) or body responsible for an occurrence."""
    require_assign(context, request.authenticated_userid)
    measure, post = _measure(context, request), request.POST
    key = post.get("key", "")
    login = pick(context, "place", post.get("responsible")).login if (post.get("responsible") or "").strip() else ""
    # NB: a person made responsible reports on this page: one who cannot read the roadmap could not.
    if login and login in users_of(request.root) and \
            not permits(context, effective_roles(context, login), VIEW, request.registry.oko):
        raise roadmaps.RoadmapRefused(f"Пользователь «{login}» не видит эту дорожную карту: назначьте другого.")
    execution.assign(measure, key, request.authenticated_userid, login, post.get("body"),
                     users=users_of(request.root))
    flash(request, "Ответственный назначен.", "success")
    return _back(request, context, measure, key)


def _date(raw):
    try:
        return datetime.date.fromisoformat(raw) if raw else None
    except ValueError:
        raise roadmaps.RoadmapRefused(f"«{raw}» — не дата.") from None


@view_config(context=roadmaps.Roadmap, name="measure-status", request_method="POST", permission=VIEW)
def status_post(context, request):
    """Move an occurrence to a status (with a reason, and a new date when moved)."""
    measure, post = _measure(context, request), request.POST
    key = post.get("key", "")
    require_report(context, execution.occurrence(measure, key), request.authenticated_userid)
    status, label = statuses.resolve(request.registry.oko, context, post.get("status", ""))
    found = execution.set_status(measure, key, request.authenticated_userid, status,
                                 post.get("reason"), _date(post.get("moved_to")), label=label)
    flash(request, f"Статус: {found.status_title}.", "success")
    return _back(request, context, measure, key)


@view_config(context=roadmaps.Roadmap, name="measure-evidence", request_method="POST", permission=VIEW)
def evidence_post(context, request):
    """Add evidence to an occurrence: a file through the upload inspector, or the path of a document of OKO."""
    measure, post = _measure(context, request), request.POST
    key = post.get("key", "")
    require_report(context, execution.occurrence(measure, key), request.authenticated_userid)
    upload = post.get("file")
    if hasattr(upload, "file"):
        limits = request.registry.oko.upload_limits
        evidence = execution.file_evidence(limits.read(upload.file), upload.filename, limits)
    else:
        path = (post.get("path") or "").strip()
        path = "/" + path.removeprefix(request.application_url).lstrip("/") if path.startswith("http") else path
        if not path:
            raise roadmaps.RoadmapRefused("Приложите файл или укажите адрес документа.")
        evidence = execution.Evidence("link", (post.get("title") or "").strip() or path, path=path)
    execution.add_evidence(measure, key, request.authenticated_userid, evidence)
    flash(request, "Подтверждение добавлено.", "success")
    return _back(request, context, measure, key)


def _document_url(request, path):
    # NB: a document of OKO kept as evidence is linked for those who may open it, and named for the others.
    document = traverse_path(get_site(request), path)
    return request.resource_url(document) if document is not None and openable(request, document) else None


@view_config(context=roadmaps.Roadmap, name="evidence", request_method="GET", permission=VIEW)
def evidence_file(context, request):
    """A file kept as evidence (``?id=…&key=…&n=…``)."""
    measure = _measure(context, request)
    found = execution.occurrence(measure, request.GET.get("key", ""))
    n = request.GET.get("n", "")
    if found is None or not n.isdigit() or int(n) >= len(found.evidence) or found.evidence[int(n)].file is None:
        raise HTTPNotFound("Такого файла нет.")
    return file_response(request, found.evidence[int(n)].file)


@view_config(context=roadmaps.Measure, request_method="GET", permission=VIEW)
def measure_link(context, request):
    """A measure's own address (a task links to it) is its execution's page."""
    return HTTPSeeOther(request.resource_url(context.__parent__, "@@measure", query={"id": context.id}))

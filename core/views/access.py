"""The access page: who holds which role here and above, granting and revoking tree roles, the journal
(of this node or of everything under it, roles or accounts, on the page or as an XLSX file)."""
import datetime
from types import SimpleNamespace
from urllib.parse import urlencode

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from core.resources import Folder, path_of, traverse_path
from core.security.audit import KINDS, audit_log
from core.security.choosing import PersonRefused, pick
from core.security.permissions import MANAGE_ACCESS
from core.security.roles import (
    ROLES,
    RoleError,
    check_term,
    checked_day,
    grant_on_access,
    grantable_roles,
    granted_by,
    in_term,
    local_roles,
    revoke_on_access,
    role_title,
    term_of,
    term_text,
)
from core.security.users import find_user, users_of
from core.site import get_site
from core.views.layout import flash
from core.views.listing import paged
from core.views.steps import form_invalid
from core.web.paging import Page, requested_page
from core.web.responses import attachment
from core.workbooks import workbook_bytes

# Journal entries per page of the access page.
JOURNAL_PAGE = 20
# Entries an export holds at most, newest first.
EXPORT_MAX = 50_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _person(users, login):
    user = users.get(login)
    return user.title if user is not None else login


def form_day(raw, what):
    """The date a form gives as ``YYYY-MM-DD`` (None when empty); RoleError (Russian) for anything else."""
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise RoleError(f"Дата {what} «{raw}» не распознана: укажите её как ДД.ММ.ГГГГ.", "invalid") from None


def journal_filter(request):
    """What the query string asks the journal for: ``kind`` (roles or accounts), ``below`` (and everything
    under), ``person`` (a log-in or an address: entries about them), ``since`` and ``until`` (days, both
    included); ``error`` says in Russian what could not be read (then nothing is shown)."""
    get = request.GET
    kind = get.get("kind")
    found = SimpleNamespace(kind=kind if kind in KINDS else None, below=get.get("below") == "1", subject=None,
                            person=(get.get("person") or "").strip(), since=None, until=None, error=None)
    try:
        since, until = form_day(get.get("since"), "начала"), form_day(get.get("until"), "окончания")
        if since and until and until < since:
            raise RoleError(f"Конец периода ({until:%d.%m.%Y}) раньше его начала ({since:%d.%m.%Y}).", "invalid")
    except RoleError as exc:
        found.error, since, until = str(exc), None, None
    found.since_day, found.until_day = since, until
    zone = datetime.datetime.now().astimezone().tzinfo
    found.since = datetime.datetime.combine(since, datetime.time.min, zone) if since else None
    found.until = datetime.datetime.combine(until, datetime.time.max, zone) if until else None
    if found.person:
        user = find_user(get_site(request), found.person)
        if user is None:
            found.error = f"Пользователь «{found.person}» не найден: укажите имя для входа или адрес эл. почты."
        else:
            found.subject = user.login
    return found


def journal_query(f):
    """The query string of the filter ``f`` (for the pager and the export)."""
    pairs = (("kind", f.kind), ("below", "1" if f.below else None), ("person", f.person),
             ("since", f.since_day.isoformat() if f.since_day else None),
             ("until", f.until_day.isoformat() if f.until_day else None))
    return {k: v for k, v in pairs if v}


def journal_page(site, context, page, f):
    """``(entries, total)``: one ``Page`` of the node's audit journal as the filter ``f`` asks, newest first."""
    if f.error:
        return [], 0
    return audit_log(site).select(path_of(context), below=f.below, kind=f.kind, subject=f.subject,
                                  offset=page.offset, limit=page.size, since=f.since, until=f.until)


def _where(site, path, titles):
    if path not in titles:
        node = traverse_path(site, path)
        titles[path] = node.title if node is not None else path
    return titles[path]


def _grant_row(context, users, login, role, allowed, me, day):
    term = term_of(context, login, role)
    by = granted_by(context, login, role)
    return SimpleNamespace(user=login, person=_person(users, login), role=role, role_title=role_title(role),
                           revocable=role in allowed and login != me, start=term[0] if term else None,
                           end=term[1] if term else None, by=_person(users, by[0]) if by else "",
                           at=by[1] if by else None, current=in_term(term, day),
                           expired=bool(term and term[1] and term[1] < day))


def _page(context, request, error=None):
    site = get_site(request)
    users = users_of(site)
    allowed = grantable_roles(request.roles_on(context))
    me, day = request.authenticated_userid, checked_day()
    rows = [_grant_row(context, users, login, r, allowed, me, day)
            for login, roles in sorted(local_roles(context).items()) for r in sorted(roles)]
    local = [row for row in rows if not row.expired]
    history = [row for row in rows if row.expired]
    inherited = []
    node = context.__parent__
    while node is not None:
        for login, roles in sorted(local_roles(node).items()):
            for r in sorted(roles):
                inherited.append(SimpleNamespace(user=login, person=_person(users, login), role_title=role_title(r),
                                                 where=node.title))
        node = node.__parent__
    f = journal_filter(request)
    query = journal_query(f)
    page = requested_page(request, JOURNAL_PAGE, "journal")
    entries, total = journal_page(site, context, page, f)
    base = request.resource_url(context, "@@access")
    pager = paged(page, total, f"{base}?{urlencode(query)}" if query else base, "journal")
    titles = {}
    journal = [SimpleNamespace(at=e.at, actor=_person(users, e.actor), action=e.action_title,
                               subject=_person(users, e.subject), role_title=role_title(e.role) if e.role else "",
                               where=_where(site, e.path, titles), note=e.note)
               for e in entries]
    return {"local": local, "history": history, "inherited": inherited, "error": error,
            "form": request.POST if request.method == "POST" else {}, "journal": journal, "journal_pager": pager,
            "grantable": [(r, ROLES[r]) for r in ROLES if r in allowed], "kinds": KINDS, "kind": f.kind,
            "below": f.below, "filter": f,
            "export_url": request.resource_url(context, "@@access-journal.xlsx", query=query)}


@view_config(context=Folder, name="access", request_method="GET",
             renderer="templates/access.pt", permission=MANAGE_ACCESS)
def access(context, request):
    """Who holds which role here and above, a form to grant a tree role, and the journal of changes."""
    return _page(context, request)


@view_config(context=Folder, name="access", request_method="POST",
             renderer="templates/access.pt", permission=MANAGE_ACCESS)
def access_change(context, request):
    """Grant or revoke a tree role here: only below the actor's own rank, never one's own."""
    login = request.POST.get("login", "").strip()
    role = request.POST.get("role", "")
    actor = request.authenticated_userid
    try:
        actor_roles = request.roles_on(context)
        if request.POST.get("action") == "revoke":
            user = users_of(get_site(request)).get(login.lower())
            if user is None:
                raise RoleError(f"Пользователь «{login}» не найден.", "invalid")
            revoke_on_access(context, user, role, actor, actor_roles)
            flash(request, f"Роль «{role_title(role)}» снята: {user.title}.", "success")
        else:
            start, end = form_day(request.POST.get("start"), "начала"), form_day(request.POST.get("end"), "окончания")
            check_term(start, end)
            user = pick(context, "region", login)
            grant_on_access(context, user, role, actor, actor_roles, start, end)
            term = term_text(check_term(start, end))
            flash(request, f"Роль «{role_title(role)}» назначена: {user.title}{' ' + term if term else ''}.",
                  "success")
    except (RoleError, PersonRefused) as exc:
        form_invalid(request)
        return _page(context, request, str(exc))
    return HTTPSeeOther(request.resource_url(context, "@@access"))


@view_config(context=Folder, name="access-journal.xlsx", request_method="GET", permission=MANAGE_ACCESS)
def journal_export(context, request):
    """The journal as the page filters it, as an XLSX file (newest first, at most ``EXPORT_MAX`` entries)."""
    site = get_site(request)
    users = users_of(site)
    f = journal_filter(request)
    entries, _ = journal_page(site, context, Page(1, EXPORT_MAX), f)
    # NB: here, not at the top: openpyxl (and numpy, which it imports) would add a third of a second to every
    # worker's start for the few who ask for this book.
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Журнал"
    sheet.append(["Когда (UTC)", "Кто", "Действие", "Кому", "Имя для входа", "Роль", "Где", "Путь", "Примечание"])
    titles = {}
    for e in entries:
        sheet.append([e.at.replace(tzinfo=None), _person(users, e.actor), e.action_title, _person(users, e.subject),
                      e.subject, role_title(e.role) if e.role else "", _where(site, e.path, titles), e.path,
                      e.note or e.via])
    return attachment(workbook_bytes(book), f"журнал-доступа-{context.__name__ or 'рф'}.xlsx", XLSX)

"""A node's people: who holds roles here, inviting one person, loading a list with a preview, the invitations made."""
import json
from types import SimpleNamespace

import colander
import deform
from pyramid.httpexceptions import HTTPBadRequest
from pyramid.renderers import render_to_response
from pyramid.view import view_config

from core.accounts import access, lists, people
from core.accounts.delivery import SHOWN_ONCE_PAGE, deliver_invitations, mailer
from core.accounts.links import now_utc
from core.accounts.model import ORGANISATIONS, phone_text, roles_for, state_of
from core.accounts.pages._common import template
from core.accounts.places import label, level_title, people_here, pickable
from core.docinspect import InspectionRefused
from core.docinspect.tables import TableRefused
from core.refused import Refused
from core.resources import path_of
from core.security.permissions import MANAGE_ACCESS
from core.security.roles import ROLES, role_title
from core.security.users import users_of
from core.site import get_site
from core.views.documents import MemoryTmpStore
from core.views.listing import paged
from core.views.steps import done, form_invalid
from core.web.forms import Form
from core.web.paging import requested_page
from core.web.responses import attachment
from core.workbooks import workbook_bytes

PEOPLE_PAGE = template("people")
PREVIEW_PAGE = template("preview")
INVITED_PAGE = SHOWN_ONCE_PAGE
PER_PAGE = 50
REQUIRED = "Обязательное поле"
NOT_LOADED = "Список не загружен, в базе ничего не изменилось."


def for_organisations(permission=MANAGE_ACCESS, **settings):
    """``view_config`` of a page on every kind of organisation (the federal level, a region, a municipality,
    a school): seen by those who manage access there, a step taken by the step's roles."""
    def decorate(func):
        for cls in reversed(ORGANISATIONS):
            # NB: _depth: venusian files the view under the module that applies the decorator, not this one.
            func = view_config(context=cls, permission=permission, _depth=1, **settings)(func)
        return func
    return decorate


def _text(name, title, max_length, **kw):
    return colander.SchemaNode(colander.String(), name=name, title=title, missing_msg=REQUIRED,
                               validator=colander.Length(max=max_length, max_err="Не длиннее ${max} знаков"), **kw)


def _choices(request, node):
    """The organisations of the form, and the roles the actor may give on at least one of them."""
    orgs, roles = [], set()
    for org in pickable(node):
        here = roles_for(org, request.roles_on(org))
        if here:
            orgs.append(org)
            roles.update(here)
    return orgs, [r for r in ROLES if r in roles]


def invite_form(request, node):
    """The form to invite one person: name, e-mail, phone, position, the organisation and the role."""
    orgs, roles = _choices(request, node)
    schema = colander.SchemaNode(colander.Mapping())
    schema.add(_text("name", "Фамилия, имя, отчество", 200))
    schema.add(_text("email", "Эл. почта", 254, widget=deform.widget.TextInputWidget(attributes={
        "type": "email", "autocomplete": "off"})))
    schema.add(_text("phone", "Телефон", 40, missing="", widget=deform.widget.TextInputWidget(attributes={
        "type": "tel", "placeholder": "+7 912 345-67-89"})))
    schema.add(_text("position", "Должность", 200, missing=""))
    values = [(path_of(org), label(org)) for org in orgs]
    # NB: nothing chosen at first: a role held at another level than the organisation shown would be refused.
    schema.add(colander.SchemaNode(colander.String(), name="organisation", title="Организация",
                                   missing_msg="Выберите организацию",
                                   validator=colander.OneOf([v for v, _ in values],
                                                            msg_err="Выберите организацию из списка"),
                                   widget=deform.widget.SelectWidget(values=[("", "— выберите —"), *values])))
    schema.add(colander.SchemaNode(colander.String(), name="role", title="Роль", missing_msg="Выберите роль",
                                   validator=colander.OneOf(roles, msg_err="Выберите роль из списка"),
                                   widget=deform.widget.SelectWidget(
                                       values=[("", "— выберите —"), *((r, ROLES[r]) for r in roles)])))
    return Form(request, schema, action=request.resource_url(node, "@@people"), formid="invite-form", focus="off",
                buttons=(deform.Button("invite", "Пригласить"),))


def import_form(request, node):
    """The form to load a list of people (XLSX or CSV)."""
    schema = colander.SchemaNode(colander.Mapping())
    schema.add(colander.SchemaNode(deform.FileData(), name="file", title="Список (XLSX или CSV)",
                                   missing_msg="Выберите файл.",
                                   widget=deform.widget.FileUploadWidget(MemoryTmpStore())))
    return Form(request, schema, action=request.resource_url(node, "@@people-import"), formid="import-form",
                focus="off",
                buttons=(deform.Button("check", "Проверить список"),))


def person_row(request, node, user, org, roles):
    """A person as the list of a node's people shows them."""
    return SimpleNamespace(user=user, url=request.resource_url(node, "@@person", user.login),
                           phone=phone_text(user.phone), where=org.title if org is not node else "здесь",
                           roles=", ".join(role_title(r) for r in sorted(roles)), state=state_of(user))


def people_page(node, request, invite_html=None, import_html=None, error=None, details=()):
    """The data of a node's people page: one page of those who hold roles here and just below, and the two forms."""
    users = users_of(get_site(request))
    held = [(users[login], org, roles) for login, org, roles in people_here(node) if login in users]
    held.sort(key=lambda row: (row[1] is not node, row[1].title, row[0].title.lower(), row[0].login))
    page = requested_page(request, PER_PAGE)
    orgs, roles = _choices(request, node)
    return {"node": node, "level": level_title(node), "error": error, "details": list(details),
            "people": [person_row(request, node, *row) for row in page.rows(held)], "total": len(held),
            "pager": paged(page, len(held), request.resource_url(node, "@@people")),
            "may_invite": bool(orgs and roles), "mailer": mailer(request) is not None,
            "columns": lists.COLUMN_TITLES.values(), "max_rows": lists.MAX_ROWS,
            "invite_form": invite_html if invite_html is not None else invite_form(request, node).render(),
            "import_form": import_html if import_html is not None else import_form(request, node).render()}


def _answer(request, renderer, data, status=200):
    response = render_to_response(renderer, data, request=request)
    response.status = status
    return response


@for_organisations(name="people", request_method="GET", renderer=PEOPLE_PAGE)
def people_view(context, request):
    """Who holds roles here, with their contacts and the state of their accounts; the forms to bring people in."""
    return people_page(context, request)


def _invited_page(request, node, rows, planned=(), message=""):
    return {"node": node, "links": rows, "planned": planned, "message": message,
            "counts": {o: sum(1 for p in planned if p.outcome == o) for o in people.OUTCOMES}}


@for_organisations(name="people", request_method="POST", permission=access.INVITE.permission)
def invite(context, request):
    """Invite one person: the account, the role, the invitation (mailed, or its link shown here once)."""
    form = invite_form(request, context)
    try:
        values = form.validate(request.POST.items())
    except deform.ValidationFailure as failure:
        form_invalid(request)
        return _answer(request, PEOPLE_PAGE, people_page(
            context, request, invite_html=failure.render(),
            error="Приглашение не отправлено: исправьте отмеченные поля."),
            400)
    org = next(o for o in pickable(context) if path_of(o) == values["organisation"])
    row = people.Row(0, values["name"], values["email"], values["phone"], values["position"], org, values["role"])
    now = now_utc()
    try:
        planned, invited = people.invite_one(context, request.authenticated_userid, row, now)
    except Refused as exc:
        form_invalid(request)
        return _answer(request, PEOPLE_PAGE, people_page(
            context, request, invite_html=form.render(values), error=str(exc)), exc.status)
    if invited is None:
        where = f"«{planned.role_title}» в «{planned.organisation.title}»"
        message = (f"{planned.name}: роль {where} уже есть, ничего не изменилось." if planned.outcome == people.SAME
                   else f"{planned.name} уже есть в системе: назначена роль {where}.")
        return done(request, request.resource_url(context, "@@people"), message)
    rows = deliver_invitations(request, [invited], now)
    if not rows:
        return done(request, request.resource_url(context, "@@people"),
                    f"Приглашение отправлено на адрес {invited.user.email}.")
    return _answer(request, INVITED_PAGE, _invited_page(request, context, rows, [planned]))


@for_organisations(name="people-template.xlsx", request_method="GET")
def list_template(context, request):
    """A list to fill in: the headings and one example row."""
    # NB: here, not at the top: openpyxl (and numpy, which it imports) would add a third of a second to every
    # worker's start for the few who ask for this book.
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Пользователи"
    sheet.append(list(lists.COLUMN_TITLES.values()))
    example = next(iter(pickable(context)[1:]), context)
    orgs, roles = _choices(request, context)
    sheet.append(["Иванова Мария Петровна", "ivanova@example.ru", "+7 912 345-67-89", "Директор",
                  getattr(example, "code", ""), ROLES[roles[-1]] if roles else ""])
    for column, width in zip("ABCDEF", (36, 28, 20, 24, 18, 28)):
        sheet.column_dimensions[column].width = width
    return attachment(workbook_bytes(book), "пользователи.xlsx",
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _refused_list(context, request, exc, html=None):
    request.tm.doom()
    details = list(getattr(exc, "details", None) or getattr(exc, "errors", None) or [str(exc)])
    return _answer(request, PEOPLE_PAGE, people_page(context, request, import_html=html, error=NOT_LOADED,
                                                     details=details), 400)


def _as_json(rows):
    return json.dumps([[r.line, r.name, r.email, r.phone, r.position, r.organisation, r.role] for r in rows],
                      ensure_ascii=False)


def _from_json(text):
    try:
        rows = [people.Row(*map(lambda v: v if isinstance(v, int) else str(v), item)) for item in json.loads(text)]
    except (ValueError, TypeError):
        raise HTTPBadRequest("Список не принят: обновите страницу и загрузите файл ещё раз.") from None
    if len(rows) > lists.MAX_ROWS:
        raise HTTPBadRequest(lists.TOO_MANY)
    return rows


@for_organisations(name="people-import", request_method="POST", permission=access.IMPORT_LIST.permission)
def check_list(context, request):
    """Check an uploaded list: every problem with its line and nothing written, or a preview of what it will do."""
    form = import_form(request, context)
    try:
        upload = form.validate(request.POST.items())["file"]
        rows = lists.uploaded_people(upload["fp"], upload["filename"], request.registry.oko.upload_limits)
    except deform.ValidationFailure as failure:
        return _refused_list(context, request, Refused("Выберите файл со списком."), failure.render())
    except (TableRefused, InspectionRefused) as exc:
        return _refused_list(context, request, exc)
    planned, problems = people.plan(context, request.authenticated_userid, rows)
    if problems:
        return _refused_list(context, request, Refused(NOT_LOADED, details=problems))
    # NB: nothing is written by the preview: the rows travel in the confirming form and are checked again.
    request.tm.doom()
    return _answer(request, PREVIEW_PAGE, {
        "node": context, "planned": planned, "rows": _as_json(rows), "mailer": mailer(request) is not None,
        "counts": {o: sum(1 for p in planned if p.outcome == o) for o in people.OUTCOMES},
        "outcomes": people.OUTCOMES})


@for_organisations(name="people-confirm", request_method="POST", permission=access.IMPORT_LIST.permission)
def load_list(context, request):
    """Load the previewed list: checked again as a whole, then the accounts, roles and invitations."""
    rows = _from_json(request.POST.get("rows", ""))
    planned, problems = people.plan(context, request.authenticated_userid, rows)
    if problems:
        return _refused_list(context, request, Refused(NOT_LOADED, details=problems))
    now = now_utc()
    invited = people.apply(context, planned, request.authenticated_userid, people.VIA_LIST, now)
    links_shown = deliver_invitations(request, invited, now)
    counts = {o: sum(1 for p in planned if p.outcome == o) for o in people.OUTCOMES}
    message = (f"Список загружен: новых учётных записей — {counts[people.NEW]}, новых ролей — {counts[people.GRANT]}, "
               f"без изменений — {counts[people.SAME]}.")
    if not links_shown:
        if invited:
            message += f" Приглашения отправлены по эл. почте: {len(invited)}."
        return done(request, request.resource_url(context, "@@people"), message)
    return _answer(request, INVITED_PAGE, _invited_page(request, context, links_shown, planned, message))

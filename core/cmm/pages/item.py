"""An item's pages: the item with its versions, the form to create or edit it, its workflow buttons."""
from types import SimpleNamespace

import deform
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from core.cases import available_transitions, state_title
from core.cmm import bank as domain
from core.cmm import qti
from core.cmm.forms import SCHOOL_TYPE_TITLES, form_from_version, item_from_form, item_schema
from core.cmm.model import CATEGORIES, COMPETENCES, KINDS, LEVELS, STATUSES, Bank, Item
from core.cmm.workflows import ADD_ITEM
from core.views.documents import history as document_history
from core.views.layout import flash
from core.views.steps import done, form_invalid, refused_to
from core.web.forms import Form, scripts
from core.web.responses import attachment
from core.workflow import ACCEPTED, EDITABLE, means


def version_view(version):
    """What the page shows of a version."""
    answer = set(version.answer)
    return SimpleNamespace(
        v=version, number=version.version, status=STATUSES.get(version.status, version.status),
        kind=KINDS[version.kind], competence=COMPETENCES[version.competence], level=LEVELS[version.level],
        school_types=", ".join(SCHOOL_TYPE_TITLES[t] for t in sorted(version.school_types)),
        categories=", ".join(CATEGORIES[c] for c in sorted(version.categories)),
        options=[(k, t, k in answer) for k, t in version.options],
        accepted=list(version.answer) if version.kind == "short" else [],
        created=version.created.strftime("%d.%m.%Y %H:%M"))


@view_config(context=Item, renderer="core:cmm/templates/item.pt", request_method="GET", permission="view")
def item_page(context, request):
    """An item: the newest version, the published one, every version, and the actions open to the user."""
    host = request.registry.oko
    transitions = [t for t in available_transitions(host, context, request.authenticated_userid)
                   if t.name != "revise"]
    return {"latest": version_view(context.latest),
            "current": version_view(context.current) if context.current is not None else None,
            "versions": [version_view(v) for v in reversed(context.versions)],
            "state": state_title(host, context), "transitions": transitions,
            "can_edit": request.has_permission("edit", context) and means(context, EDITABLE, ACCEPTED)}


def _form(request, bank, action, with_code, save_title):
    return Form(request, item_schema(bank.federal, with_code), action=action, formid="cmm-item-form",
                buttons=(deform.Button("save", save_title),))


def _form_page(request, form, html, title, back, error=None, problems=()):
    return {"page_title": title, "form": html, "scripts": scripts(request), "back": back,
            "error": error, "problems": list(problems)}


def _post(request, form, title, back, save):
    try:
        values = form.validate(request.POST.items())
    except deform.ValidationFailure as exc:
        form_invalid(request)
        return _form_page(request, form, exc.render(), title, back, "Проверьте отмеченные поля.")
    try:
        return save(values)
    except domain.ItemRefused as exc:
        request.tm.doom()
        request.response.status = exc.status
        return _form_page(request, form, form.render(values), title, back, str(exc), exc.problems)


@view_config(context=Bank, name="add", request_method="GET", renderer="core:cmm/templates/form.pt", permission=ADD_ITEM)
def add_form(context, request):
    """The form of a new item."""
    form = _form(request, context, request.resource_url(context, "@@add"), True, "Сохранить черновик")
    level = "federal" if context.federal else "regional"
    html = form.render({"level": level, "school_types": {"urban", "rural", "small"},
                        "categories": set(CATEGORIES), "kind": "single"})
    return _form_page(request, form, html, "Новое задание", request.resource_url(context))


@view_config(context=Bank, name="add", request_method="POST", renderer="core:cmm/templates/form.pt", permission=ADD_ITEM)
def add_post(context, request):
    """Save a new item as a draft; bad input is shown in Russian and nothing is stored."""
    form = _form(request, context, request.resource_url(context, "@@add"), True, "Сохранить черновик")

    def save(values):
        item = domain.create_item(request.registry.oko, context, item_from_form(values),
                                  request.authenticated_userid)
        flash(request, "Черновик задания сохранён.", "success")
        return HTTPSeeOther(request.resource_url(item))
    return _post(request, form, "Новое задание", request.resource_url(context), save)


@view_config(context=Item, name="edit", request_method="GET", renderer="core:cmm/templates/form.pt", permission="edit")
def edit_form(context, request):
    """The newest version's content, to change (a published item gets a new version)."""
    form = _form(request, context.bank, request.resource_url(context, "@@edit"), False, "Сохранить")
    return _form_page(request, form, form.render(form_from_version(context.latest)),
                      f"Изменение задания «{context.title}»",
                      request.resource_url(context))


@view_config(context=Item, name="edit", request_method="POST", renderer="core:cmm/templates/form.pt", permission="edit")
def edit_post(context, request):
    """Save the change: in place of a draft, as a new version of a published item."""
    form = _form(request, context.bank, request.resource_url(context, "@@edit"), False, "Сохранить")

    def save(values):
        version = domain.edit_item(request.registry.oko, context, item_from_form(values, context.code),
                                   request.authenticated_userid)
        flash(request, f"Сохранена версия {version.version}.", "success")
        return HTTPSeeOther(request.resource_url(context))
    return _post(request, form, f"Изменение задания «{context.title}»", request.resource_url(context), save)


@view_config(context=Item, name="transition", request_method="POST", permission="view")
def transition(context, request):
    """Submit, publish, return or retire the item; a refusal changes nothing."""
    try:
        domain.move(request.registry.oko, context, request.POST.get("transition", ""),
                    request.authenticated_userid, request.POST.get("comment", ""))
    except domain.ItemRefused as exc:
        return refused_to(request, exc, request.resource_url(context))
    return done(request, request.resource_url(context), f"Готово: «{state_title(request.registry.oko, context)}».")


@view_config(context=Item, name="qti", request_method="GET", permission="view")
def export_version(context, request):
    """One version as a QTI 2.1 XML file (the newest unless ``?version=N``)."""
    try:
        version = context.version(int(request.GET.get("version", len(context.versions))))
    except ValueError:
        version = None
    if version is None:
        raise HTTPNotFound("Такой версии нет.")
    return attachment(qti.item_xml(version), f"{context.code}-v{version.version}.xml", "application/xml")


@view_config(context=Item, name="history", renderer="core.views:templates/history.pt",
             request_method="GET", permission="view")
def history(context, request):
    """The item's audit history, oldest first."""
    return document_history(context, request)

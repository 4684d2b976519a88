"""Normative acts: an authority's register, drafting from a template with preview, the act page.

Thin views over ``core.acts``: they read the form, call the domain, and
render or redirect. Every POST needs the CSRF token; bad input is shown in
Russian and dooms the transaction.
"""
from types import SimpleNamespace

import deform
from pyramid.httpexceptions import HTTPBadRequest, HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from core import acts, docgen
from core.acts.forms import values_schema
from core.cases import WorkflowError, available_transitions, state_title
from core.catalog import Query
from core.refused import Refused
from core.resources import Municipality, Region, School, region_code_of, traverse_path
from core.security.permissions import DRAFT_ACT, EDIT
from core.site import get_site
from core.views.documents import history as document_history
from core.views.layout import PAGE_SIZE, flash
from core.views.steps import done, form_invalid, refused_to
from core.web.forms import Form, scripts
from core.web.paging import requested_page
from core.web.responses import file_response
from core.workflow import EDITABLE, means

AUTHORITIES = (Region, Municipality, School)


def for_authorities(**settings):
    """``view_config`` for a region, a municipality and a school alike."""
    def decorate(func):
        for cls in reversed(AUTHORITIES):
            func = view_config(context=cls, **settings)(func)
        return func
    return decorate


# -- the form ------------------------------------------------------------------

def _widgets(node):
    kind = getattr(node, "oko_type", None)
    if kind == "table":
        node.widget = deform.widget.SequenceWidget(min_len=node.oko_min_rows,
                                                   add_subitem_text_template="Добавить строку")
        for child in node.children[0].children:
            _widgets(child)
        node.children[0].title = "Строка"
    elif kind == "text":
        node.widget = deform.widget.TextAreaWidget(rows=4)
    elif kind == "date":
        node.widget = deform.widget.TextInputWidget(attributes={"type": "date"})
    elif kind == "int":
        node.widget = deform.widget.TextInputWidget(attributes={"type": "number", "min": "0"})
    elif kind == "number":
        # NB: not type="number": a browser's number field may refuse the comma people type («12,5»).
        node.widget = deform.widget.TextInputWidget(attributes={"inputmode": "decimal"})
    elif kind == "choice":
        node.widget = deform.widget.SelectWidget(values=[("", "— выберите —")] + [(c, c) for c in node.oko_choices])
    else:
        node.widget = deform.widget.TextInputWidget()


def _form(request, template, action, save_title):
    schema = values_schema(template.schema)
    for node in schema.children:
        _widgets(node)
    return Form(request, schema, action=action, formid="act-form",
                buttons=(deform.Button("preview", "Предпросмотр", css_class="btn-secondary"),
                         deform.Button("save", save_title, css_class="btn-primary")))


def _page(request, template, form, html, **extra):
    return {"template": template, "form": html, "preview": None, "error": None,
            "scripts": scripts(request), **extra}


def _post_form(request, template, form, page, save):
    """Validate the posted form; preview or save through ``save(values)``; errors in Russian."""
    try:
        values = form.validate(request.POST.items())
    except deform.ValidationFailure as exc:
        form_invalid(request)
        return {**page, "form": exc.render()}
    try:
        if "save" in request.POST:
            return save(values)
        generated = acts.preview(template, values)
    except acts.ActRefused as exc:
        form_invalid(request)
        return {**page, "error": str(exc), "form": form.render(values)}
    # NB: a preview stores nothing, whatever a listener might have touched.
    request.tm.doom()
    return {**page, "preview": docgen.text_blocks(generated.text), "form": form.render(values)}


# -- the register of an authority ---------------------------------------------

def _act_rows(request, register, page):
    if register is None:
        return [], 0
    objs, total = Query(get_site(request)).children(register, sort="code", reverse=True, offset=page.offset,
                                                    limit=page.size)
    host = request.registry.oko
    rows = [SimpleNamespace(url=request.resource_url(a), title=a.title, number=a.number_text,
                            date=a.date.strftime("%d.%m.%Y") if a.date else "—", type=a.act_type_title,
                            state=state_title(host, a))
            for a in objs if a is not None and request.has_permission("view", a)]
    return rows, total


@for_authorities(name="acts", renderer="templates/acts.pt", request_method="GET", permission="view")
def acts_page(context, request):
    """The authority's acts, newest first, as far as the user may see them."""
    page = requested_page(request, PAGE_SIZE)
    rows, total = _act_rows(request, acts.register_of(context), page)
    base = request.resource_url(context, "@@acts")
    prev_url, next_url = page.neighbours(total, lambda number: f"{base}?page={number}")
    return {"rows": rows, "page": page.number, "prev_url": prev_url, "next_url": next_url,
            "can_draft": request.has_permission(DRAFT_ACT, context),
            "new_url": request.resource_url(context, "@@new-act")}


@view_config(context=acts.ActRegister, request_method="GET", permission="view")
def register_page(context, request):
    """The register folder shows its authority's list of acts."""
    return HTTPSeeOther(request.resource_url(context.authority, "@@acts"))


@for_authorities(name="new-act", renderer="templates/act_new.pt", permission=DRAFT_ACT)
def new_act(context, request):
    """Choose the template of a new act."""
    templates = acts.templates_for(request.registry.oko, context)
    base = request.resource_url(context, "@@draft-act")
    return {"templates": [SimpleNamespace(title=t.title, type=t.schema.act_type_title,
                                          description=t.schema.description,
                                          url=f"{base}?template={t.name}") for t in templates]}


@for_authorities(name="draft-act", request_method="GET", renderer="templates/act_form.pt", permission=DRAFT_ACT)
def draft_form(context, request):
    """The drafting form of the chosen template, filled with its defaults."""
    template = acts.template_for(request.registry.oko, context, request.GET.get("template") or "")
    form = _form(request, template, request.resource_url(context, "@@draft-act",
                                                         query={"template": template.name}),
                 "Сохранить черновик")
    html = form.render(acts.initial_values(template, context, host=request.registry.oko))
    return _page(request, template, form, html, page_title=f"Новый акт: {template.title}",
                 back=request.resource_url(context, "@@new-act"))


@for_authorities(name="draft-act", request_method="POST", renderer="templates/act_form.pt", permission=DRAFT_ACT)
def draft_post(context, request):
    """Preview the document, or save the draft act; bad input stores nothing."""
    template = acts.template_for(request.registry.oko, context, request.GET.get("template") or "")
    form = _form(request, template, request.path_qs, "Сохранить черновик")
    page = _page(request, template, form, "", page_title=f"Новый акт: {template.title}",
                 back=request.resource_url(context, "@@new-act"))

    def save(values):
        act = acts.draft_act(request.registry.oko, context, template.name, values, request.authenticated_userid)
        flash(request, "Черновик акта сохранён.", "success")
        return HTTPSeeOther(request.resource_url(act))
    return _post_form(request, template, form, page, save)


# -- one act ------------------------------------------------------------------------

def _version_rows(request, act):
    url = request.resource_url(act, "@@download")
    compare = request.resource_url(act, "@@compare")
    return [SimpleNamespace(number=v.number, created=v.created.strftime("%d.%m.%Y %H:%M"), creator=v.creator,
                            note=v.note, url=f"{url}?version={v.number}", size=v.file.size,
                            compare_url=f"{compare}?old={v.number - 1}&new={v.number}" if v.number > 1 else None)
            for v in reversed(act.versions)]


def _links(request, paths):
    site = get_site(request)
    found = []
    for path in paths:
        obj = traverse_path(site, path)
        # NB: a case its reader may not open is named, never shown as its path.
        title = getattr(obj, "title", None) or ("дело удалено" if obj is None else "дело")
        url = request.resource_url(obj) if obj is not None and request.has_permission("view", obj) else None
        found.append(SimpleNamespace(title=f"{getattr(obj, 'number_text', '')} {title}".strip(), url=url, path=path))
    return found


def _repeal_choices(request, act):
    host = request.registry.oko
    workflow = host.workflow(region_code_of(act), act.workflow_name)
    repeal_t = workflow.transitions.get("repeal")
    if (repeal_t is None or act.workflow_state not in repeal_t.from_states
            or not repeal_t.roles & request.roles_on(act)):
        return []
    objs, _ = Query(get_site(request)).children(act.register, sort="code", reverse=True, limit=200)
    return [SimpleNamespace(value=a.__name__, title=f"{a.number_text} от {a.date.strftime('%d.%m.%Y')} — {a.title}")
            for a in objs if a is not None and a is not act and acts.in_effect(a) and a.date]


@view_config(context=acts.Act, renderer="templates/act.pt", request_method="GET", permission="view")
def act_view(context, request):
    """An act: its particulars, versions, links, and the actions open to this user."""
    host = request.registry.oko
    return {"state": state_title(host, context), "versions": _version_rows(request, context),
            "transitions": available_transitions(host, context, request.authenticated_userid),
            "can_edit": request.has_permission(EDIT, context) and means(context, EDITABLE),
            "authority": context.authority, "cases": _links(request, context.cases),
            "repeals": _links(request, context.repeals),
            "repealed_by": _links(request, [context.repealed_by] if context.repealed_by else []),
            "repeal_choices": _repeal_choices(request, context)}


@view_config(context=acts.Act, name="edit", request_method="GET", renderer="templates/act_form.pt", permission=EDIT)
def edit_form(context, request):
    """The current version's values, to change into a new version."""
    template = acts.current_template(context)
    form = _form(request, template, request.resource_url(context, "@@edit"), "Сохранить новую редакцию")
    return _page(request, template, form, form.render(context.current.variables),
                 page_title=f"Изменение: {context.title}", back=request.resource_url(context))


@view_config(context=acts.Act, name="edit", request_method="POST", renderer="templates/act_form.pt", permission=EDIT)
def edit_post(context, request):
    """Preview the edited document, or save it as the act's next version."""
    template = acts.current_template(context)
    form = _form(request, template, request.resource_url(context, "@@edit"), "Сохранить новую редакцию")
    page = _page(request, template, form, "", page_title=f"Изменение: {context.title}",
                 back=request.resource_url(context))

    def save(values):
        version = acts.edit_act(request.registry.oko, context, values, request.authenticated_userid)
        flash(request, f"Сохранена редакция {version.number}.", "success")
        return HTTPSeeOther(request.resource_url(context))
    return _post_form(request, template, form, page, save)


@view_config(context=acts.Act, name="transition", request_method="POST", permission="view")
def transition(context, request):
    """Fire the chosen transition (approval numbers the act); a refusal changes nothing."""
    try:
        acts.fire_act(request.registry.oko, context, request.POST.get("transition", ""),
                      request.authenticated_userid, request.POST.get("comment", ""))
    except WorkflowError as exc:
        return refused_to(request, exc, request.resource_url(context))
    title = state_title(request.registry.oko, context)
    return done(request, request.resource_url(context),
                f"Готово: «{title}»" + (f", {context.number_text}." if context.number else "."))


@view_config(context=acts.Act, name="repeal", request_method="POST", permission="view")
def repeal(context, request):
    """Repeal this act by another act of the same authority."""
    by = context.register.get(request.POST.get("by", "")) if context.register is not None else None
    try:
        acts.repeal(request.registry.oko, context, by if by is not None else "", request.authenticated_userid,
                    request.POST.get("comment", ""))
    except Refused as exc:
        return refused_to(request, exc, request.resource_url(context))
    return done(request, request.resource_url(context), "Акт отменён.")


def _version_arg(request, act, key, default):
    raw = request.GET.get(key)
    try:
        number = int(raw) if raw is not None else default
    except ValueError:
        raise HTTPBadRequest("Неверный номер редакции.") from None
    version = act.version(number)
    if version is None:
        raise HTTPNotFound("Такой редакции нет.")
    return version


@view_config(context=acts.Act, name="download", request_method="GET", permission="view")
def download(context, request):
    """A version's .docx (the current one unless ``?version=N``)."""
    if not context.versions:
        raise HTTPNotFound("У акта нет документа.")
    return file_response(request, _version_arg(request, context, "version", len(context.versions)).file)


@view_config(context=acts.Act, name="compare", renderer="templates/act_diff.pt",
             request_method="GET", permission="view")
def compare(context, request):
    """Two versions side by side as a line diff (``?old=1&new=2``)."""
    last = len(context.versions)
    new = _version_arg(request, context, "new", last)
    old = _version_arg(request, context, "old", max(1, new.number - 1))
    lines = acts.compare_versions(context, old.number, new.number)
    return {"old": old, "new": new, "lines": lines,
            "numbers": [v.number for v in context.versions],
            "changed": any(line.kind in ("added", "removed") for line in lines)}


@view_config(context=acts.Act, name="history", renderer="core:views/templates/history.pt",
             request_method="GET", permission="view")
def history(context, request):
    """The act's audit history, oldest first."""
    return document_history(context, request)


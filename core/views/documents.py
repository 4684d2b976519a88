"""Documents: the page, uploading, workflow transitions, downloading, history."""
import secrets

import colander
import deform
from pyramid.httpexceptions import HTTPForbidden, HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from core.cases import (
    UploadRefused,
    WorkflowError,
    add_document,
    addable_types,
    available_transitions,
    fire,
    history_rows,
    state_title,
)
from core.resources import Document, Municipality, Region, School
from core.security.permissions import VIEW
from core.views.layout import flash
from core.views.steps import done, form_invalid, refused_to
from core.web.forms import Form
from core.web.responses import file_response


class MemoryTmpStore(dict):
    """Deform's upload store for one request: nothing of an upload is kept between requests."""

    def preview_url(self, uid):
        return None


class UploadSchema(colander.Schema):
    """The form to upload a school document."""

    title = colander.SchemaNode(colander.String(), title="Название документа",
                                validator=colander.Length(max=300))
    file = colander.SchemaNode(deform.FileData(), title="Файл (.docx, .pdf)",
                                 widget=deform.widget.FileUploadWidget(MemoryTmpStore()))


def _addable(request, context):
    # NB: the view's permission is only ``view``: which types a user may add here is each content
    # type's own add_permission and addable_in (oko_content_types), the same add_document holds to.
    types = addable_types(request.registry.oko, context, request.authenticated_userid)
    if not types:
        raise HTTPForbidden("Добавлять документы здесь вам не разрешено.")
    return types


def _upload_form(request, context, types):
    schema = UploadSchema().clone()
    if len(types) > 1:
        schema.insert(0, colander.SchemaNode(
            colander.String(), name="document_type", title="Вид документа",
            validator=colander.OneOf([t["name"] for t in types]),
            widget=deform.widget.SelectWidget(values=[(t["name"], t["title"]) for t in types])))
    return Form(request, schema, buttons=(deform.Button("save", "Загрузить"),),
                action=request.resource_url(context, "@@add-document"))


@view_config(context=School, name="add-document", request_method="GET", renderer="templates/form.pt",
             permission=VIEW)
@view_config(context=Municipality, name="add-document", request_method="GET", renderer="templates/form.pt",
             permission=VIEW)
@view_config(context=Region, name="add-document", request_method="GET", renderer="templates/form.pt",
             permission=VIEW)
def add_document_form(context, request):
    """The upload page of a node: the content types the user may add here (403 when none)."""
    return {"page_title": f"Новый документ: {context.title}",
            "form": _upload_form(request, context, _addable(request, context)).render()}


@view_config(context=School, name="add-document", request_method="POST", renderer="templates/form.pt",
             permission=VIEW)
@view_config(context=Municipality, name="add-document", request_method="POST", renderer="templates/form.pt",
             permission=VIEW)
@view_config(context=Region, name="add-document", request_method="POST", renderer="templates/form.pt",
             permission=VIEW)
def add_document_post(context, request):
    """Store the uploaded document, of a type the user may add here, as a draft; bad input changes nothing."""
    types = _addable(request, context)
    form = _upload_form(request, context, types)
    page = {"page_title": f"Новый документ: {context.title}"}
    try:
        data = form.validate(request.POST.items())
        upload = data["file"]
        doc = add_document(request.registry.oko, context, f"doc-{secrets.token_hex(4)}", data["title"],
                           data.get("document_type", types[0]["name"]), request.authenticated_userid,
                           (upload["fp"], upload["filename"], upload.get("mimetype")))
    except deform.ValidationFailure as exc:
        form_invalid(request)
        return {**page, "form": exc.render()}
    except UploadRefused as exc:
        form_invalid(request)
        request.response.status = exc.status
        return {**page, "error": str(exc), "form": form.render()}
    flash(request, "Документ загружен.", "success")
    return HTTPSeeOther(request.resource_url(doc))


@view_config(context=Document, renderer="templates/document.pt", request_method="GET", permission="view")
def document_view(context, request):
    """A document: its properties, file, state and the actions open to this user."""
    host = request.registry.oko
    types = host.content_types()
    return {"state": state_title(host, context),
            "type_title": types.get(context.document_type, {}).get("title", context.document_type),
            "transitions": available_transitions(host, context, request.authenticated_userid)}


@view_config(context=Document, name="transition", request_method="POST", permission="view")
def transition(context, request):
    """Fire the chosen transition; a refusal is shown and changes nothing."""
    try:
        fire(request.registry.oko, context, request.POST.get("transition", ""), request.authenticated_userid,
             request.POST.get("comment", ""))
    except WorkflowError as exc:
        return refused_to(request, exc, request.resource_url(context))
    return done(request, request.resource_url(context), f"Готово: «{state_title(request.registry.oko, context)}».")


@view_config(context=Document, name="download", request_method="GET", permission="view")
def download(context, request):
    """The document's file."""
    if context.file is None:
        raise HTTPNotFound("У документа нет файла.")
    return file_response(request, context.file)


@view_config(context=Document, name="history", renderer="templates/history.pt", request_method="GET", permission="view")
def history(context, request):
    """The document's audit history, oldest first."""
    return {"entries": history_rows(request.registry.oko, context)}

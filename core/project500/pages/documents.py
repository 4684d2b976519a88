"""Concept documents of a school: the form (every save a version), the page, versions compared,
and the confirming documents of an anti-risk programme's measures."""
from types import SimpleNamespace

import colander
import deform
from pyramid.httpexceptions import HTTPNotFound
from pyramid.view import view_config

from core.cases import available_transitions, state_title
from core.project500 import access, steps
from core.project500.forms import concept_schema
from core.project500.model import (
    ANTI_RISK_PROGRAMME,
    CONCEPT_DOCUMENTS,
    CONFIRMING_DOCUMENT,
    DOCUMENT_TITLES,
    ConceptDocument,
    Participation,
)
from core.project500.pages._common import done, form_invalid, refused, template
from core.refused import Refused
from core.resources import region_code_of
from core.security.permissions import ADD_DOCUMENT, EDIT, VIEW
from core.views.documents import MemoryTmpStore
from core.web.forms import Form, scripts
from core.workflow import EDITABLE, means

FORM_PAGE = template("concept_form")
CONFIRMING_PAGE = template("confirming_form")


def _schema(host, region, document_type):
    # NB: a clone: the schema's nodes are shared between instances, and the widgets set here are ours.
    schema = concept_schema(host, region, document_type).clone()
    for node in schema.children:
        if isinstance(node.typ, colander.String):
            node.widget = deform.widget.TextAreaWidget(rows=4)
    measures = schema["measures"]
    measures.widget = deform.widget.SequenceWidget(
        template="core.project500:templates/measures.pt",
        item_template="core.project500:templates/measure_row.pt", min_len=1,
        add_subitem_text_template="Добавить меру")
    for node in measures.children[0].children:
        if isinstance(node.typ, colander.Date):
            node.widget = deform.widget.TextInputWidget(attributes={"type": "date"})
        elif node.name in ("measure", "expected_result"):
            node.widget = deform.widget.TextAreaWidget(rows=2)
    schema.add(colander.SchemaNode(
        deform.FileData(), name="upload", title="Файл документа (.docx или .pdf), необязательно",
        missing=colander.drop, widget=deform.widget.FileUploadWidget(MemoryTmpStore())))
    return schema


def _wanted(request, p):
    """The document type and risk factor of the form (``?type=&risk=``), or 404."""
    document_type = request.params.get("type", "")
    risk = request.params.get("risk") or None
    if document_type not in CONCEPT_DOCUMENTS:
        raise HTTPNotFound("Нет такого вида концептуального документа.")
    if document_type != ANTI_RISK_PROGRAMME:
        risk = None
    return document_type, risk


def _factor_titles(host, region):
    return {f["code"]: f["title"] for f in host.risk_factors(region)}


def concept_title(host, region, document_type, risk):
    """The title of a concept document, as the form's heading says it."""
    title = DOCUMENT_TITLES[document_type]
    if risk:
        title += f": {_factor_titles(host, region).get(risk, risk)}"
    return title


def _form(request, p, document_type, risk):
    host = request.registry.oko
    action = request.resource_url(p, "@@concept", query={"type": document_type, **({"risk": risk} if risk else {})})
    return Form(request, _schema(host, region_code_of(p), document_type), action=action,
                buttons=(deform.Button("save", "Сохранить версию"),), formid="concept-form")


def _form_page(request, p, document_type, risk, form_html, **extra):
    host = request.registry.oko
    region = region_code_of(p)
    doc = p.get(steps.document_name(document_type, risk))
    deadline = host.deadlines(region, p.project_year).get("concept_documents")
    # NB: a document with the curator (or confirmed) is not the school's to change; the step refuses it too.
    locked = doc is not None and not means(doc, EDITABLE)
    return {"page_title": concept_title(host, region, document_type, risk), "p": p, "doc": doc,
            "deadline": deadline, "form": form_html, "locked": locked,
            "deform_js": scripts(request),
            "error": None, "details": [], **extra}


@view_config(context=Participation, name="concept", request_method="GET", renderer=FORM_PAGE,
             permission=ADD_DOCUMENT)
def concept_form(context, request):
    """The school head's form of a concept document: a new one, or the next version of one."""
    document_type, risk = _wanted(request, context)
    doc = context.get(steps.document_name(document_type, risk))
    form = _form(request, context, document_type, risk)
    html = form.render(dict(doc.content)) if doc is not None and doc.content else form.render()
    return _form_page(request, context, document_type, risk, html)


@view_config(context=Participation, name="concept", request_method="POST", renderer=FORM_PAGE,
             permission=access.SAVE_CONCEPT_DOCUMENT.permission)
def concept_save(context, request):
    """Save the form as a new version; a bad form, file or step is refused and nothing is kept."""
    document_type, risk = _wanted(request, context)
    form = _form(request, context, document_type, risk)
    try:
        appstruct = form.validate(request.POST.items())
    except deform.ValidationFailure as exc:
        form_invalid(request)
        return _form_page(request, context, document_type, risk, exc.render(),
                          error="Форма заполнена с ошибками: они отмечены ниже.")
    upload = appstruct.get("upload")
    content = {key: value for key, value in form.typed.items() if key != "upload"}
    try:
        doc = steps.save_concept_document(
            request.registry.oko, context, document_type, request.authenticated_userid, content, risk_factor=risk,
            upload=(upload["fp"], upload["filename"], upload.get("mimetype")) if upload else None)
    except Refused as exc:
        return refused(request, exc, FORM_PAGE, _form_page(request, context, document_type, risk, form.render()))
    return done(request, request.resource_url(doc), f"Сохранена версия {len(doc.versions)}.")


# -- the page of a concept (or confirming) document --------------------------------------------

def content_rows(host, doc):
    """The document's content, field by field in the form's order (a region's extra fields too)."""
    region = region_code_of(doc)
    if doc.document_type == CONFIRMING_DOCUMENT:
        return [SimpleNamespace(title="Мера программы", text=doc.content.get("measure", ""), table=None)]
    schema = concept_schema(host, region, doc.document_type)
    rows = []
    for node in schema.children:
        value = doc.content.get(node.name)
        if node.name == "measures":
            columns = [(c.name, c.title) for c in node.children[0].children]
            table = [[_cell(row.get(name)) for name, _ in columns] for row in value or ()]
            rows.append(SimpleNamespace(title=node.title, text=None, table=SimpleNamespace(
                headers=[title for _, title in columns], rows=table)))
        elif value not in (None, colander.null, ""):
            rows.append(SimpleNamespace(title=node.title, text=_cell(value), table=None))
    return rows


def _cell(value):
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    return "" if value in (None, colander.null) else str(value)


def review_rows(host, doc):
    """The reviews of the document, criterion by criterion, with the criteria's titles."""
    titles = {c["code"]: c["title"] for c in host.review_criteria(region_code_of(doc), doc.document_type)}
    return [SimpleNamespace(reviewer=r.reviewer, at=r.at, conforms=r.conforms,
                            results=[SimpleNamespace(title=titles.get(code, code), met=met, comment=comment)
                                     for code, met, comment in r.results])
            for r in doc.reviews]


@view_config(context=ConceptDocument, renderer=template("document"), request_method="GET", permission=VIEW)
def document_view(context, request):
    """A concept document: its content, versions, deadline and lateness, reviews, and the actions open."""
    host = request.registry.oko
    p = context.__parent__
    edit_url = None
    if context.document_type in CONCEPT_DOCUMENTS and request.has_permission(EDIT, context):
        edit_url = request.resource_url(p, "@@concept", query={
            "type": context.document_type, **({"risk": context.risk_factor} if context.risk_factor else {})})
    programme = p.get(context.programme) if getattr(context, "programme", None) else None
    return {"state": state_title(host, context), "p": p, "rows": content_rows(host, context),
            "transitions": available_transitions(host, context, request.authenticated_userid),
            "reviews": review_rows(host, context), "edit_url": edit_url, "programme": programme,
            "versions": list(reversed(context.versions))}


@view_config(context=ConceptDocument, name="compare", renderer=template("compare"),
             request_method="GET", permission=VIEW)
def compare(context, request):
    """The lines that changed between two versions (``?a=&b=``; the last two by default)."""
    numbers = [v.number for v in context.versions]
    try:
        a = int(request.params.get("a", numbers[-2] if len(numbers) > 1 else 1))
        b = int(request.params.get("b", numbers[-1] if numbers else 1))
        lines = steps.compare_versions(context, a, b)
    except (ValueError, steps.StepRefused):
        request.response.status = 400
        return {"a": None, "b": None, "lines": [], "numbers": numbers,
                "error": "Нет таких версий документа: выберите две из списка."}
    kinds = {"+": "added", "-": "removed", "@": "hunk"}
    return {"a": a, "b": b, "numbers": numbers, "error": None,
            "lines": [SimpleNamespace(text=line, kind=kinds.get(line[:1], "same")) for line in lines[2:]]}


# -- confirming documents of a programme's measures -------------------------------------------

def _programme(request, p):
    programme = p.get(request.params.get("programme", ""))
    if programme is None or getattr(programme, "document_type", None) != ANTI_RISK_PROGRAMME:
        raise HTTPNotFound("Нет такой антирисковой программы.")
    return programme


def _confirming_page(request, p, programme, **extra):
    measures = [SimpleNamespace(number=n, text=row.get("measure", ""), deadline=row.get("deadline"))
                for n, row in enumerate(programme.content.get("measures", []), start=1)]
    return {"p": p, "programme": programme, "measures": measures, "chosen": 1, "title": "",
            "action": request.resource_url(p, "@@confirming", query={"programme": programme.__name__}),
            "existing": [SimpleNamespace(doc=d, state=state_title(request.registry.oko, d))
                         for d in p.documents(CONFIRMING_DOCUMENT) if d.programme == programme.__name__],
            "error": None, "details": [], **extra}


@view_config(context=Participation, name="confirming", request_method="GET", renderer=CONFIRMING_PAGE,
             permission=ADD_DOCUMENT)
def confirming_form(context, request):
    """The upload of a document confirming one measure of a confirmed anti-risk programme."""
    return _confirming_page(request, context, _programme(request, context))


@view_config(context=Participation, name="confirming", request_method="POST", renderer=CONFIRMING_PAGE,
             permission=access.ADD_CONFIRMING_DOCUMENT.permission)
def confirming_save(context, request):
    """Store the confirming document (inspected like every upload) as a draft for the curator."""
    programme = _programme(request, context)
    title = request.POST.get("title", "")[:300]
    field = request.POST.get("file")
    try:
        measure = int(request.POST.get("measure", ""))
    except ValueError:
        measure = 0
    try:
        if not hasattr(field, "file"):
            raise steps.StepRefused("Приложите файл подтверждающего документа (.docx или .pdf).", "invalid")
        doc = steps.add_confirming_document(request.registry.oko, context, programme, measure,
                                            request.authenticated_userid, (field.file, field.filename, field.type),
                                            title=title)
    except Refused as exc:
        return refused(request, exc, CONFIRMING_PAGE,
                       _confirming_page(request, context, programme, chosen=measure, title=title))
    return done(request, request.resource_url(doc), "Подтверждающий документ загружен. Отправьте его куратору.")

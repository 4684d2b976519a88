"""The reviewer's checklists: the selective content review of a sampled school's documents.

A reviewer is an expert granted on one participation; it does not see the
school's other pages, so the documents it reviews are shown here.
"""
from types import SimpleNamespace

from pyramid.httpexceptions import HTTPForbidden, HTTPNotFound
from pyramid.view import view_config

from core.cases import state_title
from core.project500 import access, steps
from core.project500.model import ConceptDocument, Participation
from core.project500.pages._common import done, refused, template
from core.project500.pages.documents import content_rows
from core.refused import Refused
from core.resources import region_code_of
from core.security.permissions import REVIEW
from core.web.responses import file_response
from core.workflow import ACCEPTED, means

PAGE = template("review")


def _assigned(request, p):
    # NB: "review" is held by every expert above too; the checklist is only for the assigned ones.
    if request.authenticated_userid not in p.reviewers:
        raise HTTPForbidden()


def _document(request, p):
    doc = p.get(request.params.get("doc", ""))
    if not isinstance(doc, ConceptDocument):
        raise HTTPNotFound("Нет такого документа.")
    return doc


def review_page(request, p, doc=None, **extra):
    """The data of the review page: the list of documents, or one document's checklist."""
    host = request.registry.oko
    login = request.authenticated_userid
    page = {"p": p, "doc": doc, "error": None, "details": [], **extra}
    if doc is None:
        page["documents"] = [
            SimpleNamespace(doc=d, state=state_title(host, d), url=request.resource_url(p, "@@review",
                                                                                       query={"doc": d.__name__}),
                            mine=next((r for r in d.reviews if r.reviewer == login), None))
            for d in p.documents() if means(d, ACCEPTED)]
        return page
    mine = next((r for r in doc.reviews if r.reviewer == login), None)
    previous = {code: (met, comment) for code, met, comment in mine.results} if mine else {}
    post = request.POST if request.method == "POST" else None
    criteria = []
    for c in host.review_criteria(region_code_of(doc), doc.document_type):
        met, comment = previous.get(c["code"], (None, ""))
        if post is not None:
            met = {"1": True, "0": False}.get(post.get(f"met-{c['code']}"))
            comment = post.get(f"comment-{c['code']}", "")
        criteria.append(SimpleNamespace(code=c["code"], title=c["title"], mandatory=c.get("mandatory", True),
                                        met=met, comment=comment))
    # NB: what is not confirmed yet is the school's draft: not the reviewer's to read.
    ready = means(doc, ACCEPTED)
    page.update(criteria=criteria, rows=content_rows(host, doc) if ready else [], ready=ready,
                state=state_title(host, doc), mine=mine,
                file_url=request.resource_url(p, "@@review-file", query={"doc": doc.__name__})
                if ready and doc.file else None)
    return page


@view_config(context=Participation, name="review", request_method="GET", renderer=PAGE, permission=REVIEW)
def review(context, request):
    """The documents given to the reviewer, or (``?doc=``) one document with its checklist."""
    _assigned(request, context)
    return review_page(request, context, _document(request, context) if request.params.get("doc") else None)


@view_config(context=Participation, name="review", request_method="POST", renderer=PAGE,
             permission=access.REVIEW_DOCUMENT.permission)
def review_save(context, request):
    """Fill the checklist: every criterion met or not, with a comment; only confirmed documents."""
    _assigned(request, context)
    doc = _document(request, context)
    results = {}
    for c in request.registry.oko.review_criteria(region_code_of(doc), doc.document_type):
        met = request.POST.get(f"met-{c['code']}")
        if met in ("1", "0"):
            results[c["code"]] = (met == "1", request.POST.get(f"comment-{c['code']}", "")[:2000])
    try:
        conforms = steps.review_document(request.registry.oko, doc, request.authenticated_userid, results)
    except Refused as exc:
        return refused(request, exc, PAGE, review_page(request, context, doc))
    return done(request, request.resource_url(context, "@@review"),
                f"Экспертиза «{doc.title}»: {'соответствует' if conforms else 'не соответствует'} критериям.")


@view_config(context=Participation, name="review-file", request_method="GET", permission=REVIEW)
def review_file(context, request):
    """The file of a document under review."""
    _assigned(request, context)
    doc = _document(request, context)
    if doc.file is None or not means(doc, ACCEPTED):
        raise HTTPNotFound("У документа нет файла.")
    return file_response(request, doc.file)

"""An anonymous case answer as its expert sees it: the case, the rubric, the text, the scoring form.

Nothing on the page names the attestee: the answer object knows only its
opaque code, the item and the text. Only the experts assigned to it hold the
``expert`` role on it; anyone else is refused.
"""
from types import SimpleNamespace

from pyramid.httpexceptions import HTTPForbidden
from pyramid.view import view_config

from core.attestation import CaseAnswer, access, scoring
from core.attestation.pages._common import done, refused, template
from core.refused import Refused
from core.security.permissions import REVIEW

PAGE = template("case")


def _assigned(request, answer):
    # NB: "review" is held by every expert above too; the answer is only for its own experts.
    if request.authenticated_userid not in answer.experts:
        raise HTTPForbidden("Этот ответ не назначен вам на оценивание.")


def case_page(request, answer, **extra):
    """The data of the case page: the rubric with the expert's own points, if given."""
    mine = answer.scored_by(request.authenticated_userid)
    given = dict(mine.criteria) if mine else {}
    posted = request.POST if request.method == "POST" else {}
    rubric = [SimpleNamespace(code=c["code"], title=c["title"], max=c["max"],
                              value=posted.get(f"points-{c['code']}", given.get(c["code"], "")))
              for c in answer.item.rubric]
    return {"a": answer, "mine": mine, "rubric": rubric, "comment": posted.get("comment", ""),
            "error": None, "details": [], **extra}


@view_config(context=CaseAnswer, request_method="GET", renderer=PAGE, permission=REVIEW)
def case_view(context, request):
    """The anonymous answer and the scoring form."""
    _assigned(request, context)
    return case_page(request, context)


@view_config(context=CaseAnswer, name="score", request_method="POST", renderer=PAGE,
             permission=access.SCORE_CASE.permission)
def score(context, request):
    """Score the answer by the case's rubric."""
    points = {c["code"]: request.POST.get(f"points-{c['code']}", "") for c in context.item.rubric}
    try:
        scoring.score_case(request.registry.oko, context, request.authenticated_userid, points,
                           request.POST.get("comment", ""))
    except Refused as exc:
        return refused(request, exc, PAGE, case_page(request, context))
    return done(request, request.resource_url(context), f"Оценка ответа {context.code} сохранена.")

"""The order approving the teachers' attestation results, drafted from the commission's decisions.

A region (or a municipality) drafts one order for every decided dossier
below it not yet in an order. The order lives in the authority's register,
where the commission and the schools' attestation officers hold no role
that shows a draft: the commission members who recorded the decisions and
the officers of the teachers' schools become the act's own readers
(``core.acts.set_readers``), and nobody else.
"""
from core import acts
from core.catalog import Query
from core.resources import find_root, path_of
from core.security.roles import local_roles
from core.security.users import users_of
from core.teachers.access import DRAFT_RESULT_ORDER
from core.teachers.model import DECISIONS, TeacherDossier
from core.teachers.steps import StepRefused

TEMPLATE = "order_teacher_attestation_results"


def decision_text(dossier):
    """The decision as the result order states it."""
    if dossier.decision is None:
        return ""
    code = dossier.decision[0]
    if code == "established":
        return f"установлена {dossier.category_title}"
    return DECISIONS[code]


def awaiting_order(authority):
    """The decided dossiers below ``authority`` not yet in a result order (from the catalog)."""
    query = Query(find_root(authority))
    c = query.catalog
    found = (c["type_name"].eq(TeacherDossier.type_name) & c["ancestors"].any([path_of(authority)])
             & c["awaiting"].any(["attestation_officer"])).execute().all(resolve=False)
    dossiers = [query.resolve(docid) for docid in found]
    return sorted((d for d in dossiers if d is not None and d.step == "record_result" and d.result_order is None),
                  key=lambda d: (d.__parent__.__parent__.title, d.full_name))


def order_readers(dossiers):
    """Who reads the order drafted from ``dossiers``: the deciders and the schools' attestation officers."""
    logins = {d.decision[2] for d in dossiers if d.decision is not None}
    for year in {id(d.__parent__): d.__parent__ for d in dossiers}.values():
        if year.officer:
            logins.add(year.officer)
        # NB: an officer granted the role without the head's order is the school's officer all the same.
        logins |= {login for login, roles in local_roles(year.school).items() if "attestation_officer" in roles}
    return logins


def draft_result_order(host, authority, actor, values, now=None):
    """The order approving the results, drafted from ``order_teacher_attestation_results`` for every
    decided dossier below ``authority`` (a region or a municipality) not yet in an order. Returns the act.

    The commission members who decided and the schools' officers become its readers.
    """
    DRAFT_RESULT_ORDER.require(authority, actor)
    dossiers = awaiting_order(authority)
    if not dossiers:
        raise StepRefused("Нет решений комиссии, не вошедших в приказ.")
    rows = [{"name": d.full_name, "post": d.post_title, "school": d.__parent__.__parent__.title,
             "category": d.category_title, "result": decision_text(d)} for d in dossiers]
    try:
        act = acts.draft_act(host, authority, TEMPLATE, {**values, "attestees": rows}, actor, cases=dossiers,
                             now=now)
    except acts.ActRefused as exc:
        raise StepRefused(f"Приказ не сформирован: {exc}", "invalid") from None
    acts.set_readers(act, users_of(find_root(authority)), order_readers(dossiers))
    for d in dossiers:
        d.result_order = path_of(act)
        d.record("result_order", actor, act.title, now)
    return act

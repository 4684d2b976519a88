"""Indicators kept on change equal a brute-force recount, whatever the order of steps."""
import contextlib
import datetime
import io

import ZODB
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ZODB.DemoStorage import DemoStorage

from core.cases import fire
from core.project500 import indicators, steps
from core.project500.model import ANTI_RISK_PROGRAMME, DEVELOPMENT_CONCEPT, MEDIUM_TERM_PROGRAMME, Participation
from core.project500.steps import StepRefused
from core.resources import walk
from core.security.users import users_of
from core.workflow import WorkflowError
from tests.factories import edit, make_tree, make_user, valid_pdf
from tests.unit.test_project500 import YEAR, content

SCHOOLS = [f"66/m{m}/s{s}" for m in (1, 2) for s in (1, 2, 3, 4)]
FACTORS = ["staff_shortage", "low_motivation"]


def node(site, path):
    obj = site
    for name in path.split("/"):
        obj = obj[name]
    return obj


def brute_force(site, level, year, host):
    """Walk every participation under ``level`` and count each indicator from scratch."""
    totals = {"_total": 0}
    for obj in walk(level):
        if isinstance(obj, Participation) and obj.project_year == year:
            totals["_total"] += 1
            for code in indicators.met_indicators(host, "66", obj):
                totals[code] = totals.get(code, 0) + 1
    return totals


def next_step_names_brute_force(p):
    """The steps ``p`` awaits, read plainly from every document, in the order the domain code gives them."""
    from core.project500.awaiting import unreviewed
    if p.curator is None:
        return ["assign_curator"]
    if p.first_visit is None:
        return ["first_visit"] if p.surveyed else []
    docs = indicators.concept_documents(p)
    if any(d is None for d in docs):
        return ["concept_documents"]
    confirming = [d for d in p.documents() if d.document_type == "confirming_document"]
    programmes = [d for d in docs[2:] if d.workflow_state == "confirmed"]
    todo = []
    if p.sampled and any(unreviewed(p, login) for login in p.reviewers):
        todo.append("review")
    if programmes and not p.positive_changes_confirmed:
        if any(not any(c.programme == prog.__name__ for c in confirming) for prog in programmes):
            todo.append("confirming_documents")
        elif all(any(c.programme == prog.__name__ and c.workflow_state == "confirmed" for c in confirming)
                 for prog in programmes) and \
                (not p.sampled or all(c.conforms for c in confirming if c.workflow_state == "confirmed")):
            todo.append("positive_changes")
    return todo


def act(host, site, action, school, arg):
    """Try one step on one school; a refused step is part of the game."""
    users = users_of(site)
    p = steps.participation_of(node(site, school), YEAR)
    region = site["66"]
    if action == "enrol":
        steps.enrol(host, region, [node(site, school).code], YEAR, "region66")
        return
    if p is None:
        return
    head = "head-" + school.replace("/", "-")
    docs = {d.__name__: d for d in p.documents()}
    if action == "profile":
        steps.import_risk_profiles(host, region, [(2, p.code, FACTORS[arg % 2], "high")], YEAR, "region66")
    elif action == "seminar":
        steps.record_seminar(host, p, bool(arg % 2), "coordinator")
    elif action == "curator":
        steps.assign_curator(host, p, users["curator"], "coordinator", ("signed", "not_signed")[arg % 2])
    elif action == "download":
        steps.record_profile_download(host, p, head)
    elif action == "visit":
        steps.record_first_visit(host, p, "curator", datetime.date(2026, 2, 1), {}, sorted(p.risk_profile)[:1])
    elif action == "write":
        kind = (DEVELOPMENT_CONCEPT, MEDIUM_TERM_PROGRAMME, ANTI_RISK_PROGRAMME)[arg % 3]
        steps.save_concept_document(host, p, kind, head, content(),
                                    risk_factor=next(iter(sorted(p.activated_risks)), None))
    elif action in ("submit", "confirm", "return", "reopen"):
        actor = {"submit": head, "confirm": "curator", "return": "curator", "reopen": "coordinator"}[action]
        for doc in list(docs.values())[arg % 3:arg % 3 + 1]:
            fire(host, doc, action, actor, "замечание")
    elif action == "sample":
        steps.draw_sample(host, p.__parent__.__parent__, YEAR, "coordinator", percent=50, seed=arg)
    elif action == "reviewer":
        steps.assign_reviewer(host, p, users["reviewer"], "coordinator")
    elif action == "review":
        for doc in list(docs.values())[arg % 3:arg % 3 + 1]:
            criteria = host.review_criteria("66", doc.document_type)
            steps.review_document(host, doc, "reviewer", {c["code"]: (bool(arg % 4), "") for c in criteria})
    elif action == "confirming":
        programme = next((d for d in docs.values() if d.document_type == ANTI_RISK_PROGRAMME), None)
        if programme is not None:
            steps.add_confirming_document(host, p, programme, 1, head, (io.BytesIO(valid_pdf()), "a.pdf", None))
    elif action == "development":
        steps.record_professional_development(host, p, bool(arg % 2), "coordinator")
    elif action == "measures":
        steps.activate_measures(host, p, head)
    elif action == "positive":
        steps.confirm_positive_changes(host, p, "curator")


ACTIONS = ["enrol", "profile", "seminar", "curator", "download", "visit", "write", "submit", "confirm",
           "return", "reopen", "sample", "reviewer", "review", "confirming", "development", "measures", "positive"]
step = st.tuples(st.sampled_from(ACTIONS), st.sampled_from(SCHOOLS), st.integers(0, 11))


@contextlib.contextmanager
def game(app, schools):
    """``(host, site)``: a new database with the tree and the people (a head for each of ``schools``)."""
    hasher = app.registry.oko_hasher
    db = ZODB.DB(DemoStorage())
    try:
        with edit(db) as site:
            make_tree(site, regions=("66",), munis=2, schools=4)
            make_user(site, "region66", hasher, [("regional_operator", "66")])
            make_user(site, "coordinator", hasher, [("municipal_coordinator", "66")])
            make_user(site, "curator", hasher)
            make_user(site, "reviewer", hasher)
            for school in schools:
                make_user(site, "head-" + school.replace("/", "-"), hasher, [("school_head", school)])
            yield app.registry.oko, site
    finally:
        db.close()


def play(host, site, action, school, arg):
    """One step of the game (refused or not); then the school awaits what its documents say."""
    try:
        act(host, site, action, school, arg)
    except (StepRefused, WorkflowError):
        pass
    p = steps.participation_of(node(site, school), YEAR)
    assert p is None or [name for name, _, _ in steps.next_steps(host, "66", p)] == next_step_names_brute_force(p)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(step, min_size=20, max_size=80))
def test_indicators_always_equal_a_brute_force_recount(app, sequence):
    with game(app, SCHOOLS) as (host, site):
        # enrol a few first, so that most sequences get somewhere
        steps.enrol(host, site["66"], ["66-1-1", "66-2-1"], YEAR, "region66")
        for action, school, arg in sequence:
            play(host, site, action, school, arg)
        for level in (site, site["66"], site["66"]["m1"], site["66"]["m2"]):
            kept = {k: v for k, v in indicators.counts(level, YEAR).items() if v}
            assert kept == brute_force(site, level, YEAR, host)


ONE_SCHOOL = SCHOOLS[0]
DOCUMENT_ACTIONS = ["write", "submit", "confirm", "return", "reopen", "sample", "reviewer", "review",
                    "confirming", "positive"]
document_step = st.tuples(st.sampled_from(DOCUMENT_ACTIONS), st.just(ONE_SCHOOL), st.integers(0, 11))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(document_step, min_size=10, max_size=60))
def test_a_school_at_its_documents_awaits_what_its_documents_say_whatever_their_transitions(app, sequence):
    with game(app, [ONE_SCHOOL]) as (host, site):
        # a school at the stage of its concept documents, with two risks, every document written
        head, school = "head-" + ONE_SCHOOL.replace("/", "-"), node(site, ONE_SCHOOL)
        steps.enrol(host, site["66"], [school.code], YEAR, "region66")
        steps.import_risk_profiles(host, site["66"], [(2, school.code, FACTORS[0], "high"),
                                                      (3, school.code, FACTORS[1], "high")], YEAR, "region66")
        p = steps.participation_of(school, YEAR)
        steps.assign_curator(host, p, users_of(site)["curator"], "coordinator", "signed")
        steps.record_first_visit(host, p, "curator", datetime.date(2026, 2, 1), {}, FACTORS)
        for kind, factor in [(DEVELOPMENT_CONCEPT, None), (MEDIUM_TERM_PROGRAMME, None),
                             (ANTI_RISK_PROGRAMME, FACTORS[0]), (ANTI_RISK_PROGRAMME, FACTORS[1])]:
            steps.save_concept_document(host, p, kind, head, content(), risk_factor=factor)
        for action, school_path, arg in sequence:
            play(host, site, action, school_path, arg)
        kept = {k: v for k, v in indicators.counts(site, YEAR).items() if v}
        assert kept == brute_force(site, site, YEAR, host)

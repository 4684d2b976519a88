"""Who reads a teacher's dossier and its files, step by step: the teacher, the school's officer and head,
the coordinator for its own steps, the expert drawn for it, the commission once it reaches it; nobody else."""
import datetime
import io

import pytest

from core.teachers import experts, steps
from core.teachers.model import school_year_of, teacher_key, year_name
from tests.factories import edit, logged_in_clients, make_user, node, teacher_attestation_people, valid_pdf

D = datetime.date.today() + datetime.timedelta(days=40)
PEOPLE = ("anna", "boris", "head", "officer", "coordinator", "curator", "methodologist", "chair", "expert1",
          "expert2", "old_expert", "head2", "region66")


def dossier_path(name):
    return f"/66/m1/s1/{year_name(school_year_of(D))}/{teacher_key('66-1-1', name)[0]}/"


ANNA = dossier_path("Иванова Анна Петровна")


@pytest.fixture
def school(tree, host, hasher):
    """Two teachers of one school with accounts (``anna`` has uploaded her materials, not sent them),
    the school's officer, a methodologist and an "expert" of the region granted as it once was, the
    region's pool of two experts and its commission's chair."""
    with edit(tree) as site:
        for login_, grants in (("anna", [("teacher", "66/m1/s1")]), ("boris", [("teacher", "66/m1/s1")]),
                               ("officer", [("attestation_officer", "66/m1/s1")]),
                               ("methodologist", [("methodologist", "66")]), ("old_expert", [("expert", "66")]),
                               ("chair", []), ("expert1", []), ("expert2", [])):
            make_user(site, login_, hasher, grants)
        teacher_attestation_people(site, experts=["expert1", "expert2"], commission=[("chair", "commission_chair")])
        users = site.services["users"]
        s1 = node(site, "66/m1/s1")
        for name, login_ in (("Иванова Анна Петровна", "anna"), ("Борисов Борис Борисович", "boris")):
            d = steps.plan_teacher(host, s1, name, "subject_teacher", "first", D, "officer")
            steps.send_data(host, d, "officer")
            steps.open_account(host, d, "coordinator", users[login_])
        anna = node(site, ANNA)
        for doc in steps.required_documents(host, "66", anna):
            steps.upload_material(host, anna, doc["code"], (io.BytesIO(valid_pdf()), f"{doc['code']}.pdf", None),
                                  "anna")
    return tree


def readers(app, path):
    """Who of ``PEOPLE`` reads the dossier at ``path``: its page, a material, and both through the API."""
    found = set()
    for login_, client in logged_in_clients(app, PEOPLE).items():
        answers = {client.get(path, expect_errors=True).status_int,
                   client.get(path + "@@file?code=application", expect_errors=True).status_int,
                   client.get("/api/v1/tree" + path + "@@teacher-dossier", expect_errors=True).status_int,
                   client.get("/api/v1/tree" + path + "@@teacher-materials?code=application",
                              expect_errors=True).status_int}
        assert answers in ({200}, {403}), (login_, answers)
        if answers == {200}:
            found.add(login_)
    return found


def test_before_the_materials_are_sent_only_the_teacher_and_the_school_read_them(app, school):
    assert readers(app, ANNA) == {"anna", "officer", "head"}


def test_after_consent_the_expert_drawn_reads_the_dossier_and_nobody_else_of_the_region(app, school, host):
    with edit(school) as site:
        anna = node(site, ANNA)
        steps.submit_materials(host, anna, "anna")
        steps.give_consent(host, anna, "anna")
        (drawn,) = anna.experts
    assert drawn in ("expert1", "expert2")
    assert readers(app, ANNA) == {"anna", "officer", "head", drawn}


def test_the_commission_reads_the_dossier_once_it_reaches_the_commission(app, school, host):
    with edit(school) as site:
        anna = node(site, ANNA)
        steps.submit_materials(host, anna, "anna")
        steps.give_consent(host, anna, "anna")
        (drawn,) = anna.experts
        criteria = host.review_criteria("66", steps.REVIEW_DOCUMENT_TYPE)
        steps.review(host, anna, drawn, {c["code"]: (True, "") for c in criteria})
    assert readers(app, ANNA) == {"anna", "officer", "head", drawn, "chair"}


def test_the_coordinator_reads_the_dossier_only_for_its_own_steps(app, school, host):
    boris = dossier_path("Борисов Борис Борисович")
    with edit(school) as site:
        d = steps.plan_teacher(host, node(site, "66/m1/s1"), "Сидорова Вера", "subject_teacher", "first", D, "officer")
        path = dossier_path("Сидорова Вера")
        assert d.step == "send_data"
    clients = logged_in_clients(app, ["coordinator"])
    clients["coordinator"].get(path, status=200)
    clients["coordinator"].get(boris, status=403)


def test_only_the_drawn_expert_may_review(app, school, host):
    with edit(school) as site:
        anna = node(site, ANNA)
        steps.submit_materials(host, anna, "anna")
        steps.give_consent(host, anna, "anna")
        (drawn,) = anna.experts
        other = {"expert1", "expert2"} - {drawn}
        criteria = host.review_criteria("66", steps.REVIEW_DOCUMENT_TYPE)
        for login_ in (*other, "old_expert"):
            with pytest.raises(steps.StepRefused):
                steps.review(host, anna, login_, {c["code"]: (True, "") for c in criteria})


def test_with_no_expert_to_draw_the_dossier_waits_for_the_regional_operator(app, school, host):
    with edit(school) as site:
        region = site["66"]
        users = site.services["users"]
        for login_ in ("expert1", "expert2"):
            experts.remove_expert(region, users[login_], "region66")
        anna = node(site, ANNA)
        steps.submit_materials(host, anna, "anna")
        steps.give_consent(host, anna, "anna")
        assert anna.experts == () and anna.awaiting_roles == {"regional_operator"}
    operator = logged_in_clients(app, ["region66"])["region66"]
    tasks = operator.get("/tasks")
    assert "назначить эксперта" in tasks.text and "/66/@@teachers" in tasks.text
    operator.get(ANNA, status=403)
    with edit(school) as site:
        experts.add_expert(site["66"], site.services["users"]["expert2"], "region66")
        assert steps.draw_waiting(host, site["66"], "region66") == 1
        anna = node(site, ANNA)
        assert anna.experts == ("expert2",) and anna.awaiting_roles == {"expert"}


def test_the_evolve_step_gives_old_dossiers_their_attestee_and_the_region_s_old_experts_a_pool(app, school, host):
    from core.security.roles import ATTESTEE
    from core.teachers.evolve import access_by_steps
    with edit(school) as site:
        users = site.services["users"]
        anna = node(site, ANNA)
        steps.submit_materials(host, anna, "anna")
        del site.services[experts.SERVICE]
        steps.give_consent(host, anna, "anna")
        assert anna.awaits_expert
        # As stored before: the teacher held "teacher" on her own dossier, experts "expert" on the region.
        anna.local_roles = {**anna.local_roles, "anna": frozenset({"teacher"})}
        users["anna"].grants[ANNA.rstrip("/")] = frozenset({"teacher"})
        access_by_steps(site)
        assert anna.local_roles["anna"] == {ATTESTEE} and users["anna"].grants[ANNA.rstrip("/")] == {ATTESTEE}
        assert anna.experts == ("old_expert",) and anna.awaiting_roles == {"expert"}
        access_by_steps(site)
        assert anna.experts == ("old_expert",)
    assert readers(app, ANNA) == {"anna", "officer", "head", "old_expert"}

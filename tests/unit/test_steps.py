"""Declared steps (``core.security.steps``): who takes a step, said once, refused in its domain's terms."""
import datetime

import pytest

from core.attestation.model import AttestationRefused
from core.refused import StepRefused
from core.resources import Municipality, Region, Root, School
from core.security import steps
from core.security.permissions import admits
from core.security.roles import ROLE_TITLES, grant
from core.security.steps import Step, declared, declared_steps
from core.security.users import User
from core.teachers import access
from core.teachers.model import TeacherDossier


@pytest.fixture(autouse=True)
def own_declarations(monkeypatch):
    """The steps a test declares are forgotten after it."""
    monkeypatch.setattr(steps, "_DECLARED", dict(steps._DECLARED))


def tree():
    root = Root()
    region = root.add("66", Region("66", "Свердловская область"))
    muni = region.add("m1", Municipality("m1", "М1"))
    return root, region, muni, muni.add("s1", School("s1", "Школа 1", "urban"))


def test_a_step_is_taken_by_its_roles_held_on_the_node_or_above_it():
    root, region, muni, school = tree()
    grant(muni, User("coordinator", "К"), "municipal_coordinator")
    step = Step("test.assign_curator", ("municipal_coordinator",))
    assert step.allows(school, "coordinator") and step.allows(muni, "coordinator")
    assert not step.allows(region, "coordinator") and not step.allows(school, None)
    step.require(school, "coordinator")
    assert step.permission == "step:test.assign_curator" and declared(step.permission) is step


def test_a_refused_step_answers_as_its_domain_does():
    root, region, muni, school = tree()
    step = Step("test.register", ("attestee",), AttestationRefused, "Портфолио заполняет сам аттестуемый.")
    with pytest.raises(AttestationRefused) as refused:
        step.require(school, "head")
    assert refused.value.as_error() == (403, "step_forbidden", "Портфолио заполняет сам аттестуемый.", None)
    assert isinstance(Step("test.plain", ("curator",)).refused(), StepRefused)


def test_one_name_is_one_declaration():
    Step("test.twice", ("curator",))
    Step("test.twice", ("curator",))  # NB: the same declaration read again (a module imported twice) is the same step
    with pytest.raises(ValueError):
        Step("test.twice", ("curator", "school_head"))
    with pytest.raises(ValueError):
        Step("test.nobody", ())


def test_only_a_step_s_permission_names_a_step():
    assert declared(access.SEND_DATA.permission) is access.SEND_DATA
    assert declared("view") is None and declared("step:no.such") is None and declared(None) is None


def test_every_declared_step_is_taken_by_roles_the_site_knows(app):
    found = declared_steps()
    assert len(found) > 60 and {s.name.split(".")[0] for s in found.values()} >= {
        "teachers", "attestation", "project500", "monitoring", "cmm", "krasnoyarsk"}
    unknown = {s.name: set(s.roles) - set(ROLE_TITLES) for s in found.values() if set(s.roles) - set(ROLE_TITLES)}
    assert unknown == {}


def test_a_teacher_s_dossier_admits_the_commission_only_once_it_reaches_it():
    dossier = TeacherDossier(1, "Иванова Анна Петровна", "subject_teacher", "first", datetime.date(2026, 3, 1))
    dossier.step = "review"
    assert admits(dossier, {"expert"}, None) and admits(dossier, {"school_head"}, None)
    assert not admits(dossier, {"commission_chair", "authenticated"}, None)
    dossier.step = "decide"
    assert admits(dossier, {"commission_chair"}, None)


def test_a_node_of_the_tree_admits_every_role_of_its_map_but_not_a_mere_log_in():
    root, region, muni, school = tree()
    assert admits(school, {"curator"}, None) and admits(school, {"expert"}, None)
    assert not admits(school, {"authenticated"}, None) and not admits(school, set(), None)

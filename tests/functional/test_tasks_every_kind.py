"""Every kind of object that awaits someone reaches each person it awaits, the same in «Мои задачи», the API and
`oko remind`, and nobody else.

One site holds an object of every process the plugins declare (``oko_processes``): a school document and an act
sent on, a CMM item sent for review, a 500+ participation awaiting its concept documents, a concept document and a
confirming document with the curator, a leader's dossier awaiting registration, an anonymised case answer with its
experts, a school's teacher attestation year and a teacher's dossier, and a municipality's request for a
consultation in region 24. `oko remind` runs on a day when every deadline has passed.
"""
import datetime
import io

import pytest
import ZODB
from ZODB.FileStorage import FileStorage

from core.attestation import registration, scoring, sitting
from core.cases import fire
from core.cli import main
from core.cmm import bank as cmm_bank
from core.cmm.model import bank_of
from core.project500 import steps as p500
from core.project500.model import ANTI_RISK_PROGRAMME, DEVELOPMENT_CONCEPT, MEDIUM_TERM_PROGRAMME
from core.resources import path_of
from core.security.users import users_of
from core.teachers import steps as teachers
from tests.factories import edit, logged_in_clients, make_act, make_document, make_tree, make_user, serving, valid_pdf
from tests.functional.krasnoyarsk_support import SmallBlueprint24, campaign, campaign_24, dossier
from tests.plugins.attestation import ITEMS
from tests.unit.test_project500 import content

TODAY = datetime.date.today()
YEAR = TODAY.year
D = TODAY + datetime.timedelta(days=60)
# A day after every deadline of the site: each task is overdue then.
REMIND_ON = TODAY + datetime.timedelta(days=400)


def _visited(host, site, school):
    """The school's participation up to the curator's first visit: it awaits the concept documents."""
    p500.enrol(host, site["66"], [school.code], YEAR, "region66")
    p = p500.participation_of(school, YEAR)
    p500.import_risk_profiles(host, site["66"], [(2, school.code, "staff_shortage", "high")], YEAR, "region66")
    p500.assign_curator(host, p, users_of(site)["curator"], "coordinator")
    p500.record_first_visit(host, p, "curator", TODAY, {}, ["staff_shortage"])
    return p


def _school_document(host, site):
    doc = make_document(host, site, "66/m1/s1")
    fire(host, doc, "submit", "head")
    return doc, {"curator"}, {"head", "nobody"}


def _act(host, site):
    act = make_act(host, site["66"])
    fire(host, act, "submit", "methodologist")
    return act, {"region66"}, {"methodologist", "coordinator"}


def _cmm_item(host, site):
    item = cmm_bank.create_item(host, bank_of(site["66"], create=True),
                                {**ITEMS[0], "code": "r66-strategy-1", "level": "regional"}, "author66")
    cmm_bank.submit(host, item, "author66")
    return item, {"region66"}, {"author66", "federal"}


def _participation(host, site):
    p = _visited(host, site, site["66"]["m1"]["s2"])
    return p, {"head2"}, {"curator", "head"}


def _concept_document(host, site):
    p = _visited(host, site, site["66"]["m1"]["s3"])
    doc = p500.save_concept_document(host, p, DEVELOPMENT_CONCEPT, "head3", content())
    fire(host, doc, "submit", "head3")
    return doc, {"curator"}, {"head3", "coordinator"}


def _confirming_document(host, site):
    p = _visited(host, site, site["66"]["m1"]["s1"])
    docs = [p500.save_concept_document(host, p, DEVELOPMENT_CONCEPT, "head", content()),
            p500.save_concept_document(host, p, MEDIUM_TERM_PROGRAMME, "head", content()),
            p500.save_concept_document(host, p, ANTI_RISK_PROGRAMME, "head", content(), risk_factor="staff_shortage")]
    for doc in docs:
        fire(host, doc, "submit", "head")
        fire(host, doc, "confirm", "curator")
    confirming = p500.add_confirming_document(host, p, docs[2], 1, "head", (io.BytesIO(valid_pdf()), "акт.pdf", None))
    fire(host, confirming, "submit", "head")
    return confirming, {"curator"}, {"head", "head2"}


def _leader_dossier(host, site):
    return dossier(site, "66", "head66"), {"head66"}, {"region66", "secretary"}


def _case_answer(host, site):
    d = dossier(site, "24", "head24")
    registration.register(host, d, {"education": "Высшее педагогическое"}, True, "head24")
    test = sitting.start_test(host, d, "head24")
    for item in test.items:
        sitting.save_answer(host, d, item.code, {"single": "a", "multiple": ["a", "b"]}.get(
            item.kind, "Проведу анализ и педсовет."), "head24")
    sitting.submit_test(host, d, "head24")
    answer = d.campaign.answers[d.case_codes[0]]
    # NB: the first expert has scored: still holding "expert" on the answer, no longer awaited.
    first, second = answer.experts
    scoring.score_case(host, answer, first, {c["code"]: c["max"] for c in answer.item.rubric})
    others = {"expert_a", "expert_b", "expert_c"} - {second}
    return answer, {second}, others | {"head24"}


def _teacher_year(host, site):
    school = site["66"]["m1"]["s1"]
    d = teachers.plan_teacher(host, school, "Иванова Анна Петровна", "subject_teacher", "first", D, "officer")
    return d.__parent__, {"officer"}, {"coordinator", "head"}


def _teacher_dossier(host, site):
    school = site["66"]["m1"]["s1"]
    d = teachers.plan_teacher(host, school, "Петрова Мария Ивановна", "primary_teacher", "first", D, "officer")
    teachers.send_data(host, d, "officer")
    teachers.open_account(host, d, "coordinator", users_of(site)["teacher1"])
    return d, {"teacher1"}, {"officer", "coordinator"}


def _consultation(host, site):
    from oko_krasnoyarsk import consultations
    entry = consultations.log_request(host, site["24"], "m1", {
        "requested_on": TODAY.isoformat(), "requester": "Иванова Е. П., специалист по аттестации",
        "topic": "Как составить график аттестации руководителей?", "channel": "email"}, "coordinator24")
    return entry, {"region24"}, {"coordinator24", "region66"}


def _roadmap_measure(host, site):
    from core import roadmaps
    from core.roadmaps import execution
    from tests.roadmap_seeds import Grid, build_docx
    data = build_docx([Grid([["№", "Мероприятие", "Срок"], ["1.", "Педсовет по итогам мониторинга", "Май 2023"]])])
    roadmap = roadmaps.import_roadmap(site["66"]["m1"]["s2"], data, "план.docx", "head2")[1].roadmap
    [measure] = roadmap.ordered()
    execution.assign(measure, "2023-05-31", "head2", "curator")
    return measure, {"curator"}, {"head2", "head", "coordinator"}


# process code -> how to build an object of it; returns (object, awaited logins, logins it does not await)
KINDS = {
    "school_documents": _school_document, "acts": _act, "cmm_items": _cmm_item,
    "participations_500": _participation, "concept_documents": _concept_document,
    "confirming_documents": _confirming_document, "leader_dossiers": _leader_dossier,
    "case_answers": _case_answer, "teacher_years": _teacher_year, "teacher_dossiers": _teacher_dossier,
    "krsk_consultations": _consultation, "roadmap_measures": _roadmap_measure,
}


# Besides the attestation campaigns' people (``krasnoyarsk_support.PEOPLE``): login, (role, path) grants.
PEOPLE = [("federal", [("federal_operator", "")]), ("coordinator", [("municipal_coordinator", "66/m1")]),
          ("curator", [("curator", "66/m1/s1"), ("curator", "66/m1/s2")]), ("head", [("school_head", "66/m1/s1")]),
          ("head2", [("school_head", "66/m1/s2")]), ("head3", [("school_head", "66/m1/s3")]),
          ("methodologist", [("methodologist", "66")]), ("author66", [("cmm_author", "66")]),
          ("officer", [("attestation_officer", "66/m1/s1")]), ("teacher1", []), ("nobody", [])]


@pytest.fixture
def site_file(tmp_path, host, hasher):
    """A database file holding an object of every kind, and what each awaits: ``(ini, {kind: (path, in, out)})``."""
    ini = tmp_path / "test.ini"
    ini.write_text(f"""[app:main]
use = egg:oko-case
zodbconn.uri = file://{tmp_path}/Data.fs?blobstorage_dir={tmp_path}/blobs
oko.secret = test-secret-0123456789abcdef0123456789
""")
    db = ZODB.DB(FileStorage(str(tmp_path / "Data.fs"), blob_dir=str(tmp_path / "blobs")))
    host.register(SmallBlueprint24(), name="krsk-test-blueprint")
    try:
        with edit(db) as site:
            make_tree(site)
            for login, grants in PEOPLE:
                make_user(site, login, hasher, grants)
            campaign_24(host, site, hasher)
            campaign(host, site, hasher, "66", "head66", "66-1-1")
            built = {}
            for kind, build in KINDS.items():
                obj, awaited, others = build(host, site)
                built[kind] = (path_of(obj), awaited, others)
    finally:
        host.unregister("krsk-test-blueprint")
        db.close()
    return ini, built


def _remind(ini, capsys):
    """`oko remind` on ``REMIND_ON``: ``{login: {path, ...}}`` of what it lists."""
    assert main(["-c", str(ini), "remind", "--date", REMIND_ON.isoformat(), "--no-mail"]) == 0
    listed, login = {}, None
    for line in capsys.readouterr().out.splitlines():
        if line.startswith("  "):
            listed[login].add(line.split()[0])
        elif " (" in line:
            login = line.split(" (")[0]
            listed[login] = set()
    return listed


def _page_and_api(app, ini_dir, logins):
    """``{login: (paths linked from «Мои задачи», paths the API's tasks name)}``."""
    db = ZODB.DB(FileStorage(str(ini_dir / "Data.fs"), blob_dir=str(ini_dir / "blobs")))
    try:
        with serving(app, db):
            seen = {}
            for login, client in logged_in_clients(app, sorted(logins)).items():
                links = [a["href"].removeprefix("http://localhost").rstrip("/")
                         for a in client.get("/tasks").html.select("table.listing td a")]
                api = [task["path"] for task in client.get("/api/v1/tasks").json["tasks"]]
                seen[login] = (links, api)
    finally:
        db.close()
    return seen


def test_every_kind_of_awaiting_object_reaches_the_people_it_awaits_in_all_three_and_nobody_else(
        app, host, site_file, tmp_path, capsys):
    ini, built = site_file
    assert set(built) == set(host.processes()), "every declared kind of awaiting object is built here"
    reminded = _remind(ini, capsys)
    people = set().union(*(awaited | others for _, awaited, others in built.values()))
    seen = _page_and_api(app, tmp_path, people)
    for kind, (path, awaited, others) in built.items():
        for login in sorted(awaited):
            links, api = seen[login]
            assert any(link == path or link.startswith(path + "/") for link in links), f"{kind}: {login}'s page"
            assert path in api, f"{kind}: {login}'s API"
            assert path in reminded.get(login, ()), f"{kind}: {login}'s reminder"
        for login in sorted(others):
            links, api = seen[login]
            assert not any(link == path or link.startswith(path + "/") for link in links), f"{kind}: {login}'s page"
            assert path not in api, f"{kind}: {login}'s API"
            assert path not in reminded.get(login, ()), f"{kind}: {login}'s reminder"


def test_cmm_items_sent_for_review_await_the_operator_of_their_level_until_published(host, tree, hasher):
    from core.tasks import tasks_of
    with edit(tree) as site:
        make_user(site, "author66", hasher, [("cmm_author", "66")])
        item, _, _ = _cmm_item(host, site)
        users = users_of(site)
        assert [t.path for t in tasks_of(site, host, users["region66"])] == [path_of(item)]
        assert [t.actions for t in tasks_of(site, host, users["region66"])] == ["Опубликовать, Вернуть на доработку"]
        cmm_bank.publish(host, item, "region66")
        assert tasks_of(site, host, users["region66"]) == [] and list(item.bank.awaiting) == []


def test_the_evolve_step_gives_a_stored_bank_its_items_awaiting_review(host, tree, hasher):
    from core.cmm.evolve import awaiting_items
    from core.tasks import tasks_of
    with edit(tree) as site:
        make_user(site, "author66", hasher, [("cmm_author", "66")])
        item, _, _ = _cmm_item(host, site)
        del item.bank.awaiting  # as a bank stored before banks kept them
        assert tasks_of(site, host, users_of(site)["region66"]) == []
        awaiting_items(site)
        assert [t.path for t in tasks_of(site, host, users_of(site)["region66"])] == [path_of(item)]

"""What the 500+ functional tests share: the people of the journey, posting as a browser
would, refusals, snapshots of what a refused step must leave unchanged, and the
helpers that take a school to a stage through the domain."""
import datetime
import io

from core.cases import fire
from core.project500 import steps
from core.project500.model import ANTI_RISK_PROGRAMME, DEVELOPMENT_CONCEPT, MEDIUM_TERM_PROGRAMME
from core.security.users import users_of
from tests.factories import edit, node

TODAY = datetime.date.today()
YEAR = TODAY.year
P = "/66/m1/s1/500plus-%d/" % YEAR
ROLES = ("region66", "coordinator", "curator", "head", "reviewer")
REFUSALS = ("У вас нет доступа", "Этот шаг выполняет другой участник", "У вас нет права", "не назначен вам")



def participation(site):
    return steps.participation_of(site["66"]["m1"]["s1"], YEAR)


def snapshot(db):
    """What a refused step must leave as it was: the journal, flags, indicators, documents."""
    with edit(db) as site:
        p = participation(site)
        if p is None:
            return None
        docs = tuple((d.__name__, d.workflow_state, len(d.versions), len(d.history), len(d.reviews))
                     for d in p.documents())
        return (len(p.journal), p.indicators_met, p.awaiting_roles, p.curator, p.contract_status, p.surveyed,
                p.seminar_attended, p.first_visit, p.activated_risks, p.sampled, p.reviewers,
                p.professional_development, p.measures_activated, p.positive_changes_confirmed,
                len(p.profile_downloads), tuple(sorted(p.risk_profile.items())), docs)


def post(client, url, params=(), upload=None):
    """A POST of a form as a person's browser would send it (CSRF token included); any status."""
    fields = [("csrf_token", client.token), *list(params.items() if isinstance(params, dict) else params)]
    files = [upload] if upload else None
    return client.post(url, fields, upload_files=files, expect_errors=True)


def assert_refused(res):
    """Refused: 403, or a Russian refusal on the page the browser is sent back to."""
    if res.status_int == 303:
        res = res.follow()
    assert res.status_int in (303, 200, 400, 403, 409), res.status
    assert any(text in res.text for text in REFUSALS), res.text[:2000]


def others_are_refused(clients, db, owner, attempt, also_allowed=()):
    """Every role but the step's owner tries ``attempt(client)``: each is refused and nothing changes."""
    before = snapshot(db)
    for user, client in clients.items():
        if user == owner or user in also_allowed:
            continue
        assert_refused(attempt(client))
        assert snapshot(db) == before, f"{user} changed something"


def form_for(page, action):
    """The form of ``page`` that posts to an address ending with ``action``."""
    found = [f for f in page.forms.values() if f.action.endswith(action)]
    assert found, f"no form posting to {action}"
    return found[0]


def fill_concept(form, goal="Повысить качество обучения", extra=None):
    form["goals"] = goal
    form["tasks"] = "Обновить систему оценивания; организовать наставничество"
    form["expected_results"] = "Рост доли обучающихся с высокими результатами"
    form.set("measure", "Методический семинар для учителей", index=0)
    form.set("deadline", f"{YEAR}-04-01", index=0)
    form.set("responsible", "Заместитель директора", index=0)
    form.set("indicator", "Доля учителей, прошедших семинар", index=0)
    form.set("expected_result", "100 % учителей", index=0)
    for name, value in (extra or {}).items():
        form[name] = value
    return form



# -- helpers that take a school to a stage through the domain, for the tests of single steps ------------

def content(goal="Повысить качество обучения"):
    return {"goals": goal, "tasks": "Обновить оценивание", "expected_results": "Рост результатов",
            "measures": [{"measure": "Семинар для учителей", "deadline": f"{YEAR}-04-01",
                          "responsible": "Завуч", "indicator": "Доля учителей", "expected_result": "100 %"}]}


def visited(db, host, school="66/m1/s1"):
    """Enrolled, surveyed, with a curator who has visited and activated "staff_shortage"."""
    with edit(db) as site:
        school = node(site, school)
        region = school.__parent__.__parent__
        steps.enrol(host, region, [school.code], YEAR, "federal")
        steps.import_risk_profiles(host, region, [(2, school.code, "staff_shortage", "high")], YEAR, "federal")
        muni = school.__parent__
        coordinator = users_of(site)["coordinator"]
        if "municipal_coordinator" not in (getattr(muni, "local_roles", {}) or {}).get("coordinator", ()):
            from core.security.roles import grant
            grant(muni, coordinator, "municipal_coordinator")
        p = steps.participation_of(school, YEAR)
        steps.assign_curator(host, p, users_of(site)["curator"], "coordinator")
        steps.record_first_visit(host, p, "curator", TODAY, {}, ["staff_shortage"])


def submitted(db, host, then=()):
    """The school's three concept documents written and sent to its curator, who then takes the steps ``then``."""
    visited(db, host)
    with edit(db) as site:
        p = participation(site)
        for doc_type, risk in ((DEVELOPMENT_CONCEPT, None), (MEDIUM_TERM_PROGRAMME, None),
                               (ANTI_RISK_PROGRAMME, "staff_shortage")):
            doc = steps.save_concept_document(host, p, doc_type, "head", content(), risk_factor=risk)
            fire(host, doc, "submit", "head")
            for step in then:
                fire(host, doc, step, "curator")


def confirmed(db, host):
    """The school's three concept documents written, sent and confirmed."""
    submitted(db, host, then=("confirm",))


def concept_docx():
    """A development concept in Word with the sections the federal list requires."""
    import docx
    document = docx.Document()
    document.add_heading("Концепция развития", 0)
    for heading, text in (("Цели", "Повысить качество обучения."), ("Задачи", "Обновить оценивание."),
                          ("Ожидаемые результаты", "Рост результатов.")):
        document.add_heading(heading, level=1)
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

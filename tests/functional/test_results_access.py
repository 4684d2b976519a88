"""Who may do what in the results base: its steps are declared once (``core.results.access``) and read alike by
the pages, the API and the domain; reading a passport or a region's results needs the place's ``view``."""
import pytest
import webtest

from core.refused import StepRefused
from core.results import access, facts, steps
from core.security.steps import declared
from tests.factories import edit, logged_in_clients, make_user, node
from tests.functional.results_support import YEAR, table

API = "/api/v1/tree"
PEOPLE = ("federal", "region66", "coordinator", "coordinator2", "methodologist", "curator", "head", "head2", "nobody")


@pytest.fixture
def clients(app, tree, hasher):
    with edit(tree) as site:
        make_user(site, "coordinator2", hasher, [("municipal_coordinator", "66/m2")])
        make_user(site, "methodologist", hasher, [("methodologist", "66")])
    return logged_in_clients(app, PEOPLE)


def one_result(code="66-1-1"):
    return table([[code, "ВПР", "Математика", 5, YEAR, 30, "", 10, 40, 30, 20]])


def api_import(client, path, data=None):
    return client.post(API + path + "@@results-import", upload_files=[("file", "r.csv", data or one_result())],
                       headers={"X-CSRF-Token": client.token}, expect_errors=True)


def page_upload(client, path):
    """The upload form's POST, as the page's form sends it (deform's markers around the file)."""
    fields = [("__formid__", "results-upload"), ("csrf_token", client.token), ("__start__", "file:mapping"),
              ("upload", webtest.Upload("r.csv", one_result(), "text/csv")), ("__end__", "file:mapping"),
              ("save", "save")]
    return client.post(path + "@@results-upload", fields, content_type="multipart/form-data", expect_errors=True)


def test_the_steps_are_declared_once_with_their_roles():
    assert declared(access.IMPORT_RESULTS.permission) is access.IMPORT_RESULTS
    assert access.IMPORT_RESULTS.roles == ("federal_operator", "regional_operator", "municipal_coordinator")
    assert access.IMPORT_FACTS.roles == access.IMPORT_RESULTS.roles
    assert access.FILL_PASSPORT.roles == ("school_head",)


def test_results_are_imported_by_the_operators_of_the_place_and_no_one_else(clients):
    # The page's upload and the API's import answer alike: the region's operator and the federal one at the
    # region, a municipality's coordinator at its municipality only.
    allowed = {who for who, client in clients.items() if api_import(client, "/66/m1/").status_int == 200}
    assert allowed == {"federal", "region66", "coordinator"}
    on_region = {who for who, client in clients.items() if page_upload(client, "/66/").status_int == 303}
    assert on_region == {"federal", "region66"}
    # Who reads the place is told the step's own reason; who does not, no more than the generic answer.
    page = page_upload(clients["methodologist"], "/66/m1/")
    assert page.status_int == 403 and access.IMPORT_RESULTS.message in page.text
    answer = api_import(clients["methodologist"], "/66/m1/")
    assert answer.status_int == 403
    assert answer.json["error"] == {"code": "step_forbidden", "message": access.IMPORT_RESULTS.message}
    generic = api_import(clients["head"], "/66/m1/")
    assert generic.status_int == 403 and generic.json["error"]["code"] == "forbidden"


def test_a_coordinator_loads_only_the_schools_of_its_municipality(clients):
    answer = api_import(clients["coordinator"], "/66/m1/", one_result("66-2-1"))
    assert answer.status_int == 400
    assert answer.json["error"]["details"] == [{"message": "Строка 2, столбец A «Код ОО»: школа с кодом «66-2-1» "
                                                           "не найдена в «Муниципалитет 66-1»."}]


def test_the_domain_refuses_as_the_page_and_the_api_do(tree, host):
    with edit(tree) as site:
        region = node(site, "66")
        with pytest.raises(StepRefused) as refused:
            steps.import_table(host, region, one_result(), "r.csv", "head")
        assert str(refused.value) == access.IMPORT_RESULTS.message
        with pytest.raises(StepRefused):
            facts.fill(host, node(site, "66/m1/s1"), YEAR, {"psychologist": "да"}, "region66")
        assert facts.fill(host, node(site, "66/m1/s1"), YEAR, {"psychologist": "да"}, "head") == 1


def test_the_school_fills_only_its_own_passport(clients):
    answers = {who: client.post_json(API + "/66/m1/s1/@@passport-facts", {"year": YEAR, "values": {
        "internet_speed": 100}}, headers={"X-CSRF-Token": client.token}, expect_errors=True).status_int
        for who, client in clients.items()}
    assert {who for who, status in answers.items() if status == 200} == {"head"}
    assert answers["head2"] == answers["region66"] == 403


def test_a_passport_and_a_places_results_are_read_by_who_may_see_the_place(clients):
    readers = {who for who, client in clients.items()
               if client.get("/66/m1/s1/@@passport", expect_errors=True).status_int == 200}
    assert readers == {"federal", "region66", "coordinator", "methodologist", "curator", "head"}
    region = {who for who, client in clients.items()
              if client.get(API + "/66/@@results-indicators", expect_errors=True).status_int == 200}
    assert region == {"federal", "region66", "methodologist"}
    # The import's screens are the importers' only.
    assert clients["head"].get("/66/m1/@@results-preview?upload=x", expect_errors=True).status_int == 403


def test_passport_facts_are_imported_by_the_operators_of_the_place_alone(clients):
    facts = "Код ОО;Год;Число обучающихся\n66-1-1;{};812\n".format(YEAR).encode("utf-8")
    answers = {who: client.post(API + "/66/m1/@@passport-import", upload_files=[("file", "f.csv", facts)],
                                headers={"X-CSRF-Token": client.token}, expect_errors=True).status_int
               for who, client in clients.items()}
    assert {who for who, status in answers.items() if status == 200} == {"federal", "region66", "coordinator"}
    assert answers["head"] == answers["coordinator2"] == answers["methodologist"] == 403

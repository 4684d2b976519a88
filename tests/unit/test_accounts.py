"""The rules of accounts taken one by one: the fields of a person, one-time links, where organisations are
found by code, the mailer's settings, the journal's filters."""
import datetime

import pytest

from core.accounts import links
from core.accounts.model import (
    email_problem,
    name_problem,
    normal_phone,
    phone_text,
    roles_for,
)
from core.accounts.places import OrganisationFinder, within, works_under
from core.bootstrap import bootstrap
from core.mail import Mailer
from core.resources import Municipality, Region, School
from core.security.audit import AuditEntry, AuditLog
from core.security.users import User

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("phone, stored", [
    ("+7 (912) 345-67-89", "+79123456789"), ("8 912 345 67 89", "+79123456789"), ("79123456789", "+79123456789"),
    ("", ""), ("  ", ""),
])
def test_a_russian_phone_is_kept_in_one_form_and_read_back_with_spaces(phone, stored):
    assert normal_phone(phone) == (stored, None)
    if stored:
        assert phone_text(stored) == "+7 912 345-67-89"


@pytest.mark.parametrize("phone", ["12345", "+1 202 555 0100", "8 912 345 67 8", "телефон", "+7 912 345 67 89 0"])
def test_a_phone_that_is_no_russian_number_is_refused_saying_how_to_write_it(phone):
    stored, problem = normal_phone(phone)
    assert stored == "" and "укажите его как +7 912 345-67-89" in problem


@pytest.mark.parametrize("email", ["ivanova@school.ru", "a.b+c@mail.example.org", "директор@школа.рф",
                                   "i-v@s1.example"])
def test_addresses_people_type_are_taken(email):
    assert email_problem(email) is None


@pytest.mark.parametrize("email", ["", "ivanova", "ivanova@school", "iva nova@school.ru", "ivanova@@school.ru",
                                   "ivanova@school..ru", "ivanova@-school.ru", "@school.ru", "ivanova@school.r"])
def test_malformed_addresses_are_refused(email):
    assert email_problem(email)


@pytest.mark.parametrize("name, ok", [("Иванова Мария Петровна", True), ("Анна-Мария О'Нил", True),
                                      ("Иванов И. И.", True), ("Иванов", False), ("", False),
                                      ("Иванов 2", False), ("=HYPERLINK(\"x\") y", False)])
def test_a_full_name_is_two_words_of_letters_at_least(name, ok):
    assert (name_problem(name) is None) is ok


def _site():
    import transaction
    import ZODB
    db = ZODB.DB(None)
    conn = db.open()
    site = bootstrap(conn.root())
    region = site.add("66", Region("66", "Свердловская область"))
    for m in ("m1", "m2"):
        muni = region.add(m, Municipality(m, f"Муниципалитет {m}"))
        for s in ("s1", "s2"):
            muni.add(s, School(f"66-{m}-{s}", f"Школа {s} ({m})", "urban"))
    other = site.add("24", Region("24", "Красноярский край"))
    other.add("m1", Municipality("m1", "Красноярск"))
    transaction.commit()
    return site


def test_a_link_works_once_until_it_expires_and_only_while_it_is_the_latest():
    site = _site()
    first = links.issue(site, "anna", links.INVITE, "region66", NOW)
    assert links.check(site, first, NOW + datetime.timedelta(days=6))[1] is None
    assert links.check(site, first, NOW + links.INVITATION_LIFETIME)[1] == links.EXPIRED
    second = links.issue(site, "anna", links.INVITE, "region66", NOW)
    assert links.check(site, first, NOW)[1] == links.REPLACED
    assert links.pending(site, "anna", NOW).issued == NOW
    links.spend(site, second, NOW)
    assert links.check(site, second, NOW)[1] == links.USED
    assert links.pending(site, "anna", NOW) is None
    assert links.check(site, "no-such-token", NOW) == (None, links.UNKNOWN)
    # only the hash of a token is kept
    store = site.services[links.SERVICE]
    assert second not in repr(list(store.links.items())) and links.digest(second) in store.links


def test_old_links_are_forgotten_a_few_at_a_time_as_new_ones_are_issued():
    site = _site()
    for n in range(links.PRUNED_PER_ISSUE + 10):
        links.issue(site, f"user{n}", links.RESET, "", NOW)
    later = NOW + links.RESET_LIFETIME + links.KEPT + datetime.timedelta(seconds=1)
    links.issue(site, "late", links.RESET, "", later)
    store = site.services[links.SERVICE]
    assert len(store.links) == 10 + 1
    links.issue(site, "later", links.RESET, "", later)
    assert len(store.links) == 2


def test_organisations_are_found_by_code_reading_no_deeper_than_needed():
    site = _site()
    finder = OrganisationFinder(site["66"])
    assert {c: n.title for c, n in finder.find(["M1", "m2"]).items()} == {"m1": "Муниципалитет m1",
                                                                         "m2": "Муниципалитет m2"}
    # the municipalities were enough: no school was read
    assert all(isinstance(n, Municipality) for n in finder._level)
    assert finder.find(["66-m2-s1"])["66-m2-s1"].title == "Школа s1 (m2)"
    assert finder.find(["nowhere"]) == {}
    # two regions' municipalities called m1: ambiguous from the federal level
    top = OrganisationFinder(site)
    top.find(["m1"])
    assert "m1" in top.ambiguous


def test_a_person_is_within_a_node_only_when_all_they_hold_lies_under_it():
    site = _site()
    user = User("x", "Икс Иксович")
    user.grants["/66/m1/s1"] = frozenset({"curator"})
    assert within(site["66"]["m1"], user) and within(site, user)
    user.grants["/66/m2/s1"] = frozenset({"curator"})
    assert not within(site["66"]["m1"], user) and works_under(site["66"]["m1"], user)
    assert not works_under(site["24"], user)


def test_the_roles_offered_at_a_place_are_below_the_actor_s_rank_and_held_at_that_level():
    site = _site()
    assert roles_for(site["66"], {"regional_operator"}) == ["methodologist", "cmm_author"]
    assert roles_for(site["66"]["m1"], {"regional_operator"}) == ["municipal_coordinator", "methodologist",
                                                                   "cmm_author"]
    assert roles_for(site["66"]["m1"]["s1"], {"municipal_coordinator"}) == ["school_head", "teacher",
                                                                            "methodologist"]
    assert roles_for(site["66"]["m1"]["s1"], {"school_head"}) == ["teacher", "methodologist"]
    assert roles_for(site, {"federal_operator"}) == ["cmm_author"]
    assert roles_for(site["66"], {"federal_operator"})[0] == "regional_operator"


def test_the_mailer_is_read_from_the_settings_and_a_bad_setting_is_refused():
    from pyramid.exceptions import ConfigurationError
    assert Mailer.from_settings({}) is None
    mailer = Mailer.from_settings({"oko.mail.host": "smtp.example", "oko.mail.security": "SSL",
                                   "oko.mail.user": "oko", "oko.mail.password": "secret"})
    assert (mailer.host, mailer.port, mailer.security, mailer.sender) == ("smtp.example", 465, "ssl", "oko@localhost")
    with pytest.raises(ConfigurationError, match="none, starttls или ssl"):
        Mailer.from_settings({"oko.mail.host": "smtp.example", "oko.mail.security": "tls1.3"})
    with pytest.raises(ConfigurationError, match="номер порта"):
        Mailer.from_settings({"oko.mail.host": "smtp.example", "oko.mail.port": "двадцать пять"})


def test_the_application_refuses_to_start_with_an_unusable_mailer():
    from pyramid.exceptions import ConfigurationError

    from core import main
    with pytest.raises(ConfigurationError, match="oko.mail.security"):
        main({}, **{"zodbconn.uri": "memory://", "oko.secret": "s" * 40, "oko.public_url": "http://localhost",
                    "oko.mail.host": "smtp.example", "oko.mail.security": "maybe"})


def _entry(at, action, path, subject):
    return AuditEntry(NOW + datetime.timedelta(minutes=at), "region66", action, path, subject, "", "")


def test_the_journal_is_read_for_a_node_or_its_subtree_by_kind_and_by_person():
    log = AuditLog()
    for args in ((1, "grant", "/66", "a"), (2, "account_created", "/66/m1", "b"), (3, "grant", "/66/m1/s1", "b"),
                 (4, "suspended", "/66/m1", "b"), (5, "grant", "/24", "c"), (6, "invited", "/66", "a")):
        log.append(_entry(*args))

    def actions(entries_total):
        return [e.action for e in entries_total[0]], entries_total[1]
    assert actions(log.select("/66")) == (["invited", "grant"], 2)
    assert actions(log.select("/66", below=True)) == (
        ["invited", "suspended", "grant", "account_created", "grant"], 5)
    assert actions(log.select("/66", below=True, kind="accounts")) == (["invited", "suspended", "account_created"], 3)
    assert actions(log.select("/66", below=True, kind="access", limit=1)) == (["grant"], 2)
    assert actions(log.select("/", below=True, subject="b")) == (["suspended", "grant", "account_created"], 3)
    assert actions(log.for_subject("a")) == (["invited", "grant"], 2)


def test_entries_written_at_one_time_keep_their_order():
    log = AuditLog()
    for action in ("account_created", "grant", "invited", "grant", "invited"):
        log.append(AuditEntry(NOW, "x", action, "/66", "a", "", ""))
    assert [e.action for e in reversed(log.for_subject("a")[0])] == [
        "account_created", "grant", "invited", "grant", "invited"]


def test_a_journal_stored_before_its_new_indexes_gets_them_from_the_evolve_step():
    from core.evolve import index_journal_people_and_kinds
    site = _site()
    log = site.services["audit"]
    log.by_subject = log.by_kind = None
    log.append(_entry(1, "suspended", "/66", "b"))
    assert log.for_subject("b") == ([], 0)
    index_journal_people_and_kinds(site)
    assert [e.action for e in log.for_subject("b")[0]] == ["suspended"]
    assert log.select("/66", kind="accounts")[1] == 1

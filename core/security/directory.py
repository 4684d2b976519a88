"""The people directory: whom a person may pick for a duty, found by name, organisation or role.

Wherever someone is chosen (a curator, a reviewer, an expert, an attestee, a
member of a commission, the person responsible for a roadmap's measure, a
role on the access page) the page offers a picker that searches this
directory, and the step takes the login the picker gives. A **rule** says
whom a place may offer (``RULES``): the people of the node's region, of the
organisation itself, or of the region but not of the node's municipality
(experts from elsewhere); the step checks the same rule when the form comes
back, so a login typed past the picker is refused in Russian.

The directory is one site service kept on change (an account made, its
address or name changed, a role granted or revoked, an account suspended):

- ``records``: ``OOBTree`` login -> ``Person``, a small record with what the
  picker shows and the tokens it matches, so a search reads no ``User``;
- ``names``: an ``OOTreeSet`` of ``"region\\x1ftoken\\x1flogin"``, one entry
  for each token of the person's name, log-in, organisation and roles,
  normalised (lower case, «ё» as «е»), in each region the person works in
  and once more under the region ``""`` (the whole federation): a prefix of
  a region's people is one range of keys, read without a look at anyone
  of another region;
- ``places``: an ``OOTreeSet`` of ``"path/\\x1flogin"``, one entry for each
  place the person works (the organisation invited to, every node of a grant):
  the people under a node are one range of keys.

A search takes the narrower way: the people of a small scope are read from
``places`` and matched by their record, those of a large one are found by
their region's ``names`` and kept when the rule allows them; either way it
reads a few thousand keys at most (``tests/bench``: ``people_picker_p95_ms``).
"""
import dataclasses
import re

from BTrees.OOBTree import OOBTree, OOTreeSet
from persistent import Persistent

from core.compact import Compact
from core.resources import Municipality, Region, School, path_of, traverse_path
from core.security.titles import PSEUDO_ROLES, role_title

SERVICE = "people"
SEP = "\x1f"
# People of a scope read from ``places`` at most: a larger scope is searched by name instead.
SMALL_SCOPE = 3000
# Name entries a search reads at most (a query whose first word matches many and the rest few).
SCAN_MAX = 20000
# People a picker shows at once.
LIMIT = 20
# People of a scope whose records a search reads rather than narrow them by words first.
FEW = 100
_WORD = re.compile(r"[0-9a-zа-я]+")


def normal(text):
    """``text`` as the directory compares it: lower case, «ё» as «е»."""
    return (text or "").lower().replace("ё", "е")


def tokens(text):
    """The words of ``text``, normalised (letters and digits; a log-in or an address splits at its signs)."""
    return _WORD.findall(normal(text))


@dataclasses.dataclass(frozen=True)
class Person(Compact):
    """What the picker shows of a person and what it matches them by."""

    login: str
    title: str
    organisation: str
    organisation_title: str
    places: tuple
    roles: tuple
    words: tuple
    active: bool = True

    @property
    def roles_text(self):
        """The person's roles as a person reads them (each once)."""
        return ", ".join(dict.fromkeys(role_title(role) for role, _ in self.roles))

    def matches(self, query_words):
        """Whether every word of the query begins a word of the person's."""
        return all(any(w.startswith(q) for w in self.words) for q in query_words)

    def works_under(self, path):
        """Whether one of the person's places is ``path`` or under it."""
        prefix = path.rstrip("/") + "/"
        return any((p.rstrip("/") + "/").startswith(prefix) for p in self.places)

    def as_json(self):
        """The person as the picker's JSON gives them."""
        return {"login": self.login, "title": self.title, "organisation": self.organisation_title,
                "roles": self.roles_text}


class Keys(OOTreeSet):
    """A set of the directory's keys in large buckets.

    NB: a search reads a range of a few thousand keys; in OOTreeSet's buckets of 30 that is a hundred objects
    to load, each a read of the storage, while one of 500 keys loads about as fast as one of 30.
    """

    max_leaf_size = 500
    max_internal_size = 500


class Directory(Persistent):
    """The site's people directory (see the module)."""

    def __init__(self):
        self.records = OOBTree()
        self.names = Keys()
        self.places = Keys()

    def _keys(self, person):
        regions = {""} | ({region_of(p) for p in person.places} if person.places else {UNPLACED})
        names = {f"{r}{SEP}{w}{SEP}{person.login}" for r in regions for w in person.words}
        places = {f"{p.rstrip('/')}/{SEP}{person.login}" for p in person.places}
        return names, places

    def put(self, person):
        """Keep ``person`` (replacing its earlier record)."""
        old = self.records.get(person.login)
        old_names, old_places = self._keys(old) if old is not None else (set(), set())
        names, places = self._keys(person)
        for key in old_names - names:
            self.names.remove(key)
        for key in old_places - places:
            self.places.remove(key)
        for key in names - old_names:
            self.names.add(key)
        for key in places - old_places:
            self.places.add(key)
        if old != person:
            self.records[person.login] = person

    def __len__(self):
        return len(self.records)

    def in_scope(self, scope, cap=SMALL_SCOPE):
        """The logins of the people who work under ``scope`` (a path), or None when there are more than ``cap``."""
        prefix = scope.rstrip("/") + "/"
        found = set()
        for key in self.places.keys(prefix, prefix + "\uffff"):
            found.add(key.rsplit(SEP, 1)[1])
            if len(found) > cap:
                return None
        return found

    def with_word(self, region, word, cap=SCAN_MAX):
        """The logins of ``region``'s people with a word that begins with ``word``; None past ``cap`` keys."""
        prefix = f"{region}{SEP}{word}"
        found = set()
        for n, key in enumerate(self.names.keys(prefix, prefix + "\uffff")):
            if n >= cap:
                return None
            found.add(key.rsplit(SEP, 1)[1])
        return found

    def with_words(self, region, words, cap=SCAN_MAX):
        """The logins of ``region``'s people with a word beginning with each of ``words`` (keys alone, no record
        read); None when every one of them is too common to narrow the search."""
        result = None
        for word in sorted(set(words), key=len, reverse=True):
            found = self.with_word(region, word, cap)
            if found is None:
                continue
            result = found if result is None else result & found
            if not result:
                break
        return result

    def by_name(self, query_words, region="", scan_max=SCAN_MAX):
        """The people of ``region`` (a code; "": everyone) whose words begin with the query's, in the order of
        the longest query word's index."""
        first = f"{region}{SEP}{max(query_words, key=len)}"
        seen = set()
        for n, key in enumerate(self.names.keys(first, first + "\uffff")):
            if n >= scan_max:
                return
            login = key.rsplit(SEP, 1)[1]
            if login in seen:
                continue
            seen.add(login)
            person = self.records.get(login)
            if person is not None and person.matches(query_words):
                yield person


# The region under which the names of people placed nowhere are kept (``Rule.allows`` offers them anywhere).
UNPLACED = "*"


def region_of(path):
    """The region code a path lies in ("" for the root)."""
    return path.strip("/").split("/", 1)[0]


def directory(site):
    """The people directory of ``site`` (made on first use; an evolve step fills it in older databases)."""
    found = site.services.get(SERVICE)
    if found is None:
        found = site.services[SERVICE] = Directory()
    return found


def _title_of(site, path, cache):
    if path not in cache:
        node = traverse_path(site, path) if path else None
        cache[path] = node.title if node is not None else ""
    return cache[path]


def person_of(site, user, titles=None):
    """The directory's record of ``user`` as the account stands now."""
    titles = {} if titles is None else titles
    roles = tuple(sorted((role, path) for path, held in user.grants.items() for role in held
                         if role not in PSEUDO_ROLES))
    places = tuple(sorted({path for _, path in roles} | ({user.organisation} if user.organisation else set())))
    org = user.organisation or (places[0] if places else "")
    org_title = _title_of(site, org, titles)
    words = set(tokens(user.title)) | set(tokens(user.login)) | set(tokens(org_title))
    for role, _ in roles:
        words.update(tokens(role_title(role)))
    return Person(user.login, user.title, org, org_title, places, roles, tuple(sorted(words)), not user.suspended)


def refresh(site, user):
    """Bring ``user``'s record in the directory up to date (after any change of name, address, place or roles)."""
    # NB: a node not (yet) in a site (a test's bare folder) has no services to keep a directory in.
    if getattr(site, "services", None) is not None:
        directory(site).put(person_of(site, user))


def rebuild(site):
    """Make the directory anew from every account (an evolve step; a site that had none)."""
    site.services[SERVICE] = Directory()
    found, titles = site.services[SERVICE], {}
    for user in site.services["users"].values():
        found.put(person_of(site, user, titles))
    return found


# -- rules: whom a place may offer -------------------------------------------------------------

_ORGS = (Region, Municipality, School)


def _nearest(context, kinds):
    node = context
    while node is not None and not isinstance(node, kinds):
        node = node.__parent__
    return node


@dataclasses.dataclass(frozen=True)
class Rule:
    """Whom a picker offers: people working under ``scope``, none under ``exclude``; ``text`` says so in Russian."""

    name: str
    scope: str
    exclude: str
    text: str

    def allows(self, person):
        """Whether ``person`` (a directory record) may be picked.

        NB: an account placed nowhere (made by ``add_user`` before invitations, with no organisation and no
        role yet) belongs to no region and no organisation: any rule offers it, so that its first duty can
        give it a place.
        """
        if not person.active:
            return False
        if not person.places:
            return True
        return ((self.scope == "/" or person.works_under(self.scope))
                and not (self.exclude and person.works_under(self.exclude)))


def _region_rule(context):
    region = _nearest(context, Region)
    if region is None:
        return Rule("region", "/", "", "любого пользователя")
    return Rule("region", path_of(region), "", f"людей своего региона ({region.title})")


def _place_rule(context):
    place = _nearest(context, _ORGS)
    if place is None:
        return Rule("place", "/", "", "любого пользователя")
    return Rule("place", path_of(place), "", f"людей организации «{place.title}»")


def _elsewhere_rule(context):
    base = _region_rule(context)
    muni = _nearest(context, Municipality)
    if muni is None:
        return Rule("elsewhere", base.scope, "", base.text)
    return Rule("elsewhere", base.scope, path_of(muni),
                f"людей своего региона, кроме работающих в «{muni.title}»")


# NB: by name, so that a page's markup, the search view and the step that takes the login
# name the same rule: ``region`` (a curator, an expert, a commission, a role on the access
# page), ``place`` (a school's own attestation officer, the person responsible for a roadmap's
# measure), ``elsewhere`` (an expert for a school's documents, from other municipalities).
RULES = {"region": _region_rule, "place": _place_rule, "elsewhere": _elsewhere_rule}


def rule_for(name, context):
    """The rule ``name`` on ``context``; an unknown name is the region's."""
    return RULES.get(name, _region_rule)(context)


def _pool(found, rule, words):
    """The logins a search reads the records of: those with every word (by the names' keys alone), within a small
    scope's people; None when the words are too common to narrow anything (then names are read one by one)."""
    region = region_of(rule.scope)
    # NB: a municipality or a school is small enough to list its people by their places; a region is not.
    scope = found.in_scope(rule.scope) if rule.scope.strip("/").count("/") >= 1 else None
    if not words:
        return scope or set()
    if scope is not None and len(scope) <= FEW:
        # NB: a school's few dozen people are read sooner than a region's keys of a common word.
        return scope | (found.with_words(UNPLACED, words) or set())
    named = found.with_words(region, words)
    if named is None:
        return None
    if scope is not None:
        named &= scope
    if region:
        named |= found.with_words(UNPLACED, words) or set()
    return named


def search(site, rule, query, limit=LIMIT):
    """``(people, more)``: up to ``limit`` people ``rule`` allows whose words begin with those of ``query``,
    by name; ``more`` when there were more. An empty query lists a small scope, and nobody from a large one
    (type a name first).

    The words narrow the people by the index's keys alone (a set per word, intersected); only the records of
    those left are read, and no more of them than the answer needs.
    """
    found = directory(site)
    words = tokens(query)
    pool = _pool(found, rule, words)
    people = []
    candidates = (found.records.get(login) for login in sorted(pool)) if pool is not None else \
        found.by_name(words, region_of(rule.scope))
    for person in candidates:
        if person is not None and rule.allows(person) and person.matches(words):
            people.append(person)
            if len(people) > limit:
                break
    people.sort(key=lambda p: (normal(p.title), p.login))
    return people[:limit], len(people) > limit

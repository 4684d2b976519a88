"""The people directory answers as a brute-force look at every account would, both ways it searches."""
import random

import pytest

from core.security import directory
from core.security.directory import normal, person_of, rule_for, search
from core.security.users import users_of
from tests.factories import edit, make_user, node

SURNAMES = ("Иванов", "Семёнов", "Петров", "Иваненко", "Сергеев")
NAMES = ("Иван", "Ёлка", "Пётр", "Сергей")


def _everyone_allowed(site, rule, query):
    words = directory.tokens(query)
    people = [person_of(site, u) for u in users_of(site).values()]
    found = [p for p in people if rule.allows(p) and p.matches(words)]
    return sorted(p.login for p in found)


@pytest.mark.parametrize("small_scope", [5, 3000])
def test_search_finds_what_a_look_at_everyone_finds(tree, hasher, monkeypatch, small_scope):
    monkeypatch.setattr(directory, "SMALL_SCOPE", small_scope)
    rnd = random.Random(7)
    schools = ["66/m1/s1", "66/m1/s2", "66/m2/s1", "24/m1/s1", "24/m2/s3"]
    with edit(tree) as site:
        for n in range(120):
            make_user(site, f"p{n:03d}", hasher, [("teacher", rnd.choice(schools))],
                      title=f"{rnd.choice(SURNAMES)} {rnd.choice(NAMES)} Иванович")
        make_user(site, "unplaced", hasher, title="Иванов Пётр Безместный")  # no place yet: offered anywhere
    with edit(tree) as site:
        for path in ("66/m1/s1", "66/m2", "24/m1/s1"):
            for rule_name in ("region", "place", "elsewhere"):
                rule = rule_for(rule_name, node(site, path))
                for query in ("ив", "иван", "семе", "сёменов ел", "петр иван", "педагог", "шко", "zzz"):
                    expected = _everyone_allowed(site, rule, query)
                    found, more = search(site, rule, query, limit=500)
                    assert sorted(p.login for p in found) == expected, (path, rule_name, query)
                    assert [normal(p.title) for p in found] == sorted(normal(p.title) for p in found)
                    assert not more

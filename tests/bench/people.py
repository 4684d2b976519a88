"""Benchmark of the people picker: a search among 200,000 people (issue 18).

Ten regions of 20 municipalities of 25 schools hold 200,000 people (a
school's teachers, its head, the municipalities' coordinators), their
names drawn from common Russian surnames, names and patronymics, kept in
the people directory (``core.security.directory``) of a FileStorage. The
database is reopened and each query is answered as the picker's view
answers it, under the rule of a place: the people of a region (a large
scope, found by name), of a school and of a region but not of a
municipality. The baseline, in the same run and the same connection: as
many ``OOBTree.get`` of the directory's records as the picker shows (20).
"""
import random
import time

from tests.bench.support import BenchError, new_site, opened_db, percentile, temp_dir, zodb_uri

PEOPLE = 200_000
REGIONS = 10
MUNIS = 20
SCHOOLS = 25
QUERIES = 400
SURNAMES = ("Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков",
            "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов",
            "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв",
            "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв", "Сергеев", "Кузьмин", "Фролов")
NAMES = ("Александр", "Сергей", "Елена", "Ольга", "Андрей", "Татьяна", "Наталья", "Дмитрий", "Ирина", "Алексей",
         "Светлана", "Юлия", "Анна", "Михаил", "Марина", "Пётр", "Людмила", "Артём", "Галина", "Иван")
PATRONYMICS = ("Александров", "Сергеев", "Андреев", "Владимиров", "Викторов", "Николаев", "Петров", "Иванов")


def _name(rnd):
    surname, name, patronymic = rnd.choice(SURNAMES), rnd.choice(NAMES), rnd.choice(PATRONYMICS)
    female = name.endswith(("а", "я")) and name != "Илья"
    return (f"{surname}{'а' if female else ''} {name} "
            f"{patronymic.replace('ёв', 'ев')}{'на' if female else 'ич'}".replace("ичич", "ич"))


def _build(site):
    from core.resources import Municipality, Region, School
    from core.security.directory import directory, person_of
    from core.security.users import User
    rnd = random.Random(18)
    users, found = site.services["users"], directory(site)
    schools = []
    for r in range(REGIONS):
        code = str(60 + r)
        region = site.add(code, Region(code, f"Регион {code}"))
        for m in range(MUNIS):
            muni = region.add(f"m{m}", Municipality(f"{code}-{m}", f"Муниципалитет {code}-{m}"))
            for s in range(SCHOOLS):
                muni.add(f"s{s}", School(f"{code}-{m}-{s}", f"МАОУ СОШ № {s + 1} ({code}-{m})", "urban"))
                schools.append(f"/{code}/m{m}/s{s}")
    titles = {}
    for n in range(PEOPLE):
        login = f"p{n:06d}@example.org"
        user = User(login, _name(rnd), login)
        path = schools[n % len(schools)]
        role = "school_head" if n < len(schools) else ("municipal_coordinator" if n % 97 == 0 else "teacher")
        if role == "municipal_coordinator":
            path = path.rsplit("/", 1)[0]
        user.grants[path] = frozenset({role})
        user.organisation = path
        users[login] = user
        found.put(person_of(site, user, titles))
    return schools


def bench_people_picker(ctx):
    """The people picker's search among 200,000 people under three rules, and a baseline of 20 record reads."""
    from core.resources import traverse_path
    from core.security.directory import directory, rule_for, search
    work = temp_dir(ctx.stack, "people")
    start = time.perf_counter()
    with new_site(work) as site:
        schools = _build(site)
    built = time.perf_counter() - start
    rnd = random.Random(5)
    prefixes = [s[:k].lower() for s in SURNAMES for k in (2, 3, 5)] + \
               [f"{s[:4]} {n[:2]}".lower() for s in SURNAMES for n in NAMES[:4]]
    with opened_db(zodb_uri(work)) as db:
        conn = db.open()
        try:
            site = conn.root()["oko"]
            found = directory(site)
            logins = list(found.records.keys()[:2000])
            picks, base = [], []
            for i in range(QUERIES + 20):
                school = traverse_path(site, rnd.choice(schools))
                rule = rule_for(("region", "place", "elsewhere")[i % 3], school)
                q = rnd.choice(prefixes)
                t = time.perf_counter()
                people, _ = search(site, rule, q)
                took = (time.perf_counter() - t) * 1000
                chosen = rnd.sample(logins, 20)
                t = time.perf_counter()
                for login in chosen:
                    found.records.get(login)
                took_base = (time.perf_counter() - t) * 1000
                if i >= 20:
                    picks.append(took)
                    base.append(took_base)
                if rule.name == "region" and " " not in q and not people:
                    raise BenchError(f"nobody found by {q!r} among a region's 20,000 people")
        finally:
            conn.close()
    return {"people_picker_p95_ms": percentile(picks, 95), "people_picker_p50_ms": percentile(picks, 50),
            "people_picker_baseline_20_reads_p95_ms": percentile(base, 95), "people_directory_build_200k_s": built}

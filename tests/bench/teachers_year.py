"""A school's attestation year of 100,000 teachers: its officer's page and its iCalendar, over HTTP.

Issue 14 found the two at 32 MB and 199 MB for such a year, readable by every
teacher of the school; the page now shows its teachers fifty at a time and
the calendar the nearest events of the coming year only. The year is placed
at once with ``AttestationYear.add_dossiers``, as an import leaves it.
"""
import datetime

from tests.bench.support import BenchError, Client, Server, latency, new_site, percentile, temp_dir, write_ini

YEAR_TEACHERS = 100_000
QUERIES, WARMUP = 20, 2
OFFICER = "bench-year-officer"


def _build(db_dir):
    """One school with a year of YEAR_TEACHERS teachers (D over the coming 200 days) and its officer;
    the year's URL."""
    from core.security.users import make_hasher
    from core.teachers.model import AttestationYear, TeacherDossier, school_year_of, teacher_key, year_name
    from tests.factories import PASSWORD, make_tree, make_user

    today = datetime.date.today()
    school_year = school_year_of(today)
    with new_site(db_dir) as site:
        make_tree(site, regions=("66",), munis=1, schools=1)
        make_user(site, OFFICER, make_hasher("fast"), [("attestation_officer", "66/m1/s1")])
        school = site["66"]["m1"]["s1"]
        year = AttestationYear(school_year)
        year.add_dossiers([
            (teacher_key(school.code, f"Педагогова Анна {n:06d}")[0],
             TeacherDossier(n + 1, f"Педагогова Анна {n:06d}", "subject_teacher", "first",
                            today + datetime.timedelta(days=5 + n % 200)))
            for n in range(YEAR_TEACHERS)])
        school.add(year_name(school_year), year)
    return f"/66/m1/s1/{year_name(school_year)}/", PASSWORD


def bench_teachers_year(ctx):
    """p50/p95 and size of the year's page (first and last page) and of its calendar.ics for 100,000 teachers."""
    db_dir = temp_dir(ctx.stack, "year-db")
    url, password = _build(db_dir)
    ini = write_ini(db_dir / "bench.ini", db_dir)
    sizes = {}

    def size_of(key):
        def check(body):
            sizes[key] = len(body)
        return check

    last = f"{url}?page={YEAR_TEACHERS // 50}"
    with Server("oko", ini) as server:
        client = Client(server.port, timeout=300)
        try:
            client.login(OFFICER, password)
            first_page = latency(client, url, QUERIES, WARMUP, size_of("page"))
            last_page = latency(client, last, QUERIES, WARMUP, size_of("last"))
            calendar = latency(client, url + "calendar.ics", QUERIES, WARMUP, size_of("ics"))
        except BenchError as exc:
            raise BenchError(f"{exc}\nserver log:\n{server.log()}") from None
        finally:
            client.close()
    return {"teachers_year_100k_page_p50_ms": percentile(first_page, 50),
            "teachers_year_100k_page_p95_ms": percentile(first_page, 95),
            "teachers_year_100k_last_page_p95_ms": percentile(last_page, 95),
            "teachers_year_100k_page_kb": sizes["page"] / 1024,
            "teachers_year_100k_ics_p50_ms": percentile(calendar, 50),
            "teachers_year_100k_ics_p95_ms": percentile(calendar, 95),
            "teachers_year_100k_ics_kb": sizes["ics"] / 1024}

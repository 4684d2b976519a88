"""Benchmark of accounts: a region's 10,000 people loaded from an XLSX list (issue 18).

The region of 66 of the national file (its municipalities and schools) is
loaded first; then ``oko import-users`` reads a list of its coordinators,
methodologists, heads and teachers, checks it whole, makes the accounts,
grants the roles and issues the invitations (their links written to a CSV:
no mailer), in a subprocess, measured. The same list loaded again must
change nothing: its time is reported beside.
"""
import collections
import csv

from tests.bench.orgs import _orgs_file
from tests.bench.support import (
    OKO,
    REPO,
    BenchError,
    new_site,
    opened_db,
    run_measured,
    temp_dir,
    write_ini,
    zodb_uri,
)

USERS = 10_000
REGION = "66"
OPERATOR = "bench-region-operator"
TIMEOUT = 600
SURNAMES = ("Иванова", "Петров", "Сидорова", "Кузнецов", "Смирнова", "Попов", "Васильева", "Соколов", "Морозова")
NAMES = ("Анна", "Пётр", "Мария", "Иван", "Ольга", "Сергей", "Елена", "Дмитрий", "Наталья", "Андрей")
PATRONYMICS = ("Ивановна", "Петрович", "Сергеевна", "Андреевич", "Николаевна", "Олегович")


def people_rows(schools, munis):
    """USERS rows of the region: a coordinator and a methodologist per municipality, a head per school, teachers."""
    rows = []

    def person(n, role_title, code, position):
        name = f"{SURNAMES[n % 9]} {NAMES[n // 9 % 10]} {PATRONYMICS[n // 90 % 6]}"
        phone = f"+7 912 {n // 10000:03d}-{n // 100 % 100:02d}-{n % 100:02d}"
        rows.append((name, f"user{n:05d}@{REGION}.example", phone, position, code, role_title))
    for code in munis:
        person(len(rows), "Муниципальный координатор", code, "Специалист управления образования")
        person(len(rows), "Методист", code, "Методист")
    for code in schools:
        person(len(rows), "Руководитель ОО", code, "Директор")
    k = 0
    while len(rows) < USERS:
        person(len(rows), "Педагог", schools[k % len(schools)], "Учитель")
        k += 1
    return rows


def _xlsx(path, rows):
    import openpyxl
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Пользователи")
    sheet.append(["ФИО", "Эл. почта", "Телефон", "Должность", "Код организации", "Роль"])
    for row in rows:
        sheet.append(list(row))
    book.save(path)


def _accounts(db_dir):
    with opened_db(zodb_uri(db_dir)) as db:
        conn = db.open()
        try:
            site = conn.root()["oko"]
            return len(site.services["users"]), len(site.services["audit"])
        finally:
            conn.close()


def bench_users_import(ctx):
    """`oko import-users` of 10,000 people of a region from XLSX into a fresh FileStorage, and the same list again."""
    _, national = _orgs_file(ctx)
    region = [r for r in national if r[0] == REGION]
    work = temp_dir(ctx.stack, "users")
    orgs = work / "orgs-66.csv"
    from core.orgimport import write_rows
    write_rows(orgs, region)
    ini = write_ini(work / "bench.ini", work)
    run_measured([OKO, "-c", str(ini), "import-orgs", "-q", str(orgs)], timeout=TIMEOUT, cwd=REPO)
    from core.security.users import make_hasher
    from tests.factories import make_user
    with new_site(work) as site:
        make_user(site, OPERATOR, make_hasher("fast"), [("regional_operator", REGION)])
    munis = sorted({r[2] for r in region})
    rows = people_rows([r[4] for r in region], munis)
    listing = work / "users-10k.xlsx"
    _xlsx(listing, rows)
    links = work / "links.csv"
    command = [OKO, "-c", str(ini), "import-users", str(listing), "--at", f"/{REGION}", "--by", OPERATOR,
               "--links", str(links)]
    wall, rss, out = run_measured(command, timeout=TIMEOUT, cwd=REPO)
    users, entries = _accounts(work)
    with open(links, encoding="utf-8-sig") as f:
        shown = sum(1 for _ in csv.reader(f, delimiter=";")) - 1
    if users != USERS + 1 or shown != USERS:
        raise BenchError(f"the import stored {users - 1} users and wrote {shown} links, not {USERS}: {out}")
    roles = collections.Counter(r[5] for r in rows)
    again, _, out_again = run_measured(command, timeout=TIMEOUT, cwd=REPO)
    if _accounts(work) != (users, entries) or "без изменений — 10000" not in out_again:
        raise BenchError(f"the same list again changed something: {out_again}")
    return {"users_import_10k_s": wall, "users_import_peak_rss_mb": rss, "users_reimport_10k_s": again,
            "users_import_schools": len(region), "users_import_heads": roles["Руководитель ОО"]}

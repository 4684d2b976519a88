"""The `oko` command: the operator's tools beside the web site."""
import argparse
import contextlib
import sys
from pathlib import Path

import transaction

from .plugins import Host, PluginError, make_plugin_manager


def _settings(ini):
    from pyramid.paster import get_appsettings
    return get_appsettings(ini)


@contextlib.contextmanager
def open_site(ini, create=True):
    """The site of the database named in ``ini``, in an open connection; closed after."""
    from ZODB import DB
    from zodburi import resolve_uri

    from .site import bootstrap, open_site as site_of
    settings = _settings(ini)
    factory, dbkw = resolve_uri(settings["zodbconn.uri"])
    db = DB(factory(), **dbkw)
    conn = db.open()
    try:
        site = site_of(conn)
        if site is None and create:
            site = bootstrap(conn.root())
            transaction.commit()
        yield site, settings
    finally:
        transaction.abort()
        conn.close()
        db.close()


def _host(settings=None):
    settings = settings or {}
    return Host(make_plugin_manager(overrides_dir=settings.get("oko.overrides_dir")))


def cmd_import_orgs(args):
    """Load or update regions, municipalities and schools from a CSV or XLSX file."""
    from tqdm import tqdm

    from .orgimport import ImportFailed, apply, parse
    data = Path(args.file).read_bytes()
    try:
        rows = parse(data, args.file)
    except ImportFailed as exc:
        print("Файл не загружен, в базе ничего не изменилось:", file=sys.stderr)
        for line in exc.errors:
            print("  " + line, file=sys.stderr)
        return 2
    with open_site(args.config) as (site, _):
        with tqdm(total=len(rows), desc="Импорт", unit=" шк", disable=args.quiet or None,
                  file=sys.stderr) as bar:
            # NB: one transaction without savepoints: a 40,000-school file
            # fits in a few hundred MB, and savepoints double the time.
            report = apply(site, rows, progress=bar.update)
        transaction.commit()
    print(report.summary())
    return 0


def cmd_gen_orgs(args):
    """Write a synthetic national-scale organisation file (89 regions, ~2,300 municipalities)."""
    from .orggen import generate
    from .orgimport import write_rows
    write_rows(args.output, generate(args.schools, seed=args.seed))
    print(f"Записано {args.schools} школ в {args.output}")
    return 0


def cmd_demo(args):
    """Build the demo data (and print the demo log-ins)."""
    from . import demo
    from .security.users import make_hasher
    with open_site(args.config) as (site, settings):
        if len(site) and not args.if_empty:
            print("В базе уже есть данные; демо-данные не созданы.", file=sys.stderr)
            return 1
        if not len(site):
            demo.build(site, _host(settings), make_hasher(settings.get("oko.argon2", "default")))
            transaction.commit()
        rows = demo.logins(site)
    print(f"\nДемо-пользователи (пароль у всех: {demo.DEMO_PASSWORD}):")
    for login, role, where in rows:
        print(f"  {login:<14} {role:<38} {where}")
    print()
    return 0


def cmd_evolve(args):
    """Run the pending schema evolve steps."""
    from .evolve import evolve, pending
    with open_site(args.config) as (site, _):
        steps = pending(site)
        if not steps:
            print("База данных в актуальном состоянии.")
            return 0
        if args.dry_run:
            for number, title, _ in steps:
                print(f"Будет выполнен шаг {number}: {title}")
            return 0
        evolve(site, commit=transaction.commit)
    return 0


def cmd_plugins(args):
    """List installed plugins, their regions and the hooks each implements."""
    for row in _host().listing():
        regions = ", ".join(row["regions"]) or "—"
        print(f"{row['name']} {row['version']}  регионы: {regions}  {row['title']}")
        for hook in row["hooks"]:
            print(f"    {hook}")
    return 0


def cmd_workflows(args):
    """Print the workflows as they run in a region."""
    for workflow in _host().workflows(args.region).values():
        print(workflow.describe())
        print()
    return 0


def parser():
    """The argument parser of `oko`."""
    p = argparse.ArgumentParser(prog="oko", description="ОКО Кейс: инструменты оператора")
    p.add_argument("-c", "--config", default="development.ini", help="ini-файл приложения")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("import-orgs", help="загрузить регионы, муниципалитеты и школы из CSV/XLSX")
    s.add_argument("file")
    s.add_argument("-q", "--quiet", action="store_true", help="без индикатора хода")
    s.set_defaults(func=cmd_import_orgs)
    s = sub.add_parser("gen-orgs", help="записать синтетический файл организаций")
    s.add_argument("--schools", type=int, default=40000)
    s.add_argument("--seed", type=int, default=2026)
    s.add_argument("-o", "--output", default="var/orgs.csv")
    s.set_defaults(func=cmd_gen_orgs)
    s = sub.add_parser("demo", help="создать демо-данные")
    s.add_argument("--if-empty", action="store_true", help="только в пустой базе; иначе показать входы")
    s.set_defaults(func=cmd_demo)
    s = sub.add_parser("evolve", help="обновить схему хранимых объектов")
    s.add_argument("--dry-run", action="store_true")
    s.set_defaults(func=cmd_evolve)
    s = sub.add_parser("plugins", help="установленные плагины и их хуки")
    s.set_defaults(func=cmd_plugins)
    s = sub.add_parser("workflows", help="рабочие процессы региона")
    s.add_argument("--region", required=True)
    s.set_defaults(func=cmd_workflows)
    return p


def main(argv=None):
    """Entry point of `oko`."""
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except PluginError as exc:
        print(f"Ошибка плагина: {exc}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())

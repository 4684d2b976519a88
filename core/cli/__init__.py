"""The `oko` command: the operator's tools beside the web site."""
import argparse
import gc
import sys
from pathlib import Path

import transaction

from core import demo, docgen, orgimport
from core.attestation.sitting import expire_site
from core.cli.accounts import add_parsers as add_accounts_parsers
from core.cli.backup import add_parsers as add_backup_parsers
from core.cli.check_plugin import add_parsers as add_check_plugin_parsers
from core.cli.cmm import add_parsers as add_cmm_parsers
from core.cli.common import host as _host
from core.cli.common import open_site, shown_path
from core.cli.project500 import add_parsers as add_project500_parsers
from core.cli.results import add_parsers as add_results_parsers
from core.cli.roadmaps import add_parsers as add_roadmap_parsers
from core.docinspect.tables import file_rows
from core.evolve import evolve, pending
from core.mail import Mailer
from core.orggen import generate
from core.orgimport import ImportFailed, parse, write_rows
from core.plugins import PluginError
from core.project500.indicators import check_indicators
from core.scaffold import ScaffoldRefused, new_plugin
from core.security.users import make_hasher, users_of
from core.tasks import overdue
from core.teachers import importer


def cmd_import_orgs(args):
    """Load or update regions, municipalities and schools from a CSV or XLSX file."""
    from tqdm import tqdm

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
            try:
                report = orgimport.apply(site, rows, progress=bar.update)
            except ImportFailed as exc:
                transaction.abort()
                print("Файл не загружен, в базе ничего не изменилось:", file=sys.stderr)
                for line in exc.errors:
                    print("  " + line, file=sys.stderr)
                return 2
        transaction.commit()
    print(report.summary())
    return 0


def cmd_import_teachers(args):
    """Load or update teachers' planned attestations from a CSV or XLSX file (core.teachers.importer)."""
    from tqdm import tqdm

    # NB: a million lines and dossiers make millions of objects that live to the end or to the next
    # commit: full collections would walk them again and again (a tenth of the import). The young
    # generations still free the commit's own garbage (ZODB's object writers are cycles).
    threshold = gc.get_threshold()
    gc.set_threshold(threshold[0], threshold[1], 1 << 30)
    try:
        with open_site(args.config) as (site, settings):
            host = _host(settings)
            try:
                # NB: read from the disk as it is checked: the plan keeps what it needs of each line, packed.
                plan = importer.check(site, file_rows(args.file))
            except ImportFailed as exc:
                print("Файл не загружен, в базе ничего не изменилось:", file=sys.stderr)
                for line in exc.errors:
                    print("  " + line, file=sys.stderr)
                return 2

            def commit():
                transaction.commit()
                # NB: a million dossiers do not fit the cache: drop what is saved.
                site._p_jar.cacheMinimize()
            with tqdm(total=plan.count, desc="Импорт педагогов", unit=" пед", disable=args.quiet or None,
                      file=sys.stderr) as bar:
                report = importer.apply(host, site, plan, "oko import-teachers", progress=bar.update, commit=commit)
    finally:
        gc.set_threshold(*threshold)
    print(report.summary())
    return 0


def cmd_gen_orgs(args):
    """Write a synthetic national-scale organisation file (89 regions, ~2,300 municipalities)."""
    write_rows(args.output, generate(args.schools, seed=args.seed))
    print(f"Записано {args.schools} школ в {args.output}")
    return 0


def cmd_demo(args):
    """Build the demo data (and print the demo log-ins)."""
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
    """List installed plugins, their regions and the hooks each implements; check what start-up checks."""
    host = _host()
    for row in host.listing():
        regions = ", ".join(row["regions"]) or "—"
        print(f"{row['name']} {row['version']}  регионы: {regions}  {row['title']}")
        for hook in row["hooks"]:
            print(f"    {hook}")
    check_indicators(host)
    return 0


def cmd_workflows(args):
    """Print the workflows as they run in a region."""
    for workflow in _host().workflows(args.region).values():
        print(workflow.describe())
        print()
    return 0


def overdue_tasks(site, host, today):
    """``{login: [task, ...]}``: every step whose due date passed before ``today``, for each user it awaits.

    Read from ``core.tasks.overdue``, as «Мои задачи» and the API read theirs.
    A task is ``(path, title, where, what, due)``.
    """
    return {login: [(t.path, t.title, t.where, t.actions, t.due) for t in tasks]
            for login, tasks in overdue(site, host, today).items()}


def _reminder(user, items, base_url):
    from email.message import EmailMessage
    lines = [f"Здравствуйте, {user.title}!", "", "Сроки этих задач в ОКО Кейс уже прошли:", ""]
    lines += [f"- {title} ({where}): {what}; срок {due:%d.%m.%Y}\n  {base_url}{path}/"
              for path, title, where, what, due in items]
    lines += ["", "Это письмо отправлено автоматически (oko remind)."]
    message = EmailMessage()
    message["To"] = user.email
    message["Subject"] = f"ОКО Кейс: просроченные задачи ({len(items)})"
    message.set_content("\n".join(lines))
    return message


def cmd_remind(args):
    """List overdue steps per user; with a mailer configured, send each user one e-mail."""
    import datetime

    today = datetime.date.fromisoformat(args.date) if args.date else datetime.date.today()
    with open_site(args.config, create=False) as (site, settings):
        if site is None:
            print("В базе нет данных.", file=sys.stderr)
            return 1
        # NB: a sitting whose time is up is handed in first, so it is no longer an overdue "submit".
        _close_expired_sittings(site, _host(settings))
        tasks = overdue_tasks(site, _host(settings), today)
        users = users_of(site)
        if not tasks:
            print(f"Просроченных задач на {today:%d.%m.%Y} нет.")
            return 0
        print(f"Просроченные задачи на {today:%d.%m.%Y}:")
        messages = []
        # NB: the links point where people open the site (oko.public_url) unless the mail says otherwise.
        base_url = (settings.get("oko.mail.base_url") or settings.get("oko.public_url", "")).rstrip("/")
        for login, items in sorted(tasks.items()):
            user = users.get(login)
            email = getattr(user, "email", "") or ""
            print(f"{login} ({user.title if user else login}{', ' + email if email else ''}): {len(items)}")
            for path, title, where, what, due in items:
                print(f"  {path}  {title} ({where}): {what}; срок {due:%d.%m.%Y}")
            if user is not None and email:
                messages.append(_reminder(user, items, base_url))
        mailer = Mailer.from_settings(settings)
        if mailer is None or args.no_mail:
            return 0
        mailer.send(messages)
        print(f"Отправлено писем: {len(messages)} (без адреса эл. почты: {len(tasks) - len(messages)}).")
    return 0


def _close_expired_sittings(site, host):
    count = expire_site(host, site)
    if count:
        transaction.commit()
        print(f"Сданы тесты с истёкшим временем: {count}.")
    return count


def cmd_attestation_close_expired(args):
    """Hand in every leader attestation test whose time is up (for a scheduled job)."""
    with open_site(args.config, create=False) as (site, settings):
        if site is None:
            print("В базе нет данных.", file=sys.stderr)
            return 1
        if not _close_expired_sittings(site, _host(settings)):
            print("Тестов с истёкшим временем нет.")
    return 0


def template_lines(report):
    """The lines of ``oko templates`` (and ``oko check-plugin``): each template checked, where it is, what is wrong."""
    lines = []
    for region, name, path, problems in report:
        whose = "федеральный" if region == docgen.FEDERAL_ONLY else f"регион {region}"
        lines.append(f"  {'✗' if problems else '✓'} {name} ({whose}): {shown_path(path)}")
        lines += [f"      {line}" for line in problems]
    return lines


def cmd_templates(args):
    """Check the Word templates and their variable schemas (federal and regional); list each one checked."""
    report = docgen.template_report(_host(), [args.region] if args.region else None)
    print(f"Проверено шаблонов: {len(report)} (загружен, сверен со схемой .toml, заполнен образцом схемы)")
    for line in template_lines(report):
        print(line)
    broken = sum(1 for *_, problems in report if problems)
    if broken:
        print(f"Шаблонов с ошибками: {broken}.")
        return 1
    print("Шаблоны документов в порядке.")
    return 0


def cmd_new_plugin(args):
    """Write a new region's plugin (a distribution with its tests) into a new folder."""
    try:
        written = new_plugin(args.folder, args.name, args.region, args.title)
    except ScaffoldRefused as exc:
        print(f"Плагин не создан: {exc}", file=sys.stderr)
        return 2
    print(f"Плагин «{args.name}» региона {args.region} создан в {args.folder} (файлов: {len(written)}):")
    for path in written:
        print(f"  {shown_path(path)}")
    print(f"\nДальше:\n  pip install -e {args.folder}\n  cd {args.folder} && pytest\n"
          f"  oko check-plugin {args.name}\nХуки и примеры: docs/plugins.md (справочник: core/hookspecs.py).")
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
    s = sub.add_parser("import-teachers", help="загрузить педагогов и планируемые даты аттестации из CSV/XLSX")
    s.add_argument("file")
    s.add_argument("-q", "--quiet", action="store_true", help="без индикатора хода")
    s.set_defaults(func=cmd_import_teachers)
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
    s = sub.add_parser("templates", help="проверить шаблоны документов и их схемы")
    s.add_argument("--region", help="код региона (по умолчанию все)")
    s.set_defaults(func=cmd_templates)
    add_cmm_parsers(sub)
    add_check_plugin_parsers(sub)
    add_backup_parsers(sub)
    add_accounts_parsers(sub)
    add_roadmap_parsers(sub)
    add_results_parsers(sub)
    add_project500_parsers(sub)
    s = sub.add_parser("new-plugin", help="создать плагин региона: дистрибутив с точкой входа, примерами и тестами")
    s.add_argument("--region", required=True, help="код региона (74)")
    s.add_argument("--name", required=True, help="имя плагина: латиница, цифры, «_» (chelyabinsk)")
    s.add_argument("--title", help="название региона («Челябинская область»)")
    s.add_argument("folder", help="новая папка плагина")
    s.set_defaults(func=cmd_new_plugin)
    s = sub.add_parser("workflows", help="рабочие процессы региона")
    s.add_argument("--region", required=True)
    s.set_defaults(func=cmd_workflows)
    s = sub.add_parser("remind", help="просроченные задачи по пользователям; письма, если настроена почта "
                                      "(oko.mail.host и другие oko.mail.*)")
    s.add_argument("--date", help="на какой день проверить сроки (ГГГГ-ММ-ДД; по умолчанию сегодня)")
    s.add_argument("--no-mail", action="store_true", help="только показать, писем не отправлять")
    s.set_defaults(func=cmd_remind)
    s = sub.add_parser("attestation-close-expired",
                       help="сдать тесты аттестации руководителей, время которых истекло (для планировщика)")
    s.set_defaults(func=cmd_attestation_close_expired)
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

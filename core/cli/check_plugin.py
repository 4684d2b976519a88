"""`oko check-plugin NAME`: a plugin checked as the core will use it, with a Russian report.

For each region the plugin serves (or ``--region``), in turn:

1. the hooks it implements, and every answer the core asks for without a
   site, checked against the hooks' types (``Host.check_answers``, the
   same check as start-up): wrong keys, types, unknown or repeated codes;
   the workflows (a replacement keeps what the core counts, a state's
   period is a deadline the region gives); the 500+ indicators countable;
2. the forms the plugin extends, built as the core builds them;
3. the Word templates of the region: each loaded, compared with its
   schema and filled with the schema's sample values (``oko templates``);
4. the CMM bank: each of the plugin's items as the bank checks it, and
   whether a test can be drawn for every category and school type from the
   federal bank shipped with OKO Case and the region's items;
5. a demo site (``oko demo``, the plugin's ``oko_demo_data`` included)
   with the region and a user in every role (``core.demo.region``): a
   school document sent and confirmed (the transition listeners), the
   500+ project started, a teacher of every post planned (the required
   documents); nothing is saved;
6. the application started with the plugin, as ``pserve`` would
   (``oko_includeme``, the start-up checks).

Every problem names the plugin, the hook and the item; the exit status is
1 when there is one, 0 when all is well.
"""
import sys
import traceback
from pathlib import Path

import transaction
import ZODB
from ZODB.DemoStorage import DemoStorage

from core import demo, docgen, main
from core.attestation.registration import portfolio_schema
from core.bootstrap import bootstrap
from core.cases import fire
from core.cli.common import settings_of, shown_path
from core.cmm.assembly import blueprint_problems
from core.cmm.defaults import supplies_bank
from core.cmm.validation import ItemInvalid, clean_item
from core.demo import region as demo_region
from core.plugins import ALL_REGIONS, Host, PluginError, make_plugin_manager, plugin_modules
from core.project500.forms import concept_schema
from core.project500.indicators import indicator_problems
from core.refused import Refused
from core.security.users import make_hasher
from core.teachers.model import POSTS
from core.testing import SETTINGS

ERROR, NOTE = "✗", "·"


class Report:
    """The lines of the report, by section; counts the problems."""

    def __init__(self, out=None):
        self.out = out or sys.stdout
        self.problems = 0

    def section(self, title):
        """Start a section."""
        print(f"\n{title}", file=self.out)

    def ok(self, text):
        """Something checked and found right."""
        print(f"  ✓ {text}", file=self.out)

    def note(self, text):
        """Something worth knowing that is no problem of the plugin."""
        print(f"  {NOTE} {text}", file=self.out)

    def problem(self, text):
        """A problem: counted, and the exit status says so."""
        self.problems += 1
        print(f"  {ERROR} {text}", file=self.out)

    def lines(self, lines):
        """Every line a problem."""
        for line in lines:
            self.problem(line)


def _lines(exc):
    return exc.details if isinstance(exc, PluginError) and exc.details else str(exc).splitlines()


def check_answers(report, host, name, regions):
    """The answers the core asks for without a site, the workflows and the indicators."""
    report.section("Ответы хуков (те же проверки, что при запуске)")
    for region in regions:
        asked = len(host.questions(region, full=True))
        try:
            host.check_answers([region], full=True)
            report.ok(f"регион {region}: {asked} вопросов ядра, ответы по типам хуков")
        except PluginError as exc:
            report.lines(_lines(exc))
    try:
        host.check_workflows()
        report.ok("рабочие процессы: замены сохраняют смыслы состояний, сроки состояний заданы")
    except (PluginError, ValueError) as exc:
        report.lines(_lines(exc))
    try:
        problems = indicator_problems(host)
    except PluginError as exc:
        problems = _lines(exc)
    report.lines(problems)
    if not problems:
        report.ok("показатели «500+»: у каждого есть условие подсчёта")


def check_forms(report, host, name, regions):
    """The forms the plugin extends, built as the core builds them (a field named twice is refused)."""
    if not host.regional("oko_extend_schema", regions[0]) or name not in host.regional("oko_extend_schema", regions[0]):
        return
    report.section("Формы с полями региона (oko_extend_schema)")
    for region in regions:
        built = [("anti_risk_programme", lambda: concept_schema(host, region, "anti_risk_programme")),
                 ("development_concept", lambda: concept_schema(host, region, "development_concept")),
                 ("medium_term_programme", lambda: concept_schema(host, region, "medium_term_programme")),
                 ("leader_portfolio", lambda: portfolio_schema(host, region))]
        for form, build in built:
            try:
                fields = [child.name for child in build().children]
                report.ok(f"регион {region}, форма «{form}»: {', '.join(fields)}")
            except PluginError as exc:
                report.lines(_lines(exc))


def check_templates(report, host, name, regions):
    """The region's Word templates: loaded, compared with their schemas, filled with their samples."""
    report.section("Шаблоны документов (загружен, сверен со схемой .toml, заполнен образцом схемы)")
    templates = docgen.template_report(host, regions)
    for region, template, path, problems in templates:
        whose = "федеральный" if region == docgen.FEDERAL_ONLY else f"регион {region}"
        if problems:
            report.lines([f"шаблон «{template}» ({whose}, {shown_path(path)}): {line}" for line in problems])
        else:
            report.ok(f"{template} ({whose}): {shown_path(path)}")
    print(f"  проверено шаблонов: {len(templates)}", file=report.out)


def check_bank(report, host, name, regions):
    """The plugin's CMM items as the bank checks them, and whether its region's tests can be drawn."""
    report.section("Банк КИМ и план теста")
    for region in regions:
        count = 0
        for level in ("federal", "regional", "municipal"):
            for plugin, items in host.named_results("oko_cmm_items", region, level=level):
                for item in items or () if plugin == name else ():
                    count += 1
                    try:
                        clean_item({k: v for k, v in item.items() if k != "source"})
                    except ItemInvalid as exc:
                        report.problem(f"Плагин «{name}», хук «oko_cmm_items» (регион {region}), пункт "
                                       f"«{item.get('code')}»: {'; '.join(exc.problems)}")
        if count:
            report.ok(f"регион {region}: заданий плагина {count}")
        problems = blueprint_problems(host, region)
        if not problems:
            report.ok(f"регион {region}: тест собирается для каждой категории и типа школы "
                      f"(федеральный банк поставки и задания региона)")
        elif supplies_bank(host, region) and name in set(host.regional("oko_cmm_items", region)) | set(
                host.regional("oko_test_blueprint", region)):
            report.lines(problems)
        else:
            report.note(f"регион {region}: без заданий в базе тест не соберётся (у плагина нет своих заданий):")
            for line in problems[:1]:
                report.note(f"  {line}")


def check_on_a_site(report, host, name, regions):
    """The hooks that need a site: the demo with the plugin's own data, the transitions, the required documents."""
    report.section("Демо-сайт с регионом: oko_demo_data, переходы, документы педагога")
    db = ZODB.DB(DemoStorage())
    conn = db.open()
    try:
        site = bootstrap(conn.root())
        hasher = make_hasher("fast")
        # NB: the region first, then the demo around it (a demo region gets the demo's schools beside ours).
        people = {region: demo_region.build_region(site, host, hasher, region) for region in regions}
        _step(report, "демо-данные (oko demo, с oko_demo_data плагинов)", lambda: demo.build(site, host, hasher))
        for region in regions:
            found = people[region]
            _step(report, f"регион {region}: документ школы отправлен и подтверждён (oko_on_transition)",
                  lambda: _document_journey(host, site, found))
            _step(report, f"регион {region}: школы в проекте «500+», первый визит куратора",
                  lambda: demo_region.visited(host, demo_region.enrol_project500(host, site, found, year=2099)))
            for post in POSTS:
                _step(report, f"регион {region}: педагог «{POSTS[post]}»: документы к аттестации "
                              f"(oko_required_documents)",
                      lambda post=post: _required(host, site, found, region, post))
    finally:
        transaction.abort()
        conn.close()
        db.close()


def _document_journey(host, site, people):
    doc = demo_region.add_school_document(host, site, people)
    fire(host, doc, "submit", "school_head")
    fire(host, doc, "confirm", "curator")
    return f"состояние «{doc.workflow_state}»"


def _required(host, site, people, region, post):
    dossier = demo_region.plan_teacher(host, site, people, post=post)
    return ", ".join(d["code"] for d in host.required_documents(people.code, post, dossier))


def _step(report, title, action):
    try:
        result = action()
    except PluginError as exc:
        report.lines(_lines(exc))
    except Refused as exc:
        # NB: a refusal is the region's rule at work (a field it requires, a step it removed), not a crash.
        report.note(f"{title}: отказ: {exc}")
    except Exception as exc:  # noqa: BLE001  (a plugin's crash is reported, the check goes on)
        where = traceback.extract_tb(exc.__traceback__)[-1]
        report.problem(f"{title}: {exc.__class__.__name__}: {exc} ({where.filename}:{where.lineno})")
    else:
        report.ok(f"{title}" + (f": {result}" if isinstance(result, str) and result else ""))


def check_application(report, name, modules, overrides_dir):
    """The application started with the plugin, as pserve would (its screens, the start-up checks)."""
    report.section("Запуск приложения с плагином (oko_includeme, проверки при запуске)")
    settings = {**SETTINGS, "oko.plugins": "\n".join(f"{n} = {m}" for n, m in modules)}
    if overrides_dir:
        settings["oko.overrides_dir"] = overrides_dir
    try:
        main({}, **settings)
        report.ok("приложение запущено")
    except (PluginError, Refused) as exc:
        report.lines(_lines(exc))
    except Exception as exc:  # noqa: BLE001
        where = traceback.extract_tb(exc.__traceback__)[-1]
        report.problem(f"Приложение не запускается: {exc.__class__.__name__}: {exc} "
                       f"({where.filename}:{where.lineno})")


def cmd_check_plugin(args):
    """Check a plugin as the core will use it; a Russian report, exit status 1 on any problem."""
    try:
        settings = settings_of(args.config)
    except Exception:  # noqa: BLE001  (no ini file: the defaults)
        settings = {}
    overrides_dir = settings.get("oko.overrides_dir")
    if args.module and str(Path.cwd()) not in sys.path:
        # NB: a plugin not installed is imported from the folder the command runs in, as pytest's pythonpath.
        sys.path.insert(0, str(Path.cwd()))
    given = [value.partition("=")[::2] if "=" in value else (args.name, value) for value in args.module or ()]
    modules = plugin_modules(settings.get("oko.plugins")) + [(name.strip(), module.strip()) for name, module in given]
    host = Host(make_plugin_manager(overrides_dir=overrides_dir, modules=modules))
    rows = {row["name"]: row for row in host.listing()}
    row = rows.get(args.name)
    if row is None:
        print(f"Плагин «{args.name}» не установлен. Установлены: {', '.join(sorted(rows))}. "
              f"Плагин вне установленных: oko check-plugin {args.name} --module ИМЯ_МОДУЛЯ", file=sys.stderr)
        return 2
    served = [r for r in row["regions"] if r != ALL_REGIONS]
    regions = [args.region] if args.region else served or host.regions() or [docgen.FEDERAL_ONLY]
    report = Report()
    print(f"Проверка плагина «{args.name}» {row['version']} ({row['title'] or 'без названия'}); "
          f"регионы: {', '.join(row['regions']) or '—'}; проверяются: {', '.join(regions)}", file=report.out)
    print(f"Хуки плагина: {', '.join(row['hooks'])}", file=report.out)
    for check in (check_answers, check_forms, check_templates, check_bank, check_on_a_site):
        try:
            check(report, host, args.name, regions)
        except PluginError as exc:
            report.lines(_lines(exc))
    if not args.no_app:
        check_application(report, args.name, modules, overrides_dir)
    print(file=report.out)
    if report.problems:
        print(f"Найдено ошибок: {report.problems}.", file=report.out)
        return 1
    print("Ошибок не найдено.", file=report.out)
    return 0


def add_parsers(sub):
    """Add `oko check-plugin` to the `oko` command's subcommands."""
    s = sub.add_parser("check-plugin", help="проверить плагин региона: ответы хуков, формы, шаблоны, банк КИМ, "
                                            "демо-сайт, запуск приложения")
    s.add_argument("name", help="имя плагина (точка входа группы oko)")
    s.add_argument("--region", help="код региона (по умолчанию все регионы плагина)")
    s.add_argument("--module", action="append",
                   help="модуль плагина, если он не установлен как дистрибутив (импортируется из текущей папки); "
                        "«имя=модуль» — ещё один плагин рядом с проверяемым; можно повторять")
    s.add_argument("--no-app", action="store_true", help="не запускать приложение (быстрее)")
    s.set_defaults(func=cmd_check_plugin)

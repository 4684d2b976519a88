"""`oko import-results` and `oko import-passport`: results tables and passport facts from the command line.

The operator's command reads a file of any size (a national year of some
400,000 results) a row at a time with the one table reader, checks every
row, and writes all of it in one transaction, or nothing. ``--preview``
shows how the columns are read, the first rows and what would change.
"""
import gc
import sys
from pathlib import Path

import transaction

from core.cli.common import host as _host
from core.cli.common import open_site
from core.docinspect.tables import TableRefused, table_rows
from core.resources import traverse_path
from core.results import facts_import, importer


def _refused(exc):
    print("Файл не загружен, в базе ничего не изменилось:", file=sys.stderr)
    for line in exc.errors:
        print("  " + line, file=sys.stderr)
    return 2


def _node(site, path):
    node = traverse_path(site, path or "/")
    if node is None or getattr(node, "type_name", None) not in ("root", "region", "municipality"):
        raise SystemExit(f"«{path}»: нет такого региона или муниципалитета.")
    return node


def _mapping(pairs):
    """``{column index: field}`` of ``--map A=school`` pairs (None: found from the headings)."""
    if not pairs:
        return None
    letters = {importer.column_letter(i): i for i in range(702)}
    mapping = {}
    for pair in pairs:
        letter, _, field = pair.partition("=")
        if letter.strip().upper() not in letters or field.strip() not in importer.FIELDS:
            raise SystemExit(f"--map {pair}: нужно БУКВА=поле, поля: {', '.join(importer.FIELDS)}.")
        mapping[letters[letter.strip().upper()]] = field.strip()
    return mapping


def _fixed(pairs):
    fixed = {}
    for pair in pairs or ():
        field, _, value = pair.partition("=")
        if field.strip() not in importer.FIXABLE:
            raise SystemExit(f"--set {pair}: для всех строк задаются только {', '.join(importer.FIXABLE)}.")
        fixed[field.strip()] = value.strip()
    return fixed


def _show_preview(plan, report):
    print("Столбцы файла:")
    for letter, heading, field in plan.columns:
        print(f"  {letter} «{heading}» → {importer.FIELDS[field][0] if field else 'не загружается'}")
    print(f"Первые строки (из {plan.count}):")
    for row in plan.sample:
        shares = " / ".join(row[f] or "—" for f in importer.SHARES)
        print(f"  строка {row['line']}: {row['school']}, {row['procedure']}, {row['subject']}, {row['grade']} кл., "
              f"{row['year']}: участников {row['participants']}, средний балл {row['mean'] or '—'}, доли {shares}")
    print(f"При загрузке будет новых: {report.added}, изменённых: {report.changed}, без изменений: "
          f"{report.unchanged}; школ: {report.schools}. Ничего не записано (--preview).")


def cmd_import_results(args):
    """Load assessment results (ВПР, ОГЭ, ЕГЭ, regional procedures) from a CSV or XLSX file, at a node of the tree."""
    data = Path(args.file).read_bytes()
    # NB: 400,000 rows make millions of small objects that live to the commit: full collections would walk
    # them again and again (as `oko import-teachers` found).
    threshold = gc.get_threshold()
    gc.set_threshold(threshold[0], threshold[1], 1 << 30)
    try:
        with open_site(args.config) as (site, settings):
            host = _host(settings)
            node = _node(site, args.at)
            try:
                plan = importer.check(host, node, table_rows(data, args.file), _mapping(args.map), _fixed(args.set))
            except TableRefused as exc:
                return _refused(exc)
            del data
            if args.preview:
                _show_preview(plan, importer.compare(site, plan))
                return 0
            report = importer.apply(site, plan, "oko import-results", Path(args.file).name)
            if report.writes:
                transaction.commit()
    finally:
        gc.set_threshold(*threshold)
    print(report.summary())
    return 0


def cmd_import_passport(args):
    """Load schools' passport facts (a row a school and year, a column a field) from a CSV or XLSX file."""
    data = Path(args.file).read_bytes()
    with open_site(args.config) as (site, settings):
        host = _host(settings)
        node = _node(site, args.at)
        try:
            plan = facts_import.check(host, node, table_rows(data, args.file))
        except TableRefused as exc:
            return _refused(exc)
        written, unchanged, schools = facts_import.apply(site, plan, "oko import-passport", Path(args.file).name)
        if written:
            transaction.commit()
    print(f"Сведения паспортов: новых значений {written}, без изменений {unchanged}; школ: {schools}.")
    return 0


def add_parsers(sub):
    """Add the results base's commands to `oko`."""
    s = sub.add_parser("import-results", help="загрузить результаты оценочных процедур (ВПР, ОГЭ, ЕГЭ) из CSV/XLSX")
    s.add_argument("file")
    s.add_argument("--at", default="/", help="куда: путь региона или муниципалитета (/66, /66/ekb); по умолчанию "
                                             "вся база")
    s.add_argument("--preview", action="store_true", help="только показать, как прочитан файл; ничего не записывать")
    s.add_argument("--map", action="append", metavar="БУКВА=ПОЛЕ",
                   help=f"столбец вручную (можно несколько), поля: {', '.join(importer.FIELDS)}")
    s.add_argument("--set", action="append", metavar="ПОЛЕ=ЗНАЧЕНИЕ",
                   help=f"значение для всех строк: {', '.join(importer.FIXABLE)}")
    s.add_argument("-q", "--quiet", action="store_true", help="без лишнего вывода")
    s.set_defaults(func=cmd_import_results)
    s = sub.add_parser("import-passport", help="загрузить сведения паспортов школ из CSV/XLSX")
    s.add_argument("file")
    s.add_argument("--at", default="/", help="путь региона или муниципалитета; по умолчанию вся база")
    s.set_defaults(func=cmd_import_passport)

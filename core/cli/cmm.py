"""`oko cmm-import` and `oko cmm-export`: the bank's files from the command line."""
import sys
from pathlib import Path

import transaction

from core.cli.common import host as _host
from core.cli.common import open_site
from core.cmm.bank import ItemRefused, import_items
from core.cmm.federal import FEDERAL_BANK, read_items
from core.cmm.model import bank_of
from core.cmm.qti import QtiError, export_package, parse


def _bank(site, region, create):
    node = site if not region else site.get(region)
    if node is None:
        raise SystemExit(f"Региона «{region}» нет в базе.")
    return bank_of(node, create=create)


def cmd_cmm_import(args):
    """Load a QTI 2.1 file (or the shipped federal demo bank) into the federal bank or a region's."""
    try:
        if args.federal_demo:
            items = read_items(FEDERAL_BANK)
        else:
            items = parse(Path(args.file).read_bytes(), Path(args.file).name)
    except (QtiError, OSError) as exc:
        print(f"Файл не загружен, в банке ничего не изменилось: {exc}", file=sys.stderr)
        return 2
    with open_site(args.config) as (site, settings):
        try:
            created, updated = import_items(_host(settings), _bank(site, args.region, True), items, None,
                                            publish_them=args.publish)
        except ItemRefused as exc:
            print("Файл не загружен, в банке ничего не изменилось:", file=sys.stderr)
            for line in exc.problems or [str(exc)]:
                print("  " + line, file=sys.stderr)
            return 2
        transaction.commit()
    state = "опубликованы" if args.publish else "черновики"
    print(f"Загружено заданий: новых {len(created)}, с новой версией {len(updated)} ({state}).")
    return 0


def cmd_cmm_export(args):
    """Write the federal bank's or a region's items (newest versions) as a QTI 2.1 package."""
    with open_site(args.config, create=False) as (site, _):
        bank = _bank(site, args.region, False) if site is not None else None
        if bank is None:
            print("Банка КИМ нет.", file=sys.stderr)
            return 1
        versions = [item.current if args.published else item.latest for item in bank.values()]
        versions = [v for v in versions if v is not None]
        Path(args.output).write_bytes(export_package(versions))
    print(f"Записано заданий: {len(versions)} в {args.output}")
    return 0


def add_parsers(sub):
    """Add the bank's commands to `oko`."""
    s = sub.add_parser("cmm-import", help="загрузить задания КИМ из файла QTI 2.1 (.zip или .xml)")
    s.add_argument("file", nargs="?", help="файл QTI 2.1")
    s.add_argument("--region", help="код региона (без него — федеральный банк)")
    s.add_argument("--publish", action="store_true", help="сразу опубликовать загруженные задания")
    s.add_argument("--federal-demo", action="store_true", help="загрузить поставляемый федеральный демо-банк")
    s.set_defaults(func=cmd_cmm_import)
    s = sub.add_parser("cmm-export", help="выгрузить задания КИМ в пакет QTI 2.1")
    s.add_argument("-o", "--output", default="cmm.zip")
    s.add_argument("--region", help="код региона (без него — федеральный банк)")
    s.add_argument("--published", action="store_true", help="только опубликованные версии")
    s.set_defaults(func=cmd_cmm_export)

"""`oko snapshot-500`: the dated snapshot of the 500+ indicators, for cron (weekly) and operators."""
import datetime
import sys

import transaction

from core.cli.common import open_site
from core.project500.snapshots import take_all
from core.resources import traverse_path


def cmd_snapshot(args):
    """Keep today's (``--date``) 500+ indicator counts at the federation, every region and municipality."""
    try:
        day = datetime.date.fromisoformat(args.date) if args.date else datetime.date.today()
    except ValueError:
        print(f"«{args.date}» — не дата (ГГГГ-ММ-ДД).", file=sys.stderr)
        return 2
    year = args.year or day.year
    with open_site(args.config, create=False) as (site, _):
        if site is None:
            print("В базе нет данных.", file=sys.stderr)
            return 1
        node = traverse_path(site, args.at) if args.at else site
        if node is None:
            print(f"Нет узла «{args.at}».", file=sys.stderr)
            return 2
        taken = take_all(node, year, day)
        transaction.commit()
    print(f"Снимок показателей «500+» за {year} год на {day:%d.%m.%Y}: узлов {taken}.")
    return 0


def add_parsers(sub):
    """The command's parser."""
    s = sub.add_parser("snapshot-500", help="снимок показателей проекта «500+» на дату (для еженедельного cron)")
    s.add_argument("--year", type=int, help="год проекта (по умолчанию год даты)")
    s.add_argument("--date", help="дата снимка ГГГГ-ММ-ДД (по умолчанию сегодня)")
    s.add_argument("--at", help="узел: /66 — регион и его муниципалитеты (по умолчанию вся страна)")
    s.set_defaults(func=cmd_snapshot)

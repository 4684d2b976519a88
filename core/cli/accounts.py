"""`oko import-users`: a list of people loaded on a node by the operator's command, for lists larger than a page takes.

The same rules as the people page (``core.accounts.people``): the whole
list is checked first and nothing is written on any problem; the rank rule
is the rule of the person named by ``--by``, who is journaled as the one who
invited. New people are invited by mail when the ini file names a mailer;
otherwise their links are written to ``--links`` (a CSV the operator hands
out and then deletes), never printed on the terminal.
"""
import csv
import sys
from pathlib import Path

import transaction

from core.accounts import links, lists, mails, people
from core.accounts.model import is_organisation
from core.accounts.places import label
from core.cli.common import open_site
from core.docinspect.tables import TableRefused
from core.mail import Mailer
from core.resources import traverse_path
from core.security.roles import role_title
from core.security.users import users_of


def _refused(lines):
    print("Список не загружен, в базе ничего не изменилось:", file=sys.stderr)
    for line in lines:
        print("  " + line, file=sys.stderr)
    return 2


def cmd_import_users(args):
    """Check a list of people whole, then make their accounts, grant their roles and invite them."""
    with open_site(args.config) as (site, settings):
        node = traverse_path(site, args.at)
        if node is None or not is_organisation(node):
            print(f"Организации «{args.at}» нет: укажите путь региона, муниципалитета или школы, например /66.",
                  file=sys.stderr)
            return 2
        actor = users_of(site).get((args.by or "").strip().lower())
        if actor is None:
            print(f"Пользователя «{args.by}» нет: --by называет того, кто приглашает.", file=sys.stderr)
            return 2
        mailer = Mailer.from_settings(settings)
        if mailer is None and not args.links and not args.dry_run:
            print("Почта не настроена (oko.mail.host): укажите --links ФАЙЛ.csv, куда записать ссылки-приглашения.",
                  file=sys.stderr)
            return 2
        try:
            rows = lists.file_people(Path(args.file).read_bytes(), args.file)
        except TableRefused as exc:
            return _refused(exc.errors)
        planned, problems = people.plan(node, actor.login, rows)
        if problems:
            return _refused(problems)
        counts = {o: sum(1 for p in planned if p.outcome == o) for o in people.OUTCOMES}
        summary = (f"новых учётных записей — {counts[people.NEW]}, новых ролей — {counts[people.GRANT]}, "
                   f"без изменений — {counts[people.SAME]}")
        if args.dry_run:
            print(f"Список проверен, ошибок нет: {summary}. Ничего не записано (--dry-run).")
            return 0
        now = links.now_utc()
        invited = people.apply(node, planned, actor.login, people.VIA_LIST, now)
        base = (settings.get("oko.mail.base_url") or settings.get("oko.public_url", "")).rstrip("/")
        shown = [(i.user, role_title(i.role), label(i.organisation), f"{base}/invitation?t={i.token}")
                 for i in invited]
        transaction.commit()
    if mailer is not None:
        mailer.send(mails.invitation(user, url, actor.title, where, role, now) for user, role, where, url in shown)
        print(f"Список загружен: {summary}. Приглашения отправлены по эл. почте: {len(shown)}.")
        return 0
    with open(args.links, "w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["ФИО", "Эл. почта", "Роль", "Организация", "Ссылка-приглашение"])
        writer.writerows([user.title, user.email, role, where, url] for user, role, where, url in shown)
    print(f"Список загружен: {summary}. Ссылки-приглашения ({len(shown)}) записаны в {args.links}: "
          "передайте каждому его ссылку и удалите файл.")
    return 0


def add_parsers(sub):
    """The accounts' commands of `oko`."""
    s = sub.add_parser("import-users", help="загрузить список пользователей (ФИО, эл. почта, телефон, должность, "
                                            "код организации, роль) и пригласить их")
    s.add_argument("file")
    s.add_argument("--at", required=True, help="путь организации, на которой загружается список (/66, /66/ekb)")
    s.add_argument("--by", required=True, help="имя для входа того, кто приглашает (правило рангов — его)")
    s.add_argument("--links", help="CSV, куда записать ссылки-приглашения, если почта не настроена")
    s.add_argument("--dry-run", action="store_true", help="только проверить список")
    s.set_defaults(func=cmd_import_users)

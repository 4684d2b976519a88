"""`oko import-roadmap`: a roadmap from a Word document or an Excel table, for operators and scripts."""
import json
import sys
from pathlib import Path

import transaction

from core.cli.common import host as _host
from core.cli.common import open_site
from core.resources import traverse_path
from core.roadmaps import RoadmapRefused, apply, declared_sections, level_of, read_document

ACTOR = "oko import-roadmap"


def preview_json(reading):
    """``{"measures": [...], "problems": [...], "merged": [...]}`` of a reading, one measure per entry in document
    order; a field the table lacks is null."""
    titles = {index: section.title or None for index, section in enumerate(reading.sections)}
    return {
        "measures": [{"number": m.number, "text": m.text, "period": m.period.as_json() if m.period else None,
                      "level": m.level, "section": titles.get(m.section), "year": m.year,
                      "responsible": m.responsible, "result": m.result} for m in reading.measures],
        "problems": [p.as_json() for p in reading.problems],
        "merged": [m.as_json() for m in reading.merges],
    }


def _print_preview(reading, out):
    for layout in reading.layouts:
        print(f"Таблица {layout.table}, заголовок в строке {layout.row}: "
              + "; ".join(f"«{c.header}» → {c.understood}" for c in layout.columns), file=out)
    sections = {}
    for measure in reading.measures:
        sections[measure.section] = sections.get(measure.section, 0) + 1
    for index, count in sections.items():
        print(f"  {reading.sections[index].title or 'Мероприятия'}: {count}", file=out)
    for merge in reading.merges:
        print("  " + merge.line(), file=out)
    for problem in reading.problems:
        print(("Ошибка: " if problem.severity == "error" else "Внимание: ") + problem.line(), file=out)
    print(f"Мероприятий: {len(reading.measures)}", file=out)


def cmd_import_roadmap(args):
    """Import (or, with --preview, only read) a roadmap file into the authority at --at."""
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"Файл не прочитан: {exc}", file=sys.stderr)
        return 2
    with open_site(args.config, create=False) as (site, settings):
        authority = traverse_path(site, args.at) if site is not None else None
        if authority is None or level_of(authority) is None:
            print(f"«{args.at}»: нет такого органа или организации (ожидается /, /66, /66/<муниципалитет>...).",
                  file=sys.stderr)
            return 2
        reading = read_document(data, path.name, level_of(authority), _host(settings).upload_limits)
        if args.json and args.preview:
            print(json.dumps(preview_json(reading), ensure_ascii=False, indent=1))
            return 2 if reading.errors else 0
        if not args.json:
            _print_preview(reading, sys.stderr if not args.preview else sys.stdout)
        if args.preview:
            return 2 if reading.errors else 0
        try:
            report = apply(authority, reading, ACTOR, data, path.name, args.title, args.into,
                           sections=declared_sections(_host(settings), authority))
        except RoadmapRefused as exc:
            print("Файл не загружен, в базе ничего не изменилось:", file=sys.stderr)
            for line in exc.details or [str(exc)]:
                print("  " + line, file=sys.stderr)
            return 2
        if report.touched:
            transaction.commit()
        if args.json:
            print(json.dumps({**preview_json(reading), "report": report.as_json(),
                              "roadmap": report.roadmap.__name__}, ensure_ascii=False, indent=1))
        else:
            print(report.summary())
    return 0


def add_parsers(sub):
    """Add the roadmaps' commands to `oko`."""
    s = sub.add_parser("import-roadmap", help="загрузить дорожную карту из документа Word (.docx) или таблицы "
                                              "Excel (.xlsx, .csv)")
    s.add_argument("file")
    s.add_argument("--at", required=True, help="путь органа или организации: / (федерация), /66, /66/<мо>/<школа>")
    s.add_argument("--preview", action="store_true", help="только показать, что будет загружено (ничего не записать)")
    s.add_argument("--json", action="store_true", help="вывод в JSON")
    s.add_argument("--title", help="название дорожной карты (по умолчанию — из документа или имя файла)")
    s.add_argument("--into", help="имя дорожной карты органа, которую обновить")
    s.set_defaults(func=cmd_import_roadmap)

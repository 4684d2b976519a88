"""The справка of a stage of a roadmap's monitoring, and the annual report made of the year's stages.

Both are the Word template ``roadmap_monitoring_report`` (``docs_templates/``,
a region's own by the same name) filled from the figures a stage froze
(``core.roadmaps.monitoring``), never from the execution as it is now.
"""
import datetime

from core import docgen
from core.numbers import number, percent
from core.roadmaps.importer import RoadmapRefused
from core.roadmaps.monitoring import planned_stages, region_of, stage_key, stages_of

TEMPLATE = "roadmap_monitoring_report"


def _share(row):
    return percent(row["share_on_time"])


def _summary(figures):
    o = figures["overall"]
    rows = [("Мероприятий (сроков исполнения) всего", number(o["total"], 0)),
            ("Наступили сроки", number(o["due"], 0)),
            ("Выполнено в срок", number(o["on_time"], 0)),
            ("Выполнено с нарушением срока", number(o["late_done"], 0)),
            ("Не выполнено", number(o["not_done"], 0)),
            ("Просрочено (не завершено)", number(o["overdue"], 0)),
            ("Перенесено", number(o["moved"], 0)),
            ("Доля выполненных в срок", _share(o))]
    rows += [(f"Доля выполненных в срок: {r['title']}", _share(r)) for r in figures["levels"]]
    rows += [(f"Доля выполненных в срок: {r['title']}", _share(r)) for r in figures["sections"]]
    return [{"indicator": a, "value": b} for a, b in rows]


def _authorities(figures):
    return [{"name": r["title"], "total": r["total"], "on_time": r["on_time"], "late_done": r["late_done"],
             "not_done": r["not_done"], "overdue": r["overdue"], "share": _share(r)}
            for r in figures["authorities"] if r["total"]]


def _reasons(figures):
    return [{"authority": x["authority"], "measure": x["text"], "status": x["state"] + (
        f" (срок {datetime.date.fromisoformat(x['deadline']):%d.%m.%Y})" if x["deadline"] else ""),
        "reason": x["reason"] or "причина не указана"} for x in figures["late"]]


def conclusions(figures):
    """The conclusions of a stage's figures, in Russian."""
    o = figures["overall"]
    lines = [f"Наступили сроки {number(o['due'], 0)} из {number(o['total'], 0)} мероприятий; выполнено в срок "
             f"{number(o['on_time'], 0)} ({_share(o)}), с нарушением срока {number(o['late_done'], 0)}, не выполнено "
             f"{number(o['not_done'], 0)}, просрочено {number(o['overdue'], 0)}."]
    ranked = [r for r in figures["authorities"][1:] if r["share_on_time"] is not None]
    if ranked:
        worst = min(ranked, key=lambda r: r["share_on_time"])
        lines.append(f"Наименьшая доля выполненных в срок: {worst['title']} ({_share(worst)}).")
    if not o["overdue"] and not o["not_done"]:
        lines.append("Невыполненных и просроченных мероприятий нет.")
    return "\n".join(lines)


def _render(host, roadmap, values):
    template = docgen.templates_for(host, region_of(roadmap)).get(TEMPLATE)
    if template is None:
        raise RoadmapRefused("Шаблона справки по итогам мониторинга нет.", "not_found")
    return template.render({"authority_name": roadmap.authority.title, "roadmap_title": roadmap.title, **values})


def stage_report(host, roadmap, stage):
    """The справка of a held ``stage``: a ``core.docgen.Generated`` (its ``.data`` is the .docx)."""
    figures = stage.figures
    as_of = datetime.date.fromisoformat(figures["as_of"])
    return _render(host, roadmap, {
        "stage_title": f"{stage.title} (срок этапа {stage.date:%d.%m.%Y})", "as_of": f"{as_of:%d.%m.%Y}",
        "summary": _summary(figures), "authorities": _authorities(figures), "reasons": _reasons(figures),
        "conclusions": conclusions(figures), "prepared_by": stage.taken_by})


def annual_stages(host, roadmap, year):
    """The stages of ``year``, all held; refused naming the stages not held."""
    held = {s.key: s for s in stages_of(roadmap, year)}
    planned = planned_stages(host, roadmap, year)
    missing = [f"«{item['title']}»" for item, _ in planned if stage_key(year, item["code"]) not in held]
    if missing:
        raise RoadmapRefused(f"Годовой отчёт составляется по всем этапам мониторинга {year} года: проведено "
                             f"{len(held)} из {len(planned)}, не проведены {', '.join(missing)}.", "order")
    return [held[stage_key(year, item["code"])] for item, _ in planned]


def annual_report(host, roadmap, year):
    """The annual report of ``year``: the справка of the year's last stage with each stage's figures before it."""
    stages = annual_stages(host, roadmap, year)
    last = stages[-1].figures
    summary = [{"indicator": f"{s.title}: доля выполненных в срок", "value": _share(s.figures["overall"])}
               for s in stages] + _summary(last)
    dynamics = "; ".join(f"{s.title} — {_share(s.figures['overall'])}" for s in stages)
    as_of = datetime.date.fromisoformat(last["as_of"])
    return _render(host, roadmap, {
        "stage_title": f"годовой отчёт за {year} год по {len(stages)} этапам мониторинга", "as_of": f"{as_of:%d.%m.%Y}",
        "summary": summary, "authorities": _authorities(last), "reasons": _reasons(last),
        "conclusions": f"Доля выполненных в срок по этапам: {dynamics}.\n" + conclusions(last),
        "prepared_by": stages[-1].taken_by})

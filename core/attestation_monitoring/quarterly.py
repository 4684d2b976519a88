"""Quarterly monitoring of a region's attestation, and the annual report built from four of them.

The Target Model (seed 000, item 17–18 of the annual plan): monitoring every
quarter ("15th of the last month of each quarter") and "an annual report on
the basis of four monitorings". A quarter's **snapshot** keeps the campaign
report's figures as they were when it was taken (plain data, so a later
change of the campaign never rewrites a past quarter); taking it again in
the same quarter replaces it and counts a revision. The **annual report**
needs the four snapshots of its year and is refused, naming the missing
quarters, otherwise.

Snapshots live in ``/<region>/attestation-monitoring/<year>-q<n>``, the folder
made with the first snapshot.
"""
import dataclasses
import datetime

from persistent import Persistent

from core.attestation import campaign_of
from core.attestation.sitting import HANDED_IN
from core.attestation_monitoring.report import campaign_report
from core.numbers import number, percent
from core.refused import Refused
from core.resources import Folder
from core.security.steps import Step

FOLDER = "attestation-monitoring"
QUARTERS = {1: "I квартал", 2: "II квартал", 3: "III квартал", 4: "IV квартал"}
TAKERS = ("regional_operator", "federal_operator")


class MonitoringRefused(Refused):
    """A monitoring step was refused; the message is Russian and nothing changed.

    ``code`` is ``forbidden`` (403), ``order`` (409) or ``invalid`` (400).
    """

    ERROR = "monitoring_{code}"

    def __init__(self, message, code="order"):
        super().__init__(message, code)


# Who takes a quarter's snapshot (``core.security.steps``): the page, the API and ``take_snapshot`` read it.
TAKE_SNAPSHOT = Step("monitoring.take_snapshot", TAKERS, MonitoringRefused,
                     "Мониторинг проводит региональный или федеральный оператор.")


class MonitoringFolder(Folder):
    """The region's quarterly monitoring snapshots."""

    type_name = "attestation_monitoring"
    type_title = "Мониторинг аттестации руководителей"
    catalogued = False


class Snapshot(Persistent):
    """One quarter's monitoring: the campaign report's figures then, who took it and when."""

    type_name = "attestation_monitoring_snapshot"
    type_title = "Квартальный мониторинг"

    def __init__(self, year, quarter, figures, taken_by, taken_at):
        self.year = year
        self.quarter = quarter
        self.title = f"Мониторинг аттестации руководителей: {QUARTERS[quarter]} {year} года"
        self.figures = figures
        self.taken_by = taken_by
        self.taken_at = taken_at
        self.revision = 1
        self.__name__ = None
        self.__parent__ = None


def snapshot_name(year, quarter):
    """The name of a quarter's snapshot: ``2026-q1``."""
    return f"{year}-q{quarter}"


def quarter_start(year, quarter):
    """The first day of a quarter."""
    return datetime.date(year, 3 * quarter - 2, 1)


def quarter_of(day):
    """The quarter (1–4) a date falls in."""
    return (day.month - 1) // 3 + 1


def folder_of(region, create=False):
    """The region's monitoring folder (made on first use when ``create``)."""
    folder = region.get(FOLDER)
    if folder is None and create:
        folder = region.add(FOLDER, MonitoringFolder("Мониторинг аттестации руководителей"))
    return folder


def take_snapshot(host, region, year, quarter, actor, now=None):
    """Take (or retake) the monitoring of ``quarter`` of ``year`` from the region's campaign of that year."""
    TAKE_SNAPSHOT.require(region, actor)
    now = now or datetime.datetime.now(datetime.timezone.utc)
    try:
        year, quarter = int(year), int(quarter)
    except (TypeError, ValueError):
        raise MonitoringRefused("Укажите год и квартал мониторинга.", "invalid") from None
    if quarter not in QUARTERS or not 2000 <= year <= 2100:
        raise MonitoringRefused("Квартал — число от 1 до 4, год — от 2000 до 2100.", "invalid")
    if quarter_start(year, quarter) > now.date():
        raise MonitoringRefused(f"{QUARTERS[quarter]} {year} года ещё не начался: мониторинг проводится "
                                f"в течение квартала или после него.", "invalid")
    campaign = campaign_of(region, year)
    if campaign is None:
        raise MonitoringRefused(f"В {year} году кампания аттестации руководителей в регионе не открыта.")
    figures = campaign_report(host, campaign).to_dict()
    folder = folder_of(region, create=True)
    name = snapshot_name(year, quarter)
    old = folder.get(name)
    if old is not None:
        old.figures, old.taken_by, old.taken_at = figures, actor, now
        old.revision += 1
        return old
    return folder.add(name, Snapshot(year, quarter, figures, actor, now))


def snapshots(region, year=None):
    """The region's snapshots (of ``year``), oldest first."""
    folder = folder_of(region)
    if folder is None:
        return []
    found = [s for s in folder.values() if year is None or s.year == year]
    return sorted(found, key=lambda s: (s.year, s.quarter))


@dataclasses.dataclass(frozen=True)
class AnnualReport:
    """The annual report: the four quarters' dynamics and the year's result (the fourth quarter's)."""

    region_title: str
    year: int
    quarters: tuple        # Snapshot x 4, in order
    dynamics: tuple        # (title, (value per quarter...), kind) kind: "count" | "rate"
    final: dict            # the fourth quarter's figures
    conclusions: str


def _rate_of(rows, code):
    return next((r["rate"] for r in rows if r["code"] == code), None)


def _dynamics(quarters):
    def count(meanings):
        return tuple(sum(s["count"] for s in q.figures["states"] if s.get("meaning") in meanings) for q in quarters)
    rows = [("Участников в графике", tuple(q.figures["overall"]["participants"] for q in quarters), "count"),
            ("Сдали тест", count(HANDED_IN), "count"),
            ("Оценены (есть решение или порог)", tuple(q.figures["overall"]["assessed"] for q in quarters), "count"),
            ("Прошли аттестацию", tuple(q.figures["overall"]["passed"] for q in quarters), "count"),
            ("Доля прошедших", tuple(q.figures["overall"]["rate"] for q in quarters), "rate")]
    titles = {}
    for q in quarters:
        for r in q.figures["by_category"]:
            titles.setdefault(r["code"], r["title"])
    for code, title in sorted(titles.items()):
        rows.append((f"Доля прошедших: {title}",
                     tuple(_rate_of(q.figures["by_category"], code) for q in quarters), "rate"))
    return tuple(rows)


def _conclusions(quarters):
    first, last = quarters[0].figures["overall"], quarters[-1].figures["overall"]
    lines = [f"За год в графике аттестации {last['participants']} руководителей и кандидатов; "
             f"оценены {last['assessed']}, прошли аттестацию {last['passed']} ({percent(last['rate'])})."]
    if first["rate"] is not None and last["rate"] is not None:
        change = (last["rate"] - first["rate"]) * 100
        lines.append(f"Доля прошедших изменилась с {percent(first['rate'])} (I квартал) до {percent(last['rate'])} "
                     f"(IV квартал), на {'+' if change > 0 else ''}{number(change, 1, fixed=True)} п. п.")
    weak = [i for i in quarters[-1].figures["items"]
            if i["upper_lower"] is not None and i["upper_lower"] < 0.2 and i["answers"] >= 10]
    if weak:
        lines.append(f"Заданий с низкой дифференцирующей способностью (D < 0,2): {len(weak)} — рекомендуется "
                     f"их пересмотр экспертами-разработчиками КИМ.")
    return "\n".join(lines)


def annual_report(region, year):
    """The annual report of ``year``; refused, naming the missing quarters, without all four snapshots."""
    found = {s.quarter: s for s in snapshots(region, year)}
    missing = [QUARTERS[q] for q in QUARTERS if q not in found]
    if missing:
        have = ", ".join(QUARTERS[q] for q in sorted(found)) or "нет ни одного"
        raise MonitoringRefused(f"Годовой отчёт строится на основе четырёх квартальных мониторингов: за {year} год "
                                f"проведено {len(found)} ({have}); не хватает: {', '.join(missing)}.")
    quarters = tuple(found[q] for q in sorted(found))
    return AnnualReport(region.title, year, quarters, _dynamics(quarters), quarters[-1].figures,
                        _conclusions(quarters))

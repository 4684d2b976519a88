"""The information-analytical report of a campaign: where the attestees are, who passed, how the items worked.

Read from the campaign's dossiers (an operator's on-demand report: a walk of
one campaign). An attestee's **outcome** is the commission's decision once
taken, before that what the category's current threshold suggests; a
dossier without either is not yet assessed. Pass rates are passed /
assessed, by category, by school type and by municipality. Item statistics
are defined in ``stats``.
"""
import dataclasses

from core.attestation import threshold
from core.attestation.model import CATEGORIES, WORKFLOW
from core.attestation.sitting import HANDED_IN
from core.attestation_monitoring import stats
from core.resources import SCHOOL_TYPES, region_code_of
from core.workflow import DECIDED, SUBMITTED, WITHDRAWN, means


@dataclasses.dataclass(frozen=True)
class Rate:
    """A group's pass rate: participants, assessed, passed, passed / assessed."""

    code: str
    title: str
    participants: int
    assessed: int
    passed: int

    @property
    def rate(self):
        """Passed / assessed (None when nobody is assessed)."""
        return stats.rate(self.passed, self.assessed)


@dataclasses.dataclass(frozen=True)
class ItemStat:
    """How one item worked in the campaign (definitions in ``stats``)."""

    code: str
    kind: str
    competence: str
    level: str
    stem: str
    versions: tuple
    exposure: int
    answers: int
    difficulty: object
    point_biserial: object
    upper_lower: object


@dataclasses.dataclass(frozen=True)
class CampaignReport:
    """The figures of one campaign at one moment."""

    region: str
    region_title: str
    year: int
    states: tuple          # ((state, title, count, meaning), ...), in the workflow's order
    by_category: tuple     # Rate, ...
    by_school_type: tuple
    by_municipality: tuple
    overall: Rate
    thresholds: tuple      # ((category, title, threshold, rule, frozen), ...)
    items: tuple           # ItemStat, ...

    def to_dict(self):
        """Plain data (JSON, XLSX, a quarterly snapshot)."""
        def rates(rows):
            return [{**dataclasses.asdict(r), "rate": r.rate} for r in rows]
        return {
            "region": self.region, "region_title": self.region_title, "year": self.year,
            "states": [{"state": s, "title": t, "count": n, "meaning": m} for s, t, n, m in self.states],
            "overall": rates([self.overall])[0], "by_category": rates(self.by_category),
            "by_school_type": rates(self.by_school_type), "by_municipality": rates(self.by_municipality),
            "thresholds": [{"category": c, "title": t, "threshold": v, "rule": r, "frozen": f}
                           for c, t, v, r, f in self.thresholds],
            "items": [{**dataclasses.asdict(i), "versions": list(i.versions)} for i in self.items],
        }


def outcome(campaign, dossier):
    """True (passed), False (failed) or None (not assessed yet)."""
    if means(dossier, DECIDED):
        return dossier.decision == "passed"
    if means(dossier, SUBMITTED):
        return threshold.passes(campaign, dossier)
    return None


def _rates(groups, titles):
    rows = []
    for code in sorted(groups, key=lambda c: (titles.get(c, c))):
        outcomes = groups[code]
        assessed = [o for o in outcomes if o is not None]
        rows.append(Rate(code, titles.get(code, code), len(outcomes), len(assessed), sum(assessed)))
    return tuple(rows)


def pass_rates(campaign, dossiers):
    """``(overall, by category, by school type, by municipality)`` of the non-withdrawn dossiers."""
    cats, types, munis, municipality_titles, everyone = {}, {}, {}, {}, []
    for d in dossiers:
        if means(d, WITHDRAWN):
            continue
        result = outcome(campaign, d)
        everyone.append(result)
        cats.setdefault(d.category, []).append(result)
        types.setdefault(d.school_type, []).append(result)
        munis.setdefault(d.municipality, []).append(result)
        municipality_titles[d.municipality] = d.municipality_title
    assessed = [o for o in everyone if o is not None]
    overall = Rate("all", "Все аттестуемые", len(everyone), len(assessed), sum(assessed))
    return overall, _rates(cats, CATEGORIES), _rates(types, SCHOOL_TYPES), _rates(munis, municipality_titles)


def _responses(campaign, dossiers):
    """Per item code: its versions, exposure, and each answer as ``(score share, criterion)``."""
    seen = {}
    answers_folder = campaign.answers
    for d in dossiers:
        test = d.test
        if test is None:
            continue
        for v in test.items:
            entry = seen.setdefault(v.code, {"item": v, "versions": set(), "exposure": 0, "answers": []})
            entry["versions"].add(v.version)
            entry["exposure"] += 1
        if not means(d, *HANDED_IN):
            continue
        closed = [(v, float(d.closed_scores.get(v.code, 0.0))) for v in test.items if v.closed]
        total = sum(s for _, s in closed)
        top = sum(v.max_score for v, _ in closed)
        for v, score in closed:
            rest_max = top - v.max_score
            criterion = (total - score) / rest_max if rest_max > 0 else None
            seen[v.code]["answers"].append((score / v.max_score if v.max_score else 0.0, criterion))
        for code in d.case_codes:
            answer = answers_folder.get(code) if answers_folder is not None else None
            if answer is None or answer.final is None or not answer.max_score:
                continue
            entry = seen.setdefault(answer.item.code, {"item": answer.item, "versions": set(), "exposure": 0,
                                                       "answers": []})
            entry["answers"].append((answer.final / answer.max_score, total / top if top else None))
    return seen


def item_stats(campaign, dossiers):
    """An ItemStat per item given in the campaign, by code."""
    rows = []
    for code, entry in sorted(_responses(campaign, dossiers).items()):
        shares = [s for s, _ in entry["answers"]]
        paired = [(s, c) for s, c in entry["answers"] if c is not None]
        item, crit = [s for s, _ in paired], [c for _, c in paired]
        v = entry["item"]
        rows.append(ItemStat(code, v.kind, v.competence, v.level, v.stem[:200], tuple(sorted(entry["versions"])),
                             entry["exposure"], len(shares), stats.difficulty(shares),
                             stats.point_biserial(item, crit), stats.upper_lower(item, crit)))
    return tuple(rows)


def campaign_report(host, campaign):
    """The report of ``campaign`` now."""
    dossiers = campaign.dossiers()
    counts = {}
    for d in dossiers:
        counts[d.workflow_state] = counts.get(d.workflow_state, 0) + 1
    workflow = host.workflow(region_code_of(campaign), WORKFLOW)
    states = [(name, state.title, counts.get(name, 0), state.meaning) for name, state in workflow.states.items()]
    overall, cats, types, munis = pass_rates(campaign, dossiers)
    thresholds = tuple((c, CATEGORIES[c], e.threshold, e.rule, e.frozen)
                       for c, e in sorted(campaign.thresholds.items()))
    region = campaign.__parent__
    return CampaignReport(region_code_of(campaign), region.title, campaign.project_year, tuple(states), cats,
                          types, munis, overall, thresholds, item_stats(campaign, dossiers))

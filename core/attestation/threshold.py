"""The pass threshold per category: the region's rule (by default the median), logged, frozen by the commission.

Every calculation is kept in the campaign's threshold log (who, when, why,
the value, the rule, how many results); once the commission meets the
thresholds are frozen and a recalculation is refused.
"""
from core.attestation import access
from core.attestation.model import CATEGORIES, AttestationRefused, ThresholdEntry, now_or
from core.attestation.stages import max_of
from core.resources import region_code_of
from core.workflow import DECIDED, SUBMITTED, means

# What the states of a dossier with all its results in mean: awaiting the commission, or decided.
SCORED = (SUBMITTED, DECIDED)


def scored(campaign, category):
    """The category's scored dossiers."""
    return [d for d in campaign.dossiers(category) if means(d, *SCORED) and d.total is not None]


def results_of(campaign, category):
    """The totals of the category's scored participants."""
    return [d.total for d in scored(campaign, category)]


def max_score_of(host, campaign, category):
    """The most an attestee of ``category`` can score: the highest of the scored dossiers' maxima (None: unknown).

    NB: dossiers of one category are drawn by one blueprint per school type, so their maxima
    are equal unless a region's blueprints differ by school type; the highest is then the scale.
    """
    region = region_code_of(campaign)
    maxima = [m for m in (max_of(host, region, d) for d in scored(campaign, category)) if m is not None]
    return max(maxima) if maxima else None


def calculate(host, campaign, category, actor, reason, now=None, frozen=False):
    """(Re)calculate the category's threshold by the region's rule and log it; returns the entry."""
    access.CALCULATE_THRESHOLD.require(campaign, actor)
    if category not in CATEGORIES:
        raise AttestationRefused(f"Неизвестная категория «{category}».", "invalid")
    if campaign.frozen_at is not None:
        raise AttestationRefused(
            f"Пороги зафиксированы на заседании комиссии {campaign.frozen_at:%d.%m.%Y}: пересчёт невозможен.")
    reason = (reason or "").strip()
    if not reason:
        raise AttestationRefused("Укажите причину расчёта порога.", "invalid")
    results = results_of(campaign, category)
    if not results:
        raise AttestationRefused(f"В категории «{CATEGORIES[category]}» ещё нет итоговых результатов.")
    answer = host.pass_threshold(region_code_of(campaign), category, results, max_score_of(host, campaign, category))
    entry = ThresholdEntry(category, round(float(answer["threshold"]), 2), answer.get("rule", ""), len(results),
                           actor, now_or(now), reason[:500], frozen)
    campaign.thresholds = {**campaign.thresholds, category: entry}
    campaign.threshold_log = campaign.threshold_log + (entry,)
    return entry


def freeze(host, campaign, actor, now=None):
    """Fix every category's threshold as the commission meets (calculated once more, logged as frozen)."""
    entries = []
    for category in CATEGORIES:
        if results_of(campaign, category):
            entries.append(calculate(host, campaign, category, actor, "Заседание аттестационной комиссии: "
                                     "порог зафиксирован", now=now, frozen=True))
    campaign.frozen_at = now_or(now)
    return entries


def threshold_for(campaign, category):
    """The category's current threshold entry, or None."""
    return campaign.thresholds.get(category)


def passes(campaign, dossier):
    """Whether the dossier's total reaches its category's threshold (None without one)."""
    entry = threshold_for(campaign, dossier.category)
    if entry is None or dossier.total is None:
        return None
    return dossier.total >= entry.threshold

"""The stages an attestation consists of, as the region's plugins say (``oko_attestation_stages``).

A stage's ``kind`` says where its result comes from: ``test`` (the closed
items, scored on submission), ``cases`` (the management cases, agreed by the
experts) or ``recorded`` (entered by the roles the stage names, e.g. an
interview scored by the commission in a regional model).
"""
KINDS = ("test", "cases", "recorded")


def stages_for(host, region, category):
    """The stages of an attestation of ``category`` in ``region``, in order."""
    stages = host.items("oko_attestation_stages", region, category=category)
    return sorted(stages, key=lambda s: s.get("order", 0))


def stage_of(host, region, category, code):
    """The stage ``code`` of this attestation, or None."""
    return next((s for s in stages_for(host, region, category) if s["code"] == code), None)


def has_stage(host, region, category, kind):
    """Whether the attestation has a stage of ``kind``."""
    return any(s.get("kind") == kind for s in stages_for(host, region, category))


def total_of(host, region, dossier):
    """The dossier's total over its stages, or None while a stage has no result."""
    stages = stages_for(host, region, dossier.category)
    if any(s["code"] not in dossier.stage_results for s in stages):
        return None
    return round(sum(dossier.stage_results[s["code"]] for s in stages), 2)


def max_of(host, region, dossier):
    """The most ``dossier`` can score over its stages, or None before its test is drawn.

    The test stage gives at most its closed items' points, the cases stage its
    cases' rubrics, a recorded stage its ``max_score`` (100 when left out).
    """
    test = dossier.test
    if test is None:
        return None
    limits = {"test": test.closed_max_score, "cases": test.max_score - test.closed_max_score}
    return round(sum(limits.get(s.get("kind"), float(s.get("max_score", 100)))
                     for s in stages_for(host, region, dossier.category)), 2)

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

"""Attestation of school leaders: the Target Model campaign (DOMAIN.md, Process 2; seeds 000, 001).

A region runs one campaign a year (``/66/leader-attestation-2026/``). It holds
the schedule, the participants' dossiers, the expert pool, the anonymised
case answers, the threshold log and the commission. The modules, in the
order of a campaign:

``model``        what a campaign, a dossier and an anonymous case answer keep;
``workflow``     the dossier's state machine (history and tasks for free);
``stages``       the stages an attestation consists of, from the region's plugins;
``campaign``     opening a campaign, the schedule, the expert pool;
``registration`` the personal account: portfolio and consent;
``series``       the school's results over 3–5 years (XLSX import, a sparkline);
``sitting``      sitting the test: a server-side time limit, answers saved as given;
``scoring``      blind double scoring of cases, a third expert on divergence;
``threshold``    the pass threshold per category, logged, frozen by the commission;
``commission``   composition, meeting, decisions, and the protocol and order as acts.

Every step is domain code: it takes the plugin host and plain values, checks
who acts, and raises ``AttestationRefused`` (Russian message) changing nothing.
"""
from core.attestation.model import AttestationRefused, Campaign, CaseAnswer, Dossier, campaign_name, campaign_of

__all__ = ["AttestationRefused", "Campaign", "CaseAnswer", "Dossier", "campaign_name", "campaign_of"]


def includeme(config):
    """Leader attestation's pages and API (its rules answer as the built-in plugin ``core.attestation.defaults``)."""
    config.scan("core.attestation.pages")
    config.scan("core.attestation.api")

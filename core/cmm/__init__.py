"""The bank of CMM (контрольно-измерительные материалы) for the attestation of school leaders.

DOMAIN.md, Process 2; seeds 000 (Target Model) and 001 (Krasnoyarsk).

``model``     items, their immutable versions, the banks (federal at ``root["cmm"]``,
              a region's at ``region["cmm"]``), competences and categories;
``workflows`` the life of an item: draft -> in review -> published -> retired;
``bank``      creating, editing (a published item gets a new version), publishing,
              retiring, and the published items a test is drawn from (database,
              plugins' ``oko_cmm_items``, ``regional_overrides/``);
``assembly``  blueprints, seeded draws, exposure limits;
``scoring``   automatic scoring of closed items, one by one and in bulk;
``qti``       import and export in IMS QTI 2.1 (format: ``core/cmm/QTI.md``);
``federal``   the federal (invariant) demo bank shipped in ``data/federal_bank.toml``.
"""


def includeme(config):
    """The CMM bank's pages and API (its rules answer as the built-in plugin ``core.cmm.defaults``)."""
    config.scan("core.cmm.pages")
    config.scan("core.cmm.api")

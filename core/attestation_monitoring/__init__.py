"""Monitoring of leader attestation: the information-analytical report, quarterly snapshots, the annual report.

``stats``      item statistics on plain numbers: difficulty, point-biserial r, the upper-lower 27 % index;
``report``     a campaign's report: states, pass rates by category, school type and municipality, items;
``quarterly``  a quarter's snapshot of the report, and the annual report built from four of them;
``charts``     inline SVG charts; ``workbook`` the XLSX export; ``document`` the annual справка as an act.

The figures come from the campaign (``core.attestation``) and are read only;
what is kept here is the snapshots (``/<region>/attestation-monitoring/``)
and the acts drafted in the region's register.
"""
from core.attestation_monitoring.quarterly import MonitoringRefused, annual_report, snapshots, take_snapshot
from core.attestation_monitoring.report import campaign_report

__all__ = ["MonitoringRefused", "annual_report", "campaign_report", "snapshots", "take_snapshot"]


def includeme(config):
    """The attestation monitoring's pages and API (its rules answer as the built-in plugin ``core.attestation_monitoring.defaults``)."""
    config.scan("core.attestation_monitoring.pages")
    config.scan("core.attestation_monitoring.api")

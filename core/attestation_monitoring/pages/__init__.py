"""Pages of the attestation monitoring: a campaign's information-analytical report, quarterly snapshots,
the annual report. Thin: the figures are ``core.attestation_monitoring``'s; downloads are XLSX and SVG.
"""

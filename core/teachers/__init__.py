"""Attestation of teachers in a school: the school's cyclogram (seed 003) and the e-portfolio.

A school's attestation year (``/66/ekb/s1/teachers-2026/``, an
``AttestationYear``) holds the order appointing its attestation officer, the
schedule order and one small ``TeacherDossier`` per teacher: post, category
sought, planned date ``D`` and the steps counted back from it (the officer
sends the data, the district coordinator opens the personal account at
``D - 20``, the teacher uploads the materials at ``D - 10`` and consents at
``D - 5``; experts review the e-portfolio, the commission decides, the
result order is generated and the work record book mark recorded).

Built for a million teachers: dossiers stay out of the general catalog until
their teacher has a personal account, and each region keeps its own
incrementally maintained deadline index (``deadlines.RegionDeadlines``).
"""


def includeme(config):
    """Teacher attestation's pages and API (its rules answer as the built-in plugin ``core.teachers.defaults``)."""
    config.scan("core.teachers.pages")
    config.scan("core.teachers.api")

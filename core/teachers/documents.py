"""The attestation materials a teacher uploads: which apply (rules from the region's plugins) and which are missing."""
from core.cases import inspected_file
from core.teachers.portfolio import portfolio_of

# What a teacher's materials are checked as, for ``oko_required_sections`` and ``oko_validate_document``.
DOCUMENT_TYPE_PREFIX = "teacher_"


def required_documents(host, region, dossier):
    """The documents this dossier requires: ``[{"code", "title"}]`` from ``oko_required_documents``.

    The federal rules: the application and the description of results
    always; the head's cover letter when the documents are not agreed; the
    lesson technology map for a primary school teacher.
    """
    return host.required_documents(region, dossier.post, dossier)


def missing_documents(host, region, dossier):
    """The required documents not uploaded yet."""
    files = dossier.files or {}
    return [d for d in required_documents(host, region, dossier) if d["code"] not in files]


def inspect_material(host, region, code, stream, filename, mimetype=None):
    """A ``File`` of an uploaded material that passed the safe inspector; UploadRefused otherwise."""
    return inspected_file(host, region, DOCUMENT_TYPE_PREFIX + code, stream, filename, mimetype)


def dossier_file(dossier, code=None, entry=None):
    """The file of a dossier's material ``code``, or of the portfolio evidence ``entry``; None if there is none."""
    if code is not None:
        return (dossier.files or {}).get(code)
    if entry is not None and dossier.login:
        found = portfolio_of(dossier, dossier.login)
        evidence = found.get(entry) if found is not None else None
        return evidence.file if evidence is not None else None
    return None

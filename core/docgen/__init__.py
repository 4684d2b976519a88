"""Word documents from templates: ``docs_templates/`` and each region's overrides.

A template is a .docx with docxtpl placeholders (``{{ officer_name }}``, a
table row loop ``{%tr for row in teachers %}``) and, beside it, a TOML schema
of its variables (format in ``core/docgen/schema.py``). The federal templates
come through the federal plugin's ``oko_document_templates``; a region
replaces or adds templates by name through its plugin or
``regional_overrides/<code>/templates/``::

    from core import docgen

    template = docgen.templates_for(host, "66")["order_attestation_officer"]
    generated = template.render({"officer_name": "…", ...})   # GenerationRefused on bad values
    generated.data, generated.text                             # the .docx bytes and its text

A template that disagrees with its schema is reported when it is loaded (at
start-up for every region, see ``check_all``), never when a user generates
a document; a generated document never keeps an unfilled placeholder.
"""
from core.docgen.engine import Generated, GenerationRefused, ru_date
from core.docgen.schema import ACT_TYPES, LEVELS, SYSTEM_VARIABLES, Schema, Variable
from core.docgen.templates import (
    DocTemplate,
    TemplateError,
    clear_cache,
    load_template,
    schema_path,
    template_from_snapshot,
)

__all__ = [
    "ACT_TYPES", "LEVELS", "SYSTEM_VARIABLES", "DocTemplate", "Generated", "GenerationRefused",
    "Schema", "TemplateError", "Variable", "check_all", "clear_cache", "known_regions",
    "load_template", "ru_date", "schema_path", "template_from_snapshot", "template_problems",
    "templates_for",
]

# Asked for the templates every region gets: no plugin but the federal one serves it.
FEDERAL_ONLY = "00"


def templates_for(host, region):
    """The region's templates by name, loaded and checked (TemplateError if one is broken)."""
    return {name: load_template(path, name) for name, path in host.document_templates(region).items()}


def known_regions(host):
    """Region codes that some plugin or overrides folder serves by name."""
    codes = set()
    for row in host.listing():
        codes.update(r for r in row["regions"] if r != "*")
    return sorted(codes)


def template_problems(host, regions=None):
    """Every problem of the templates of ``regions`` (all known ones when None), one a line.

    The federal templates are checked too. This is the check behind
    ``oko templates [--region CODE]``: an empty list means every template
    loads, agrees with its schema and renders.
    """
    regions = known_regions(host) if regions is None else list(regions)
    seen, problems = set(), []
    for region in [FEDERAL_ONLY, *regions]:
        for name, path in sorted(host.document_templates(region).items()):
            if path in seen:
                continue
            seen.add(path)
            try:
                load_template(path, name)
            except TemplateError as exc:
                problems.extend(exc.problems)
    return problems


def check_all(host):
    """Raise TemplateError listing every broken template of every region (start-up)."""
    problems = template_problems(host)
    if problems:
        raise TemplateError(["Шаблоны документов с ошибками:", *problems])

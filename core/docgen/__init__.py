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
from core.docgen.engine import Generated, GenerationRefused, ru_date, text_blocks
from core.docgen.schema import ACT_TYPES, LEVELS, SYSTEM_VARIABLES, Schema, Variable
from core.docgen.templates import (
    DocTemplate,
    SoundTemplates,
    TemplateError,
    clear_cache,
    load_template,
    schema_path,
    template_from_snapshot,
)

__all__ = [
    "ACT_TYPES", "LEVELS", "SYSTEM_VARIABLES", "DocTemplate", "Generated", "GenerationRefused",
    "Schema", "SoundTemplates", "TemplateError", "Variable", "check_all", "clear_cache", "known_regions",
    "load_template", "ru_date", "schema_path", "template_from_snapshot", "template_problems", "template_report",
    "templates_for", "text_blocks",
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


def template_report(host, regions=None, sound=None):
    """``[(region, name, path, problems)]``: every template of ``regions`` (all known ones when None), checked.

    The federal templates come first (region ``FEDERAL_ONLY``); a region's
    own template (a plugin's, ``regional_overrides/``) follows under its
    code. Each is loaded, compared with its schema and rendered with the
    schema's sample values; ``problems`` is empty when all is well. With
    ``sound`` (``SoundTemplates``), a template it knows is left out of the
    report unchecked, and one found sound is recorded there.
    """
    regions = known_regions(host) if regions is None else list(regions)
    seen, report = set(), []
    for region in [FEDERAL_ONLY, *regions]:
        for name, path in sorted(host.document_templates(region).items()):
            if path in seen:
                continue
            seen.add(path)
            if sound is not None and sound.known(path):
                continue
            try:
                load_template(path, name)
                problems = []
            except TemplateError as exc:
                problems = list(exc.problems)
            if sound is not None and not problems:
                sound.remember(path)
            report.append((region, name, path, problems))
    return report


def template_problems(host, regions=None, sound=None):
    """Every problem of the templates of ``regions`` (all known ones when None), one a line.

    The federal templates are checked too. This is the check behind
    ``oko templates [--region CODE]``: an empty list means every template
    loads, agrees with its schema and renders.
    """
    return [line for *_, problems in template_report(host, regions, sound) for line in problems]


def check_all(host, cache=None):
    """Raise TemplateError listing every broken template of every region (start-up).

    With ``cache`` (a directory: ``oko.template_cache``'s ``docx``), a template
    a process of this machine already found sound, byte for byte and checked
    by the same code, is not loaded again: a worker starts without reading
    and rendering every region's Word templates (a third of a second and
    more), and loads each at its first use as before.
    """
    problems = template_problems(host, sound=SoundTemplates(cache) if cache else None)
    if problems:
        raise TemplateError(["Шаблоны документов с ошибками:", *problems])

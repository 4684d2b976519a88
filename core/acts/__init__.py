"""Normative acts: drafted from templates, numbered in an authority's register, repealed.

An authority (region, municipality, school) keeps its acts in its child
folder ``acts`` (``ActRegister``). A methodologist drafts an act from a
template (``draft_act``), previews and edits it (every edit is a new
``ActVersion`` with its .docx); the head of the authority approves it
(``fire_act``), which gives it the next number of the register; a later act
repeals it (``repeal``). The workflows are ``act_region``,
``act_municipality`` and ``act_school`` in ``core/acts/workflows.py``.
"""
from core.acts.compare import DiffLine, compare_versions, diff_texts
from core.acts.drafting import (
    ActRefused,
    add_version,
    current_template,
    document_defaults,
    draft_act,
    edit_act,
    initial_values,
    level_of,
    place_of,
    preview,
    register_of,
    template_for,
    templates_for,
)
from core.acts.life import EFFECTIVE, fire_act, in_effect, repeal
from core.acts.model import REGISTER_NAME, Act, ActRegister, ActVersion, RegisterCounter
from core.acts.readers import readers, set_readers

__all__ = [
    "EFFECTIVE", "in_effect", "REGISTER_NAME", "Act", "ActRefused", "ActRegister", "ActVersion", "DiffLine",
    "RegisterCounter", "add_version", "compare_versions", "current_template", "diff_texts", "document_defaults", "draft_act",
    "edit_act", "fire_act", "initial_values", "level_of", "place_of", "preview", "readers", "register_of", "repeal",
    "set_readers", "template_for", "templates_for",
]


def includeme(config):
    """The normative acts' pages and API (its rules answer as the built-in plugin ``core.acts.defaults``)."""
    config.scan("core.acts.pages")
    config.scan("core.acts.api")

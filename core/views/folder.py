"""The top of a folder page of the tree: its title, properties and action buttons, as HTML.

Built in Python rather than in ``folder.pt``: every page of the tree shows
it, and a template's name look-ups for a dozen small values cost more than
the rest of the page (see ``listing.rows_html``).
"""
from markupsafe import Markup

from .layout import esc


def folder_head_html(context, base_url, props, can_add, can_manage, links):
    """The heading, the ``(label, value)`` properties and the buttons of a folder page.

    ``base_url`` is the folder's own URL (with its trailing slash); ``links``
    are ``(label, url)`` pairs shown as secondary buttons.
    """
    out = [f'<h1>{esc(context.title)} <span class="muted">{esc(context.type_title)}</span></h1>']
    if props:
        out.append('<dl class="props">')
        out.extend(f"<dt>{esc(label)}</dt><dd>{esc(value)}</dd>" for label, value in props)
        out.append("</dl>")
    out.append('<div class="actions">')
    if can_add:
        out.append(f'<a class="btn" href="{esc(base_url)}@@add-document">Загрузить документ</a>')
    if can_manage:
        out.append(f'<a class="btn secondary" href="{esc(base_url)}@@access">Доступ</a>')
    out.extend(f'<a class="btn secondary" href="{esc(url)}">{esc(label)}</a>' for label, url in links or ())
    out.append("</div>")
    return Markup("".join(out))

"""The pages of the tree (regions, municipalities, schools), made in Python.

Every user walks these pages, and most of their time went to the template
engine's name look-ups, not to the data: the page is the layout's chrome
(``layout.page_chrome``, the same the layout macro uses) around the folder's
head and its listing (``listing.listing_html``), escaped here.
"""
from markupsafe import Markup
from pyramid.response import Response

from core.views.layout import esc, page_chrome, page_html


def folder_response(request, title, content):
    """The HTML response of a page titled ``title`` showing ``content`` (Markup) in the layout."""
    return Response(text=str(page_html(page_chrome(request), title, content)), content_type="text/html",
                    charset="utf-8")


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

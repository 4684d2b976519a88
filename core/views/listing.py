"""Paged, sorted, filterable listings of a folder's children (never all at once)."""
import math
from html import escape
from types import SimpleNamespace
from urllib.parse import quote, urlencode

from markupsafe import Markup

from core.catalog import Query
from core.resources import SCHOOL_TYPES, Municipality, Region
from core.site import get_site

from .layout import PAGE_SIZE


def _int(value, default):
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return default


def rows_html(rows):
    """The table rows of a listing, escaped: a link to each child, then its cells.

    Built here rather than in the template: it is the hot path of every
    listing page, and a template spends most of its time looking up names.
    """
    return Markup("".join(
        f'<tr><td><a href="{escape(url)}">{escape(title)}</a></td>'
        + "".join(f"<td>{escape(str(cell))}</td>" for cell in cells) + "</tr>"
        for url, title, *cells in rows))


def build_listing(request, folder, extra_columns=None, extra_headers=()):
    """One page of ``folder``'s children as the listing macro shows it.

    Reads ``page``, ``sort`` (title|code), ``order`` (asc|desc), ``type`` and
    ``q`` from the query string; unknown values fall back to the defaults.
    """
    params = request.GET
    sort = params.get("sort") if params.get("sort") in ("title", "code") else "title"
    reverse = params.get("order") == "desc"
    school_type = params.get("type") if params.get("type") in SCHOOL_TYPES else None
    text = (params.get("q") or "").strip()[:100]
    page = _int(params.get("page"), 1)
    objs, total = Query(get_site(request)).children(
        folder, sort=sort, reverse=reverse, school_type=school_type, text=text,
        offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    # NB: one resource_url for the folder, then plain string work: a page of
    # 25 rows would otherwise spend most of its time generating URLs.
    base = request.resource_url(folder)

    def url(**changes):
        query = {"sort": sort, "order": "desc" if reverse else "asc", "page": page}
        if school_type:
            query["type"] = school_type
        if text:
            query["q"] = text
        query.update(changes)
        return f"{base}?{urlencode(query)}"

    rows = [(f"{base}{quote(o.__name__)}/", o.title, getattr(o, "code", ""),
             *(extra_columns(o) if extra_columns else ()))
            for o in objs if o is not None]
    return SimpleNamespace(
        rows=rows, rows_html=rows_html(rows), total=total, page=page, pages=pages, sort=sort, q=text, type=school_type or "",
        base_url=base, extra_headers=extra_headers,
        types=sorted(SCHOOL_TYPES.items()) if isinstance(folder, (Municipality, Region)) else [],
        sort_url=lambda key: url(sort=key, order="desc" if key == sort and not reverse else "asc", page=1),
        prev_url=url(page=page - 1) if page > 1 else None,
        next_url=url(page=page + 1) if page < pages else None)

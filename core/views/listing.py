"""Paged, sorted, filterable listings of a folder's children (never all at once)."""
import re
from types import SimpleNamespace
from urllib.parse import quote, urlencode

from markupsafe import Markup

from core.catalog import Query, TextQueryRefused
from core.resources import SCHOOL_TYPES, Municipality, Region, School
from core.site import get_site
from core.views.layout import PAGE_SIZE, esc, needs_escape
from core.web.paging import requested_page

# Names that need no quoting in a URL path (the codes of the org tree): quote() is slow.
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_.\-]+\Z")


def _quote_name(name):
    return name if _PLAIN_NAME.match(name) else quote(name)


def rows_html(rows):
    """The table rows of a listing, escaped: a link to each child, then its cells.

    Built here rather than in the template: it is the hot path of every
    listing page, and a template spends most of its time looking up names.
    """
    if needs_escape("\x00".join(str(value) for row in rows for value in row)) is None:
        # NB: the usual page has nothing to escape: one check for all of it.
        return Markup("".join(
            (f'<tr><td><a href="{url}">{title}</a></td>' if url else f"<tr><td>{title}</td>")
            + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"
            for url, title, *cells in rows))
    return Markup("".join(
        (f'<tr><td><a href="{esc(url)}">{esc(title)}</a></td>' if url else f"<tr><td>{esc(title)}</td>")
        + "".join(f"<td>{esc(cell)}</td>" for cell in cells) + "</tr>"
        for url, title, *cells in rows))


def _type_options(selected):
    return "".join(f'<option value="{code}"{_SELECTED if code == selected else ""}>{esc(title)}</option>'
                   for code, title in sorted(SCHOOL_TYPES.items()))


_SELECTED = ' selected="selected"'


def listing_html(listing):
    """The whole listing block (filters, table, pager) as the ``listing`` macro shows it.

    Python rather than the template for the same reason as ``rows_html``:
    every page of the tree shows it, and its dozens of template expressions
    cost more than the rest of the page.
    """
    out = [f'<form class="filters" method="get" action="{esc(listing.base_url)}">'
           f'<label>Название <input type="search" name="q" value="{esc(listing.q)}"'
           ' placeholder="поиск по названию"></label>']
    if listing.types:
        out.append('<label>Тип <select name="type"><option value="">все</option>'
                   f'{_type_options(listing.type)}</select></label>')
    out.append(f'<input type="hidden" name="sort" value="{esc(listing.sort)}">'
               '<button type="submit" class="secondary">Показать</button></form>')
    if listing.error:
        out.append(f'<p class="msg error" id="listing-error">{esc(listing.error)}</p>')
    elif not listing.rows:
        out.append('<p class="muted">Ничего не найдено.</p>')
    else:
        out.append(f'<table class="listing"><tr><th><a href="{esc(listing.sort_url("title"))}">Название</a></th>')
        if getattr(listing, "show_code", True):
            out.append(f'<th><a href="{esc(listing.sort_url("code"))}">Код</a></th>')
        out.extend(f"<th>{esc(h)}</th>" for h in listing.extra_headers)
        out.append(f"</tr>{listing.rows_html}</table>")
    if listing.pages > 1:
        out.append(pager_html(listing.page, listing.pages, listing.total, listing.prev_url, listing.next_url))
    elif listing.rows:
        out.append(f'<p class="muted">Всего: {listing.total}</p>')
    return Markup("".join(out))


def pager_html(page, pages, total, prev_url, next_url):
    """The pager under a paged table: back, "page N of M", forward."""
    out = ['<div class="pager">']
    if prev_url:
        out.append(f'<a href="{esc(prev_url)}">← назад</a> ')
    out.append(f"<span>Страница {page} из {pages} (всего {total})</span>")
    if next_url:
        out.append(f' <a href="{esc(next_url)}">вперёд →</a>')
    out.append("</div>")
    return Markup("".join(out))


def paged(page, total, base, name="page"):
    """The pager of ``total`` rows at ``base?page=N`` (a ``Page``; ``base&page=N`` when ``base`` has a query);
    empty when one page holds them."""
    pages = page.count(total)
    if pages <= 1:
        return ""
    sep = "&" if "?" in base else "?"
    return pager_html(page.number, pages, total,
                      *page.neighbours(total, lambda number: f"{base}{sep}{name}={number}"))


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
    page = requested_page(request, PAGE_SIZE)
    error = None
    try:
        objs, total = Query(get_site(request)).children(
            folder, sort=sort, reverse=reverse, school_type=school_type, text=text,
            offset=page.offset, limit=PAGE_SIZE)
    except TextQueryRefused as exc:
        # NB: the page is shown with the filter as typed, to be corrected; a page made with
        # a Response of its own copies the status (``listing.error``).
        objs, total, error = [], 0, str(exc)
        request.response.status = 400
    # NB: one resource_url for the folder, then plain string work: a page of
    # 25 rows would otherwise spend most of its time generating URLs.
    base = request.resource_url(folder)

    # NB: the query string by hand: sort, order, page and type are known words and numbers.
    tail = (f"&type={school_type}" if school_type else "") + (f"&{urlencode({'q': text})}" if text else "")

    def url(sort=sort, order="desc" if reverse else "asc", page=page.number):
        return f"{base}?sort={sort}&order={order}&page={page}{tail}"

    # NB: a municipality's code is the slug of its address, no code a reader knows: a region lists none.
    show_code = not isinstance(folder, Region)
    # NB: a school's children are cases, each readable by its own people: a link only to what its reader may
    # open (the tree's organisations are readable by all who read their parent, and are not asked one by one).
    check = isinstance(folder, School)
    rows = [(f"{base}{_quote_name(o.__name__)}/" if not check or request.has_permission("view", o) else None,
             o.title, *((getattr(o, "code", ""),) if show_code else ()),
             *(extra_columns(o) if extra_columns else ()))
            for o in objs if o is not None]
    prev_url, next_url = page.neighbours(total, lambda number: url(page=number))
    listing = SimpleNamespace(
        rows=rows, rows_html=rows_html(rows), show_code=show_code, total=total, page=page.number, pages=page.count(total), sort=sort, q=text,
        type=school_type or "",
        error=error,
        base_url=base, extra_headers=extra_headers,
        types=sorted(SCHOOL_TYPES.items()) if isinstance(folder, (Municipality, Region)) else [],
        sort_url=lambda key: url(sort=key, order="desc" if key == sort and not reverse else "asc", page=1),
        prev_url=prev_url, next_url=next_url)
    listing.html = listing_html(listing)
    return listing

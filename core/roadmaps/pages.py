"""Roadmaps' pages: an authority's roadmaps, the upload with its preview and confirmation, a roadmap by section.

Thin views over ``core.roadmaps``. The upload is read and shown, never
stored: the preview page carries the file back (encoded in its confirmation
form), and only the confirmation writes, after reading the file again. A
refused file, or one with errors, is shown with every problem naming its
table and row (400), and the transaction is doomed.
"""
import base64
import binascii
from types import SimpleNamespace

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from core import roadmaps
from core.resources import Municipality, Region, Root, School
from core.roadmaps import columns as cols
from core.roadmaps import derived_pages
from core.roadmaps.access import IMPORT_ROADMAP
from core.roadmaps.cards import macros as _macros
from core.roadmaps.cards import measure_row
from core.security.permissions import VIEW
from core.views.layout import flash, person
from core.web.responses import file_response

AUTHORITIES = ((Root, "federal"), (Region, "region"), (Municipality, "municipality"), (School, "school"))
IMPORT_PAGE = "templates/roadmap_import.pt"


def for_authorities(**settings):
    """``view_config`` for the federation, a region, a municipality and a school alike."""
    def decorate(func):
        for cls, _ in reversed(AUTHORITIES):
            func = view_config(context=cls, **settings)(func)
        return func
    return decorate


def for_importers(**settings):
    """``view_config`` for each level of authority, guarded by the step of importing its roadmap there."""
    def decorate(func):
        for cls, level in reversed(AUTHORITIES):
            func = view_config(context=cls, permission=IMPORT_ROADMAP[level].permission, **settings)(func)
        return func
    return decorate


# -- an authority's roadmaps -------------------------------------------------------

@for_authorities(name="roadmaps", request_method="GET", renderer="templates/roadmaps.pt", permission=VIEW)
def roadmaps_page(context, request):
    """The authority's roadmaps; the upload for who may import here."""
    rows = [SimpleNamespace(url=request.resource_url(r), title=r.title, measures=len(r),
                            sections=len([s for s in r.sections if s.title]),
                            levels=", ".join(roadmaps.LEVELS[level] for level in r.levels()),
                            modified=r.modified.strftime("%d.%m.%Y"))
            for r in roadmaps.roadmaps_of(context) if request.has_permission(VIEW, r)]
    return {"rows": rows, "can_import": roadmaps.may_import(context, request.authenticated_userid),
            "import_url": request.resource_url(context, "@@import-roadmap"), "who": _who(context)}


def _who(authority):
    step = roadmaps.import_step(authority)
    return step.message if step is not None else ""


@view_config(context=roadmaps.RoadmapFolder, request_method="GET", permission=VIEW)
def folder_page(context, request):
    """The folder of roadmaps shows its authority's list."""
    return HTTPSeeOther(request.resource_url(context.authority, "@@roadmaps"))


# -- the upload: preview, then confirm ------------------------------------------------

def _targets(authority, chosen):
    found = [SimpleNamespace(name="", title="Новая (или та, куда уже загружен этот файл)",
                             selected=not chosen)]
    for roadmap in roadmaps.roadmaps_of(authority):
        found.append(SimpleNamespace(name=roadmap.__name__, title=f"Обновить: {roadmap.title}",
                                     selected=roadmap.__name__ == chosen))
    return found


def _page(context, request, **extra):
    page = {"reading": None, "error": None, "details": [], "title": "", "filename": "", "data": "", "size": 0,
            "into": request.params.get("into", ""), "measures_macro": _macros()["measures"]}
    page.update(extra)
    page["targets"] = _targets(context, page["into"])
    return page


@for_importers(name="import-roadmap", request_method="GET", renderer=IMPORT_PAGE)
def import_form(context, request):
    """The upload of a roadmap's document (Word or Excel)."""
    return _page(context, request)


def _preview(reading):
    """What the preview shows of a reading: columns as understood, sections with measures, problems, merges."""
    sections = []
    for index, section in enumerate(reading.sections):
        found = [measure_row(m) for m in reading.measures if m.section == index]
        if found:
            sections.append(SimpleNamespace(title=section.title or "Мероприятия", measures=found,
                                            years=_years(section)))
    levels = {}
    for m in reading.measures:
        levels[roadmaps.LEVELS.get(m.level, "—")] = levels.get(roadmaps.LEVELS.get(m.level, "—"), 0) + 1
    return SimpleNamespace(
        count=len(reading.measures), sections=sections, levels=sorted(levels.items()),
        layouts=[SimpleNamespace(table=layout.table, row=layout.row, yearly=layout.yearly,
                                 columns=[SimpleNamespace(header=c.header or "(пусто)", understood=c.understood,
                                                          used=c.field is not None) for c in layout.columns])
                 for layout in reading.layouts],
        errors=[p.line() for p in reading.errors], warnings=[p.line() for p in reading.warnings],
        unparsed=[SimpleNamespace(text=m.period.text, why=m.period.note, where=f"таблица {m.table}, строка {m.row}",
                                  measure=m.text) for m in reading.unparsed],
        continuations=[m.line() for m in reading.merges if m.kind == "continuation"],
        cells=[m.line() for m in reading.merges if m.kind == "cell"],
        years_carried=any(layout.position(cols.YEAR) is not None for layout in reading.layouts))


def _years(section):
    if section.first_year is None:
        return ""
    return str(section.first_year) if section.first_year == section.last_year else \
        f"{section.first_year}–{section.last_year}"


@for_importers(name="import-roadmap", request_method="POST", renderer=IMPORT_PAGE)
def import_post(context, request):
    """Read the uploaded document and show the preview; with ``confirm``, write it (a file with errors, never)."""
    roadmaps.require_import(context, request.authenticated_userid)
    host, post = request.registry.oko, request.POST
    confirm = "confirm" in post
    if confirm:
        try:
            data = base64.b64decode(post.get("data", ""), validate=True)
        except (binascii.Error, ValueError):
            data = b""
        filename = post.get("filename", "")
    else:
        upload = post.get("file")
        if not hasattr(upload, "file"):
            request.tm.doom()
            request.response.status = 400
            return _page(context, request, error="Выберите файл дорожной карты (документ Word или таблицу Excel).")
        data = host.upload_limits.read(upload.file)
        filename = upload.filename
    if not data:
        request.tm.doom()
        request.response.status = 400
        return _page(context, request, error="Форма устарела или файл пуст: загрузите файл снова.")
    reading = roadmaps.read_document(data, filename, roadmaps.level_of(context), host.upload_limits)
    title = (post.get("title") or "").strip() or roadmaps.default_title(reading, filename)
    into = post.get("into") or None
    if confirm and not reading.errors:
        try:
            report = roadmaps.apply(context, reading, request.authenticated_userid, data, filename, title, into,
                                    sections=roadmaps.declared_sections(host, context))
        except roadmaps.RoadmapRefused as exc:
            request.tm.doom()
            request.response.status = exc.status
            return _page(context, request, error=str(exc), details=exc.details)
        flash(request, report.summary(), "success")
        return HTTPSeeOther(request.resource_url(report.roadmap))
    # NB: a preview writes nothing, whatever was touched on the way.
    request.tm.doom()
    if reading.errors:
        request.response.status = 400
    return _page(context, request, reading=_preview(reading), title=title, filename=filename, size=len(data),
                 data=base64.b64encode(data).decode("ascii"), into=into or "",
                 error="Файл не может быть загружен: исправьте ошибки и загрузите его снова." if reading.errors
                 else None)


# -- one roadmap ---------------------------------------------------------------------

def _choice(request, name, allowed):
    value = request.GET.get(name) or None
    if value is not None and name == "year":
        value = int(value) if value.isdigit() else None
    return value if value in allowed else None


@view_config(context=roadmaps.Roadmap, request_method="GET", renderer="templates/roadmap.pt", permission=VIEW)
def roadmap_page(context, request):
    """A roadmap's measures by section, of one level and year when chosen (``?level=school&year=2020``)."""
    level = _choice(request, "level", context.levels())
    year = _choice(request, "year", context.years())
    base = request.resource_url(context)
    groups = [SimpleNamespace(code=section.code, title=section.title or "Мероприятия", years=_years(section),
                              measures=[measure_row(m, f"m{m.id}", f"{base}@@measure?id={m.id}") for m in found])
              for section, found in context.by_section(level, year)]
    authority = context.authority
    return {**derived_pages.panel(context, request),
            "groups": groups, "level": level, "year": year, "measures_macro": _macros()["measures"],
            "levels": [(code, roadmaps.LEVELS[code]) for code in context.levels()], "years": context.years(),
            "shown": sum(len(g.measures) for g in groups), "total": len(context), "authority": authority,
            "authority_url": request.resource_url(authority),
            "sources": [SimpleNamespace(filename=s.filename, size=s.size, when=s.imported.strftime("%d.%m.%Y %H:%M"),
                                        actor=person(request, s.actor), url=f"{base}@@source?sha256={s.sha256}")
                        for s in context.sources],
            "update_url": request.resource_url(authority, "@@import-roadmap", query={"into": context.__name__})
            if roadmaps.may_import(authority, request.authenticated_userid) else None}


@view_config(context=roadmaps.Roadmap, name="source", request_method="GET", permission=VIEW)
def source_file(context, request):
    """A file the roadmap was imported from (``?sha256=…``)."""
    source = context.source(request.GET.get("sha256", ""))
    if source is None or source.file is None:
        raise HTTPNotFound("Такого файла у дорожной карты нет.")
    return file_response(request, source.file)

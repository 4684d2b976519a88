"""The organisation pages of a region: its file loaded (checked, shown, then applied), its institutions, its closed
schools; a school's own page of its facts, closing and reopening; a municipality's bodies."""
import csv
import datetime
import io

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.renderers import render_to_response
from pyramid.view import view_config

from core import orgimport
from core.catalog import Query
from core.docinspect import InspectionRefused, inspect_upload
from core.orgs import access, model
from core.refused import Refused
from core.resources import SCHOOL_TYPES, Municipality, Region, School
from core.views.layout import flash
from core.views.steps import done, refused_to
from core.web.responses import attachment
from core.workbooks import workbook_bytes

TEMPLATES = "core:orgs/templates/"
ORGS_PAGE = TEMPLATES + "orgs.pt"
BODIES_PAGE = TEMPLATES + "bodies.pt"
PREVIEW_PAGE = TEMPLATES + "preview.pt"
SCHOOL_PAGE = TEMPLATES + "school.pt"
NOT_LOADED = "Файл не загружен, в базе ничего не изменилось."
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _answer(request, renderer, data, status=200):
    response = render_to_response(renderer, data, request=request)
    response.status = status
    return response


def orgs_page(region, request, error=None, details=()):
    """The data of a region's organisations page."""
    query = Query(region.__parent__)
    municipalities = [m for m in region.values() if isinstance(m, Municipality)]
    return {"node": region, "error": error, "details": list(details),
            "municipalities": len(municipalities),
            "schools": sum(query.count_children(m, School.type_name) for m in municipalities),
            "institutions": model.institutions(region), "kinds": model.institution_kinds(region),
            "closed": model.closed_schools(region), "columns": orgimport.COLUMNS,
            "russian_columns": [k for k in orgimport.RUSSIAN_COLUMNS if k not in ("регион", "код региона")]}


@view_config(context=Region, name="orgs", request_method="GET", permission=access.IMPORT.permission,
             renderer=ORGS_PAGE)
def orgs_view(context, request):
    """A region's organisations: load its file, its institutions, its closed schools."""
    return orgs_page(context, request)


def _refused_file(context, request, exc):
    request.tm.doom()
    details = list(getattr(exc, "errors", None) or getattr(exc, "details", None) or [str(exc)])
    return _answer(request, ORGS_PAGE, orgs_page(context, request, error=NOT_LOADED, details=details), 400)


def _rows_csv(rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(orgimport.COLUMNS)
    writer.writerows((r.region_code, r.region_name, r.municipality_code, r.municipality_name, r.school_code,
                      r.school_name, r.school_type) for r in rows)
    return out.getvalue()


@view_config(context=Region, name="orgs-check", request_method="POST", permission=access.IMPORT.permission)
def check_orgs(context, request):
    """Check an uploaded file whole: every problem by line and nothing written, or what it would change."""
    upload = request.POST.get("file")
    if not hasattr(upload, "file"):
        return _refused_file(context, request, Refused("Выберите файл (XLSX или CSV)."))
    limits = request.registry.oko.upload_limits
    data = limits.read(upload.file)
    try:
        inspect_upload(data, upload.filename, allowed=("xlsx", "csv"), limits=limits)
        rows = model.check_file(context, data, upload.filename)
        # NB: the preview is the import itself, in a transaction that is never committed.
        report = model.load(context, rows, request.authenticated_userid)
    except (orgimport.ImportFailed, InspectionRefused, Refused) as exc:
        return _refused_file(context, request, exc)
    request.tm.doom()
    return _answer(request, PREVIEW_PAGE, {"node": context, "report": report, "rows": _rows_csv(rows),
                                           "count": len(rows), "filename": upload.filename})


@view_config(context=Region, name="orgs-confirm", request_method="POST", permission=access.IMPORT.permission)
def load_orgs(context, request):
    """Apply the file seen in the preview: checked whole again, then written in one transaction."""
    data = request.POST.get("rows", "").encode("utf-8")
    try:
        rows = model.check_file(context, data, "orgs.csv")
        report = model.load(context, rows, request.authenticated_userid)
    except (orgimport.ImportFailed, Refused) as exc:
        return _refused_file(context, request, exc)
    message = "Организации загружены. " + report.summary() if report.changed else "Файл совпадает с тем, что уже " \
        "загружено: ничего не изменилось."
    return done(request, request.resource_url(context, "@@orgs"), message)


@view_config(context=Region, name="orgs-template.xlsx", request_method="GET", permission=access.IMPORT.permission)
def orgs_template(context, request):
    """A file to fill in: the headings and one example row."""
    return attachment(workbook_bytes(orgs_book()), "организации.xlsx", XLSX)


def orgs_book():
    """An XLSX workbook: the Russian headings of a region's file and one example row."""
    # NB: here, not at the top: openpyxl (and numpy, which it imports) would add a third of a second to every
    # worker's start for the few who ask for this book.
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Организации"
    sheet.append(["Код муниципалитета", "Муниципалитет", "Код ОО", "Название ОО", "Тип ОО"])
    sheet.append(["m01", "Первый муниципальный округ", "s0001", "МБОУ СОШ № 1", "городская"])
    for column, width in zip("ABCDE", (20, 36, 14, 40, 18)):
        sheet.column_dimensions[column].width = width
    return book


@view_config(context=Region, name="institution-add", request_method="POST",
             permission=access.ADD_INSTITUTION.permission)
@view_config(context=Municipality, name="institution-add", request_method="POST",
             permission=access.ADD_INSTITUTION.permission)
def add_institution(context, request):
    """Add a regional institution, or a municipality's body or institution."""
    back = request.resource_url(context, "@@orgs")
    try:
        institution = model.add_institution(context, request.authenticated_userid, request.POST.get("code"),
                                            request.POST.get("title"), request.POST.get("kind"))
    except Refused as exc:
        return refused_to(request, exc, back)
    return done(request, back, f"Добавлено: {institution.type_title.lower()} «{institution.title}».")


def school_page(school, request, error=None):
    """The data of a school's own page of facts."""
    return {"node": school, "types": SCHOOL_TYPES, "error": error, "today": datetime.date.today().isoformat()}


@view_config(context=School, name="edit", request_method="GET", permission=access.EDIT.permission,
             renderer=SCHOOL_PAGE)
def school_view(context, request):
    """A school's facts: its title and type; closing it, or opening it again."""
    return school_page(context, request)


@view_config(context=School, name="edit", request_method="POST", permission=access.EDIT.permission)
def edit_school(context, request):
    """Rename a school or change its type."""
    back = request.resource_url(context, "@@edit")
    try:
        changed = model.edit_school(context, request.authenticated_userid, request.POST.get("title"),
                                    request.POST.get("school_type"))
    except Refused as exc:
        return refused_to(request, exc, back)
    return done(request, back, "Сведения о школе сохранены." if changed else "Ничего не изменилось.")


def _date(text):
    try:
        return datetime.date.fromisoformat((text or "").strip())
    except ValueError:
        return None


@view_config(context=School, name="close", request_method="POST", permission=access.CLOSE.permission)
def close_school(context, request):
    """Close a school: it keeps what it holds and is offered nowhere again."""
    back = request.resource_url(context, "@@edit")
    try:
        model.close_school(context, request.authenticated_userid, request.POST.get("reason"),
                           _date(request.POST.get("on")))
    except Refused as exc:
        return refused_to(request, exc, back)
    return done(request, back, f"Школа «{context.title}» закрыта. Её документы и история сохранены.")


@view_config(context=School, name="reopen", request_method="POST", permission=access.REOPEN.permission)
def reopen_school(context, request):
    """Open a closed school again."""
    back = request.resource_url(context, "@@edit")
    try:
        model.reopen_school(context, request.authenticated_userid)
    except Refused as exc:
        return refused_to(request, exc, back)
    flash(request, f"Школа «{context.title}» снова открыта.", "success")
    return HTTPSeeOther(back)


@view_config(context=Municipality, name="orgs", request_method="GET", permission=access.ADD_INSTITUTION.permission,
             renderer=BODIES_PAGE)
def bodies_view(context, request):
    """A municipality's bodies and institutions (the authority of education, a methodological centre)."""
    return {"node": context, "institutions": model.institutions(context), "kinds": model.institution_kinds(context)}

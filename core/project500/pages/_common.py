"""What the 500+ pages share: the year of a page, step titles, the project's lists."""
from types import SimpleNamespace

from pyramid.renderers import get_renderer

from core.project500 import report
from core.project500.model import Participation
from core.project500.steps import NEXT_STEPS
from core.resources import path_of, traverse_path
from core.views.steps import done, form_invalid, refused  # noqa: F401  (the pages import them from here)

TEMPLATES = "core:project500/templates/"

# The journal's steps as a person reads them.
JOURNAL_TITLES = {
    "enrolled": "Школа включена в проект",
    "risk_profile_imported": "Загружен рисковый профиль (результаты анкетирования)",
    "seminar": "Установочный семинар",
    "webinar": "Вебинар по обмену опытом",
    "curator_assigned": "Назначен куратор",
    "curator_reassigned": "Куратор заменён",
    "contract": "Договор с куратором",
    "profile_verified": "Уровень риска изменён при верификации",
    "first_visit": "Первое посещение куратора",
    "reviewer_assigned": "Назначен эксперт",
    "reviewed": "Содержательная экспертиза документа",
    "professional_development": "Повышение квалификации",
    "measures_activated": "Активированы основные направления и меры",
    "positive_changes_confirmed": "Подтверждено наступление позитивных изменений",
}


def template(name):
    """The asset spec of the 500+ template ``name``."""
    return f"{TEMPLATES}{name}.pt"


def macros():
    """The forms of a coordinator's steps, shared by the school's page and the municipality's."""
    return get_renderer(template("macros")).implementation().macros


def year_of(request, node):
    """The project year a page is about: ``?year=``, else the node's current one."""
    try:
        year = int(request.params.get("year", ""))
    except ValueError:
        return report.default_year(node)
    return year if 2000 <= year <= 2100 else report.default_year(node)


def back_url(request, p):
    """Where a coordinator's form on a participation returns: the municipality's page or the school's."""
    if request.POST.get("back") == "municipality":
        muni = p.__parent__.__parent__
        return request.resource_url(muni, "@@project500", query={"year": p.project_year})
    return request.resource_url(p)


def step_title(step):
    """The Russian name of a participation's next step."""
    return NEXT_STEPS.get(step, step)


def project_page(site, node, year, page):
    """The participations under ``node`` in ``year`` on ``page`` (the last one when it is beyond), in path order,
    and their number.

    From the catalog (type, year, subtree), never by walking the schools.
    """
    catalog, docmap = site.services["catalog"], site.services["docmap"]
    query = (catalog["type_name"].eq(Participation.type_name) & catalog["year"].eq(year)
             & catalog["ancestors"].any([path_of(node)]))
    paths = sorted(docmap.path_for(docid) for docid in query.execute().all(resolve=False))
    page = page.within(len(paths))
    found = [traverse_path(site, path) for path in page.rows(paths)]
    return SimpleNamespace(items=[p for p in found if p is not None], total=len(paths), page=page.number,
                           pages=page.count(len(paths)))

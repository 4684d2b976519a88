"""The regional operator's start page: what is set up in its region and what is still missing to go live.

For a region that has just installed its plugin, each item says what there
is (organisations, a coordinator in every municipality, heads of schools,
curators, experts, a commission, templates, this year's deadlines) and links
to the page that does what is missing. The regional operator finds it
first on its home page (a block of ``core.views.home``); anyone who keeps the region
opens it from the region's page (``@@start``).
"""
import datetime
from html import escape
from types import SimpleNamespace

from markupsafe import Markup
from pyramid.renderers import get_renderer
from pyramid.view import view_config

from core.orgs import access
from core.plugins import BUILT_IN, FEDERAL, OVERRIDES
from core.resources import Municipality, Region, School, region_code_of, traverse_path
from core.security.roles import local_roles
from core.site import get_site
from core.teachers.experts import pool

START_PAGE = "core:orgs/templates/start.pt"
BLOCK = "core:orgs/templates/start_block.pt"
COMMISSION = {"commission_chair", "commission_secretary", "commission_member"}
# Municipalities named when some miss a coordinator, at most.
NAMED = 5
_NOT_REGIONAL = {FEDERAL, OVERRIDES, *(name for name, _ in BUILT_IN)}


def operated_regions(request):
    """The regions where the user is the regional operator."""
    user = request.identity
    if user is None:
        return []
    site = get_site(request)
    found = []
    for path, roles in user.grants.items():
        if "regional_operator" in roles and path.count("/") == 1:
            node = traverse_path(site, path)
            if isinstance(node, Region):
                found.append(node)
    return sorted(found, key=lambda r: r.code)


def _census(region):
    """``{role: count}`` of the grants on the region, its direct children and theirs (schools, campaigns),
    and the lists the items read: municipalities without a coordinator, open schools without a head."""
    counts, bare_municipalities, headless, schools = {}, [], 0, 0

    def count(node):
        held = set()
        for roles in local_roles(node).values():
            held |= roles
            for role in roles:
                counts[role] = counts.get(role, 0) + 1
        return held

    count(region)
    municipalities = []
    for child in region.values():
        held = count(child)
        if not isinstance(child, Municipality):
            for grandchild in getattr(child, "values", lambda: ())():
                count(grandchild)
            continue
        municipalities.append(child)
        if "municipal_coordinator" not in held:
            bare_municipalities.append(child)
        for school in child.values():
            if isinstance(school, School) and school.is_open:
                schools += 1
                if "school_head" not in count(school):
                    headless += 1
            elif not isinstance(school, School):
                count(school)
    return counts, municipalities, bare_municipalities, schools, headless


def _item(code, title, ok, detail, url, action):
    return SimpleNamespace(code=code, title=title, ok=ok, detail=detail, url=url, action=action)


def _regional(host, hook, region, **kwargs):
    """The answers to ``hook`` of the region's own plugins (not the federal ones, not the built-in)."""
    return [answer for plugin, answer in host.named_results(hook, region, **kwargs)
            if plugin not in _NOT_REGIONAL and answer]


def checklist(request, region, today=None):
    """The items of the region's start page, each ``(code, title, ok, detail, url, action)``, in the order a region
    goes live."""
    host, code = request.registry.oko, region_code_of(region)
    year = (today or datetime.date.today()).year
    counts, municipalities, bare, schools, headless = _census(region)
    url = request.resource_url
    items = [_item("orgs", "Муниципалитеты и школы", bool(municipalities and schools),
                   f"муниципалитетов: {len(municipalities)}, действующих школ: {schools}" if municipalities
                   else "организации ещё не загружены", url(region, "@@orgs"), "Загрузить из файла")]
    if not municipalities:
        coordinators = "сначала загрузите муниципалитеты"
    elif bare:
        names = ", ".join(m.title for m in bare[:NAMED]) + (" и другие" if len(bare) > NAMED else "")
        coordinators = f"нет координатора в {len(bare)} из {len(municipalities)} муниципалитетов: {names}"
    else:
        coordinators = f"назначены во всех {len(municipalities)} муниципалитетах"
    items.append(_item("coordinators", "Муниципальные координаторы", bool(municipalities) and not bare,
                       coordinators, url(region, "@@people") + "#list", "Пригласить списком"))
    items.append(_item("heads", "Руководители школ", bool(schools) and not headless,
                       f"без руководителя: {headless} из {schools} школ (их приглашают муниципальные координаторы)"
                       if schools else "школ пока нет", url(region, "@@people"), "Пользователи"))
    curators = counts.get("curator", 0)
    items.append(_item("curators", "Кураторы школ проекта «500+»", bool(curators),
                       f"назначений кураторов: {curators}" if curators else "ни одного куратора",
                       url(region, "@@project500"), "Проект «500+»"))
    experts = len(pool(region) or ()) + sum(len(getattr(c, "experts", None) or ()) for c in region.values())
    items.append(_item("experts", "Эксперты", bool(experts),
                       f"в пулах экспертов: {experts}" if experts else "пулы экспертов пусты",
                       url(region, "@@teachers"), "Аттестация педагогов"))
    commission = sum(counts.get(role, 0) for role in COMMISSION)
    items.append(_item("commissions", "Аттестационные комиссии", bool(commission),
                       f"членов комиссий: {commission}" if commission else "комиссия не составлена",
                       url(region, "@@leader-attestation"), "Аттестация руководителей"))
    templates = host.document_templates(code)
    own = {name for answer in _regional(host, "oko_document_templates", code) for name in answer}
    items.append(_item("templates", "Шаблоны документов", bool(own),
                       f"шаблонов: {len(templates)}, из них региональных: {len(own)}" if own
                       else f"только федеральные шаблоны ({len(templates)}): региональные добавляет плагин региона",
                       url(region, "@@acts"), "Акты"))
    deadlines = _regional(host, "oko_deadlines", code, year=year)
    items.append(_item("deadlines", f"Сроки {year} года", bool(deadlines),
                       "заданы плагином региона" if deadlines else
                       "действуют федеральные сроки: региональные задаёт плагин региона",
                       url(region, "@@project500"), "Проект «500+»"))
    return items


def region_start(request, region):
    """The start of one region: its items and how many are done."""
    items = checklist(request, region)
    return SimpleNamespace(region=region, items=items, done=sum(1 for i in items if i.ok), total=len(items),
                           url=request.resource_url(region, "@@start"))


@view_config(context=Region, name="start", request_method="GET", permission=access.IMPORT.permission,
             renderer=START_PAGE)
def start_view(context, request):
    """What is set up in the region and what is missing to go live."""
    return {"start": region_start(request, context)}


def start_block(request):
    """The home page's block of a regional operator: each of its regions' start (None for anyone else)."""
    starts = [region_start(request, region) for region in operated_regions(request)]
    if not starts:
        return None
    macro = get_renderer(START_PAGE).implementation().macros["start"]
    html = []
    for start in starts:
        title = escape(start.region.title)
        html.append(f'<h2>Запуск региона: <a href="{escape(request.resource_url(start.region))}">{title}</a></h2>')
        # NB: the template itself, not pyramid's render(): that would run the page's globals, taking its flash.
        html.append(get_renderer(BLOCK).implementation()(start=start, start_macro=macro, request=request))
    return Markup("".join(html))

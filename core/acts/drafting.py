"""Drafting acts: choosing a template, previewing, saving a draft, editing it into new versions.

Domain code: it takes the plugin host and plain values, never a request.
"""
import datetime
import io
import secrets

from core import docgen
from core.acts.model import REGISTER_NAME, Act, ActRegister, ActVersion
from core.catalog import reindex
from core.refused import Refused
from core.resources import File, Municipality, Region, School, find_root, path_of, region_code_of, traverse_path
from core.workflow import EDITABLE, means

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LEVEL_OF = ((Region, "region"), (Municipality, "municipality"), (School, "school"))


class ActRefused(Refused):
    """An act operation was refused; the message is Russian and nothing was changed.

    ``code`` says why: "template" (404), "values", "state" (409), "link", "forbidden" (403).
    """

    STATUSES = {"forbidden": 403, "template": 404, "state": 409}
    ERROR = "act_{code}"

    def __init__(self, message, code="refused"):
        super().__init__(message, code)


def level_of(authority):
    """"region", "municipality" or "school" for an authority, else None."""
    return next((level for cls, level in LEVEL_OF if isinstance(authority, cls)), None)


def register_of(authority, create=False):
    """The authority's act register, made on first use when ``create`` is true (else None)."""
    register = authority.get(REGISTER_NAME)
    if register is None and create:
        register = authority.add(REGISTER_NAME, ActRegister())
    return register


def templates_for(host, authority):
    """The templates this authority may draft from, by title."""
    level = level_of(authority)
    if level is None:
        return []
    found = docgen.templates_for(host, region_code_of(authority)).values()
    return sorted((t for t in found if level in t.schema.levels), key=lambda t: t.title)


def template_for(host, authority, name):
    """The template ``name`` for this authority; ActRefused when it is not offered here."""
    for template in templates_for(host, authority):
        if template.name == name:
            return template
    raise ActRefused(f"Шаблон «{name}» здесь недоступен.", "template")


def _region_of(node):
    while node is not None and not isinstance(node, Region):
        node = node.__parent__
    return node


def place_of(host, authority):
    """Where ``authority``'s documents are issued: its region's city (``oko_region_details``), a municipality's town.

    A municipality named as a town («Нижний Тагил») issues them in «г. Нижний Тагил»; one named as a
    district or a county («Ачинский район») under its own name; a school in its municipality's town.
    """
    node = authority
    while node is not None and not isinstance(node, (Municipality, Region)):
        node = node.__parent__
    if isinstance(node, Municipality):
        title = node.title
        lowered = title.lower()
        if any(word in lowered for word in ("район", "округ", "посёлок", "поселок", "село", "г. ", "город")):
            return title
        return f"г. {title}"
    if isinstance(node, Region) and host is not None:
        return host.region_details(node.__name__).get("city", "")
    return ""


def document_defaults(host, authority):
    """What a new document of ``authority`` starts from: ``{"authority", "city", "head_post"}``.

    A region's answer comes from its plugin (``oko_region_details``): the Krasnoyarsk protocol is issued
    in «г. Красноярск» and signed by its Minister; without an answer, the region's title, no town and
    «Руководитель». A municipality's and a school's documents name themselves and their town.
    """
    region = _region_of(authority)
    details = host.region_details(region.__name__) if host is not None and region is not None else {}
    if authority is region:
        name = details.get("authority") or authority.title
        post = details.get("head_post") or "Руководитель"
    else:
        name, post = authority.title, "Директор" if isinstance(authority, School) else "Руководитель"
    return {"authority": name, "city": place_of(host, authority), "head_post": post}


def initial_values(template, authority, today=None, host=None):
    """Values a new draft's form starts with: each variable's prefill or default.

    ``host`` answers the region's details (``document_defaults``); without it a town and a post start empty.
    """
    today = today or datetime.date.today()
    region = _region_of(authority)
    defaults = document_defaults(host, authority) if host is not None else {}
    fills = {"authority": defaults.get("authority") or authority.title, "region": region.title if region is not None else "",
             "today": today, "city": defaults.get("city", ""), "head_post": defaults.get("head_post", "")}
    values = {}
    for var in template.schema.variables:
        if var.prefill:
            values[var.name] = fills[var.prefill]
        elif var.default is not None:
            values[var.name] = var.default
    return values


def preview(template, values, number=None, date=None):
    """The document these values would make (nothing is stored); raises ActRefused."""
    try:
        return template.render(values, number, date)
    except docgen.GenerationRefused as exc:
        raise ActRefused(str(exc), "values") from None


def _signatory(schema, values):
    return " ".join(str(values.get(name) or "").strip() for name in schema.signatory).strip()


def _filename(act, version_number):
    base = act.act_type_title
    if act.number:
        return f"{base} № {act.number} от {act.date.strftime('%d.%m.%Y')}.docx"
    return f"{base} (проект, редакция {version_number}).docx"


def add_version(act, template, values, actor, note="", now=None, register=None, generated=None):
    """Generate the act's next version from ``template`` and ``values``; return it.

    ``register`` is the act's register when the act is not in it yet;
    ``generated`` a document already made from these values (not made twice).
    Raises ActRefused (Russian) when a value is bad; nothing is added then.
    """
    if generated is None:
        generated = preview(template, values, act.number, act.date)
    register = register if register is not None else act.register
    number = len(act.versions) + 1
    file = File(io.BytesIO(generated.data), _filename(act, number), DOCX_MIME)
    # NB: kept on the File (its own record), so a listing of acts never loads it.
    file.text = generated.text
    file.kind = "docx"
    version = ActVersion(act, number, dict(values), file, template, register.snapshot(template),
                         actor, note, now)
    act.versions = act.versions + (version,)
    act.signatory = _signatory(template.schema, values)
    return version


def _case_paths(authority, cases):
    root = find_root(authority)
    paths = []
    for case in cases or ():
        path = case if isinstance(case, str) else path_of(case)
        if traverse_path(root, path) is None:
            raise ActRefused(f"Связанный объект «{path}» не найден.", "link")
        paths.append(path)
    return tuple(paths)


def draft_act(host, authority, template_name, values, actor, cases=(), title=None, now=None):
    """Create a draft act of ``authority`` from a template, with its first version.

    ``values`` are Python values of the template's variables; ``cases`` are
    case objects (or their paths) the act is built from, e.g. the attested
    leaders of an annex, kept as paths. Raises ActRefused with a Russian
    message when the template is not offered here, a value is bad or a case
    does not exist; nothing is stored then.
    """
    template = template_for(host, authority, template_name)
    level = level_of(authority)
    case_paths = _case_paths(authority, cases)
    # NB: generated before anything is stored, so bad values leave no empty register.
    generated = preview(template, values)
    act = Act((title or "").strip() or template.title, template.schema.act_type, template.name,
              f"act_{level}", actor, now)
    act.cases = case_paths
    register = register_of(authority, create=True)
    host.workflow(region_code_of(authority), act.workflow_name).initialize(act, actor, now)
    add_version(act, template, values, actor, "Первая редакция", now, register, generated)
    # NB: added last, so it is indexed once, complete; names sort by creation,
    # so the register lists newest first without an index.
    register.add(f"act-{act.created:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}", act)
    return act


def current_template(act):
    """The template the act's current version was generated from (its stored snapshot)."""
    version = act.current
    with version.template_file.open() as f:
        data = f.read()
    return docgen.template_from_snapshot(version.template_name, data, version.template_schema)


def edit_act(host, act, values, actor, note="", now=None):
    """A new version of a draft act from edited ``values``; returns the version.

    The region's template as it is now is used, so a corrected template
    reaches drafts on their next edit. Raises ActRefused unless the act is a
    draft or when a value is bad.
    """
    if not means(act, EDITABLE):
        raise ActRefused("Изменять можно только черновик акта.", "state")
    try:
        template = template_for(host, act.authority, act.template_name)
    except ActRefused:
        template = current_template(act)
    version = add_version(act, template, values, actor, note or "Изменены значения", now)
    reindex(act)
    return version

"""Working with the bank: creating and editing items, their life, and the items a test may use.

Domain code: it takes the plugin host, tree nodes and plain values, never a
request. Every refusal is an ``ItemRefused`` with a Russian message and a
``code`` (``invalid`` 400, ``forbidden`` 403, ``state``/``exists`` 409), and
leaves nothing changed: everything is checked before anything is written.
"""
from pyramid.traversal import find_interface

from core.cases import fire
from core.cmm.model import BANK_NAME, Item, ItemVersion, bank_of
from core.cmm.validation import ItemInvalid, clean_item
from core.refused import Refused
from core.resources import Region, Root, find_root
from core.security.permissions import permits
from core.security.roles import effective_roles
from core.security.steps import Step
from core.workflow import ACCEPTED, EDITABLE, SUBMITTED, WITHDRAWN, WorkflowError, means


class ItemRefused(Refused):
    """A change to the bank was refused; ``str(exc)`` is the Russian reason, ``problems`` the details."""

    STATUSES = {"forbidden": 403, "state": 409, "exists": 409}
    ERROR = "cmm_{code}"

    def __init__(self, message, code="invalid", problems=()):
        super().__init__(message, code, problems)

    @property
    def problems(self):
        """Every reason the item was not accepted, one Russian line each."""
        return self.details


# Who opens a region's bank on first use (``core.security.steps``): its page and ``open_bank`` read it.
# The bank's items are governed by its workflow (``cmm_add``, ``edit``, the transitions' roles).
OPEN_BANK = Step("cmm.open_bank", ("cmm_author", "regional_operator"), ItemRefused,
                 "Банк КИМ региона создаёт эксперт-разработчик КИМ или региональный оператор.")


def open_bank(region, actor):
    """The region's bank, made on first use by a CMM author or the regional operator."""
    OPEN_BANK.require(region, actor)
    return bank_of(region, create=True)


def _invalid(exc):
    return ItemRefused(f"Задание не принято: {exc}", "invalid", exc.problems)


def _check_level(bank, values, where=""):
    where = f"{where}: " if where else ""
    if bank.federal and values["level"] != "federal":
        raise ItemRefused(f"{where}в федеральный банк принимаются только задания федерального уровня (инвариант).")
    if not bank.federal and values["level"] == "federal":
        raise ItemRefused(f"{where}в банк региона принимаются только задания регионального и муниципального "
                          f"уровней (вариатив).")


def _may(host, obj, actor, permission):
    return actor is None or permits(obj, effective_roles(obj, actor), permission, host)


def _version(values, number, actor, now, note=""):
    content = {k: v for k, v in values.items() if k != "version"}
    return ItemVersion(version=number, author=actor or "", created=now, note=note, **content)


def create_item(host, bank, data, actor, now=None):
    """Add a new item (version 1, in draft) to ``bank`` as ``actor``, a CMM author there.

    ``actor=None`` is the system (CLI, demo, import from the federal file).
    """
    if not _may(host, bank, actor, "cmm_add"):
        raise ItemRefused("Добавлять задания в банк может только эксперт-разработчик КИМ.", "forbidden")
    try:
        values = clean_item(data)
    except ItemInvalid as exc:
        raise _invalid(exc) from None
    _check_level(bank, values)
    if values["code"] in bank:
        raise ItemRefused(f"Задание с кодом «{values['code']}» уже есть в банке.", "exists")
    item = Item(values["code"], bank.item_workflow)
    item.versions = (_version(values, 1, actor, now),)
    host.workflow(bank_region(bank), bank.item_workflow).initialize(item, actor or "system", now)
    bank.add(item.code, item)
    bank.note(item)
    return item


def bank_region(bank):
    """The region code of a bank (None for the federal one)."""
    parent = bank.__parent__
    return parent.code if isinstance(parent, Region) else None


def edit_item(host, item, data, actor, now=None, note=""):
    """Change an item's content as ``actor``; returns the version that holds the change.

    A draft is changed in place of its newest version (no test has it); a
    published item gets a new version in draft while the published one keeps
    serving, untouched, in the tests that have it. An item in review or
    retired cannot be changed.
    """
    if not _may(host, item, actor, "edit"):
        raise ItemRefused("Изменять задание может только эксперт-разработчик КИМ.", "forbidden")
    try:
        values = clean_item({**data, "code": item.code})
    except ItemInvalid as exc:
        raise _invalid(exc) from None
    _check_level(item.bank, values)
    if means(item, EDITABLE):
        number = item.latest.version
        versions = item.versions[:-1]
    elif means(item, ACCEPTED):
        number = item.latest.version + 1
        versions = item.versions
        _fire(host, item, "revise", actor, "Новая версия задания")
    else:
        raise ItemRefused("Задание на рассмотрении или выведено из обращения: изменять его нельзя.", "state")
    version = _version(values, number, actor, now, note)
    item.versions = versions + (version,)
    item.bank.note(item)
    return version


def _fire(host, item, transition, actor, comment="", then=None):
    # NB: ``actor`` None is the system (CLI, demo, a bank loaded from a file): the process takes the step.
    return fire(host, item, transition, actor or "system", comment, system=actor is None, then=then)


def _statuses(item, entry):
    """The versions' statuses follow the item's move: publishing retires the version published before."""
    latest = item.latest
    if means(item, ACCEPTED):
        for version in item.versions[:-1]:
            if version.status == "published":
                version._move_to("retired")
        latest._move_to("published")
    elif means(item, WITHDRAWN):
        for version in item.versions:
            if version.status == "published":
                version._move_to("retired")
    else:
        latest._move_to(entry.to_state)
    item.bank.note(item)


def move(host, item, transition, actor, comment=""):
    """Fire ``transition`` on ``item`` (submit, publish, return, retire) and move its versions' status.

    Publishing retires the previously published version (tests keep it).
    Raises ItemRefused (the workflow's Russian reason) when refused.
    """
    if transition == "revise":
        raise ItemRefused("Новая версия создаётся изменением задания.", "state")
    try:
        return _fire(host, item, transition, actor, comment, then=lambda entry: _statuses(item, entry))
    except WorkflowError as exc:
        code = "forbidden" if exc.code == "forbidden" else "state" if exc.code in ("state", "unknown") else "invalid"
        raise ItemRefused(str(exc), code) from None


def submit(host, item, actor):
    """Send a draft for review (a CMM author)."""
    return move(host, item, "submit", actor)


def publish(host, item, actor):
    """Publish an item in review (the operator of the bank's level)."""
    return move(host, item, "publish", actor)


def retire(host, item, actor, comment):
    """Take a published item out of use (the operator of the bank's level); tests that have it keep it."""
    return move(host, item, "retire", actor, comment)


def import_items(host, bank, items, actor, publish_them=False, now=None):
    """Load item dicts (from QTI, a file) into ``bank``: new codes are created, known ones get a new version.

    Every item is checked first; one bad item refuses the whole file
    (ItemRefused naming it) and nothing is imported. ``publish_them`` takes
    the new versions through review to published (the system only: CLI, demo).
    Returns ``(created, updated)`` lists of items.
    """
    problems, seen = [], set()
    for n, data in enumerate(items, start=1):
        where = data.get("_where") or f"задание № {n} («{data.get('code', '')}»)"
        try:
            values = clean_item({k: v for k, v in data.items() if k != "_where"}, where)
            _check_level(bank, values, where)
        except ItemInvalid as exc:
            problems.append(str(exc))
            continue
        except ItemRefused as exc:
            problems.append(str(exc))
            continue
        if values["code"] in seen:
            problems.append(f"{where}: код повторяется в файле")
        seen.add(values["code"])
    if problems:
        raise ItemRefused("Файл не загружен, в банке ничего не изменилось. " + " ".join(problems[:20]),
                          "invalid", problems)
    created, updated = [], []
    for data in items:
        data = {k: v for k, v in data.items() if k != "_where"}
        item = bank.get(data["code"])
        if item is None:
            item = create_item(host, bank, data, actor, now)
            created.append(item)
        elif item.latest.content() == _content_of(clean_item({**data, "code": item.code})):
            continue
        else:
            edit_item(host, item, data, actor, now, note="Импорт")
            updated.append(item)
        if publish_them and actor is None:
            if means(item, EDITABLE):
                move(host, item, "submit", None)
            if means(item, SUBMITTED):
                move(host, item, "publish", None)
    return created, updated


def _content_of(values):
    version = ItemVersion(version=1, **{k: v for k, v in values.items() if k != "version"})
    return version.content()


# -- what a test is drawn from --------------------------------------------------------------

def _hook_versions(host, region_code):
    """The region's items from plugins and overrides, as published versions (made fresh each call).

    NB: fresh objects, not cached ones: a test stored in one database
    connection must not reference an object another connection stores.
    """
    found = []
    if region_code is None:
        return found
    for level in ("federal", "regional", "municipal"):
        for data in host.cmm_items(region_code, level):
            source = data.get("source", "plugin")
            try:
                values = clean_item({k: v for k, v in data.items() if k != "source"},
                                    f"задание «{data.get('code')}» плагина региона {region_code}")
            except ItemInvalid as exc:
                raise ItemRefused(str(exc), "invalid", exc.problems) from None
            found.append(ItemVersion(status="published", source=source, **values))
    return found


def hook_items(host, region_code):
    """The region's items supplied by plugins and ``regional_overrides/`` (all published)."""
    return _hook_versions(host, region_code)


def region_node(node):
    """The Region ``node`` is in (the Root above the regions); TypeError for a code instead of a node.

    NB: the banks live in the database, so the region is asked for as a node
    of the tree (the Region itself, or any object in it: a school, a dossier).
    """
    if isinstance(node, str) or node is None:
        raise TypeError("core.cmm: передайте узел дерева (регион, школу, досье), а не код региона: "
                        "банки КИМ хранятся в базе, к ним ведёт узел.")
    if isinstance(node, (Region, Root)):
        return node
    found = find_interface(node, Region)
    return found if found is not None else find_root(node)


def published_items(host, region, category=None, school_type=None, municipality=None):
    """The published versions a test of ``region`` may use: federal + the region's, as ItemVersions.

    ``region`` is a Region or any node inside one (the Root: the federal bank alone). From the
    federal bank (``root["cmm"]``), the region's bank (``region["cmm"]``), the
    plugins' ``oko_cmm_items`` and ``regional_overrides/``; an item of the
    database wins over a plugin's of the same code. ``category``,
    ``school_type`` and ``municipality`` filter when given. Sorted by code.
    """
    region = region_node(region)
    root = region if isinstance(region, Root) else find_root(region)
    merged = {}
    for version in _hook_versions(host, region.code if isinstance(region, Region) else None):
        merged[version.code] = version
    banks = [root.get(BANK_NAME)] + ([region.get(BANK_NAME)] if isinstance(region, Region) else [])
    for bank in banks:
        if bank is None:
            continue
        for item in bank.values():
            current = item.current
            if current is not None:
                merged[current.code] = current
    return [v for _, v in sorted(merged.items())
            if (category is None or category in v.categories)
            and (school_type is None or school_type in v.school_types)
            and (municipality is None or v.municipality is None or v.municipality == municipality)]


__all__ = ["ItemRefused", "bank_of", "create_item", "edit_item", "hook_items", "import_items", "move",
           "publish", "published_items", "retire", "submit"]

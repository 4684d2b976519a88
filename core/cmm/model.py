"""What the CMM bank keeps: items, their immutable versions, and the banks that hold them.

An ``Item`` is one task of the bank under a stable ``code``; every change of
its content is an ``ItemVersion`` (1, 2, ...). A version is a value: once
made its content never changes (setting an attribute raises
``ItemFrozen``), so an assembled test may hold it and stay what it was when
the item is edited later. Only its ``status`` moves on, through the bank
(``core.cmm.bank``), as the item's workflow moves.

The federal (invariant) bank is ``root["cmm"]``, a region's (variant,
regional and municipal items) ``region["cmm"]``; both are made on first use.
"""
import datetime

from BTrees.OOBTree import OOBTree, OOTreeSet
from persistent import Persistent

from core.resources import SCHOOL_TYPES as TITLES
from core.resources import Folder, Root

BANK_NAME = "cmm"

# The competences of a school leader the Target Model assesses (seed 000: the
# invariant part covers the leader's management competences; the list is the
# federal operator's, codes are stable).
COMPETENCES = {
    "strategy": "Стратегическое управление развитием образовательной организации",
    "quality": "Управление качеством образования и образовательными результатами",
    "staff": "Управление кадровым потенциалом и профессиональным развитием педагогов",
    "finance": "Финансово-экономическое управление и управление ресурсами",
    "law": "Нормативно-правовое обеспечение деятельности образовательной организации",
    "safety": "Безопасность и здоровьесбережение образовательной среды",
    "partnership": "Взаимодействие с участниками образовательных отношений и социальными партнёрами",
    "digital": "Цифровая трансформация и управление информационной средой",
}
CATEGORIES = {"head": "Руководитель ОО", "candidate": "Кандидат на должность руководителя"}
KINDS = {"single": "Выбор одного ответа", "multiple": "Выбор нескольких ответов",
         "short": "Краткий ответ", "case": "Управленческий кейс"}
CLOSED_KINDS = frozenset({"single", "multiple", "short"})
LEVELS = {"federal": "Федеральный (инвариант)", "regional": "Региональный (вариатив)",
          "municipal": "Муниципальный (вариатив)"}
STATUSES = {"draft": "Черновик", "in_review": "На рассмотрении", "published": "Опубликовано",
            "retired": "Выведено из обращения"}
SCHOOL_TYPES = ("urban", "rural", "small")
ALL_SCHOOL_TYPES = frozenset(SCHOOL_TYPES)


class ItemFrozen(AttributeError):
    """Someone tried to change a version of an item: make a new version instead."""


# The content of a version, in the order forms, exports and comparisons use.
CONTENT = ("code", "kind", "competence", "level", "school_types", "categories", "stem", "options",
           "answer", "rubric", "max_score", "municipality")


class ItemVersion(Persistent):
    """One version of an item: its content, never changed after it is made.

    ``options`` is a tuple of ``(key, text)``; ``answer`` the correct keys
    (single, multiple) or the accepted answers (short); ``rubric`` a tuple of
    ``{"code", "title", "max"}`` dicts (cases); ``school_types`` and
    ``categories`` frozensets. ``status`` follows the item's workflow.
    ``source`` says where it came from: ``bank`` (the database), ``plugin``
    or ``overrides``.
    """

    def __init__(self, *, code, version, kind, competence, level, school_types, categories, stem,
                 options=(), answer=(), rubric=(), max_score=1.0, municipality=None, status="draft",
                 author="", created=None, source="bank", note=""):
        set_ = super().__setattr__
        set_("code", code)
        set_("version", int(version))
        set_("kind", kind)
        set_("competence", competence)
        set_("level", level)
        set_("school_types", frozenset(school_types))
        set_("categories", frozenset(categories))
        set_("stem", stem)
        set_("options", tuple((str(k), str(t)) for k, t in options))
        set_("answer", tuple(answer))
        set_("rubric", tuple(dict(r) for r in rubric))
        set_("max_score", float(max_score))
        set_("municipality", municipality)
        set_("status", status)
        set_("author", author)
        set_("created", created or datetime.datetime.now(datetime.timezone.utc))
        set_("source", source)
        set_("note", note)

    def __setattr__(self, name, value):
        if name.startswith(("_p_", "_v_")):
            return super().__setattr__(name, value)
        raise ItemFrozen(f"Версия {getattr(self, 'version', '?')} задания «{getattr(self, 'code', '?')}» "
                         f"не изменяется: правка создаёт новую версию.")

    def __delattr__(self, name):
        raise ItemFrozen(f"Версия задания «{self.code}» не изменяется.")

    def _move_to(self, status):
        """The version's status follows its item's workflow (only ``core.cmm.bank`` calls this)."""
        super().__setattr__("status", status)

    # -- reading -------------------------------------------------------------------

    @property
    def key(self):
        """``(code, version)``: what identifies this version everywhere (exposure, statistics)."""
        return (self.code, self.version)

    @property
    def closed(self):
        """Whether the version is scored automatically (not a case)."""
        return self.kind in CLOSED_KINDS

    @property
    def part(self):
        """``invariant`` (federal) or ``variant`` (regional, municipal): the part of a test it fills."""
        return "invariant" if self.level == "federal" else "variant"

    @property
    def school_types_title(self):
        """"все" or the Russian names of the school types it is for."""
        if self.school_types >= ALL_SCHOOL_TYPES:
            return "все"
        return ", ".join(TITLES[t] for t in SCHOOL_TYPES if t in self.school_types)

    def content(self):
        """The version's content as a plain dict (lists, not tuples): compare, export, copy to edit."""
        return {"code": self.code, "kind": self.kind, "competence": self.competence, "level": self.level,
                "school_types": sorted(self.school_types), "categories": sorted(self.categories),
                "stem": self.stem, "options": [list(o) for o in self.options], "answer": list(self.answer),
                "rubric": [dict(r) for r in self.rubric], "max_score": self.max_score,
                "municipality": self.municipality}

    def fits(self, category, school_type, municipality=None):
        """Whether the version may be given to an attestee of ``category`` from a ``school_type`` school."""
        return (category in self.categories and school_type in self.school_types
                and (self.municipality is None or municipality is None or self.municipality == municipality))


class Item(Persistent):
    """A task of the bank: its versions, oldest first, and its workflow state.

    The workflow state is that of the newest version (the one being worked
    on); ``current`` is the version tests are drawn from: the published one.
    """

    type_name = "cmm_item"
    type_title = "Задание КИМ"
    # NB: a bank lists its items from its own summary, not the catalog.
    catalogued = False

    def __init__(self, code, workflow_name):
        self.code = code
        self.workflow_name = workflow_name
        self.workflow_state = None
        self.history = ()
        self.versions = ()
        self.__name__ = None
        self.__parent__ = None

    @property
    def title(self):
        """The start of the stem: how pages and tasks name the item (its code is an identifier of QTI files,
        shown as such on its own page)."""
        stem = self.latest.stem if self.versions else ""
        return f"{stem[:60]}{'…' if len(stem) > 60 else ''}" if stem else f"Задание {self.code}"

    @property
    def latest(self):
        """The newest version."""
        return self.versions[-1]

    @property
    def current(self):
        """The published version tests are drawn from, or None."""
        for version in reversed(self.versions):
            if version.status == "published":
                return version
        return None

    def version(self, number):
        """Version ``number``, or None."""
        return self.versions[number - 1] if 1 <= number <= len(self.versions) else None

    @property
    def bank(self):
        """The bank the item lives in."""
        return self.__parent__


class Bank(Folder):
    """The items of one level: the federal bank at the root, a region's in the region.

    Keeps a small summary of every item (``summary``: code -> competence,
    level, kind, status, version, stem) so the paged, filtered list never
    loads the items themselves.
    """

    type_name = "cmm_bank"
    type_title = "Банк КИМ"
    # The columns of ``summary`` a list is filtered by.
    FILTERED = {"competence": 0, "level": 1, "kind": 2, "status": 3}
    catalogued = False
    # The codes of the items that await someone (sent for review): their tasks (``core.cmm.tasks``).
    # NB: None in banks stored before it; the evolve step fills it.
    awaiting = None
    # NB: a one-state workflow gives the bank its role-to-permission map (who adds items).
    workflow_name = "cmm_bank"
    workflow_state = "open"

    def __init__(self, federal):
        super().__init__("Банк КИМ (федеральный, инвариант)" if federal else "Банк КИМ региона (вариатив)")
        self.federal = federal
        self.summary = OOBTree()

    @property
    def item_workflow(self):
        """The workflow of this bank's items: who publishes differs by level."""
        return "cmm_item_federal" if self.federal else "cmm_item_regional"

    def note(self, item):
        """Bring the summary of ``item`` up to date (after any change), and whether it awaits someone."""
        v = item.latest
        self.summary[item.code] = (v.competence, v.level, v.kind, item.workflow_state, v.version, v.stem[:200])
        if self.awaiting is None:
            self.awaiting = OOTreeSet()
        if getattr(item, "awaiting_roles", None):
            if item.code not in self.awaiting:
                self.awaiting.insert(item.code)
        elif item.code in self.awaiting:
            self.awaiting.remove(item.code)

    def matching(self, filters):
        """``[(code, summary)]`` of the items passing ``filters`` (``{column: value}``), in code order."""
        wanted = [(self.FILTERED[name], value) for name, value in filters.items()]
        return [(code, row) for code, row in self.summary.items() if all(row[i] == value for i, value in wanted)]


def bank_of(node, create=False):
    """The bank of the root (federal) or of a region, made on first use when ``create``."""
    bank = node.get(BANK_NAME)
    if bank is None and create:
        bank = node.add(BANK_NAME, Bank(federal=isinstance(node, Root)))
    return bank

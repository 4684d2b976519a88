"""Data-defined workflows: states, transitions, per-state permissions, history.

A workflow is data (Plone's DCWorkflow idea, Substance D's API): states with
the permissions each role holds in them, what each state means
(``core.workflow.meanings``) and which deadline period runs in it, and
transitions that say from where to where, which roles may fire them, an
optional guard and whether a comment is required. The workflow alone writes
an object's ``workflow_state``, ``workflow_meaning`` (what core reads instead
of the state's name), ``awaiting_roles`` (who is expected to act next, for
"Мои задачи"), ``view_roles`` (who may see it now, for search) and its
append-only ``history``.
"""
import copy
import dataclasses
import datetime
import itertools
from collections.abc import Sequence
from typing import Callable, Optional

from persistent import Persistent

from core.compact import Compact
from core.refused import Refused
from core.workflow.meanings import MEANINGS

# NB: the permission search filters on (core.security.permissions.VIEW);
# spelled here so that workflows stay plain data with no imports.
VIEW = "view"


class WorkflowError(Refused):
    """A transition was refused; ``str(error)`` is the Russian message for the user (403 ``forbidden``, else 409)."""

    STATUSES = {"forbidden": 403}
    STATUS = 409
    ERROR = "transition_{code}"

    def __init__(self, message, code="refused"):
        super().__init__(message, code)


@dataclasses.dataclass(frozen=True)
class State:
    """A state, the permissions each role holds in it, what it means and the deadline period that runs in it.

    ``meaning`` is one of ``core.workflow.meanings``; ``period`` names an
    ``oko_deadlines`` period (a ``timedelta``) the people awaited in this
    state have from the moment it is entered (None: the object's own
    ``deadline``, if any).
    """

    name: str
    title: str
    permissions: dict
    meaning: Optional[str] = None
    period: Optional[str] = None


@dataclasses.dataclass(frozen=True)
class Transition:
    """A move between states, and who may make it."""

    name: str
    title: str
    from_states: frozenset
    to_state: str
    roles: frozenset
    guard: Optional[Callable] = None
    require_comment: bool = False
    # An expected step makes its roles "awaited" (a task); an exceptional one
    # (reopening, withdrawing) is available without being anyone's task.
    expected: bool = True
    # The kinds of document the step is for (codes of ``document_type``);
    # None: every object the workflow runs.
    document_types: Optional[frozenset] = None

    def applies_to(self, obj):
        """Whether the step exists for ``obj`` at all: its ``document_type`` is one the step is for."""
        if self.document_types is None or obj is None:
            return True
        return getattr(obj, "document_type", None) in self.document_types


@dataclasses.dataclass(frozen=True)
class HistoryEntry(Compact):
    """One line of an object's audit history: who, when, from, to, comment."""

    transition: str
    from_state: Optional[str]
    to_state: str
    actor: str
    at: datetime.datetime
    comment: str = ""


# NB: histories are stored, and a stored record names its class by module:
# ``core.workflow.HistoryEntry``, as it was named before the package was, whatever module defines it.
HistoryEntry.__module__ = "core.workflow"


class HistoryBucket(Persistent):
    """Up to ``History.BUCKET`` consecutive entries of a history, one record of their own."""

    def __init__(self, entries=()):
        self.entries = tuple(entries)


class History(Persistent, Sequence):
    """An object's append-only history, kept in buckets so that a transition writes O(1) bytes.

    A history held as one tuple on the object was written whole by every
    transition: at 5,516 entries a transition wrote a 407 KB record. Here the
    entries live in buckets of ``BUCKET``: appending rewrites the last bucket
    only, and, once in ``BUCKET`` appends, this object's tuple of bucket
    references. It reads as the tuple it replaces (``len``, indexing, slices,
    iteration, ``==`` with a tuple). The object itself still changes state at
    every transition, so two concurrent transitions on it still conflict.

    NB: stored (by module and name): move or rename only with an evolve step.
    """

    BUCKET = 32

    def __init__(self, entries=()):
        entries = tuple(entries)
        full = len(entries) - (len(entries) % self.BUCKET or self.BUCKET) if entries else 0
        self._sealed = tuple(HistoryBucket(entries[i:i + self.BUCKET]) for i in range(0, full, self.BUCKET))
        self._tail = HistoryBucket(entries[full:])

    def append(self, entry):
        """Add ``entry`` at the end: the last bucket is rewritten, or a new one started when it is full."""
        if len(self._tail.entries) >= self.BUCKET:
            self._sealed = self._sealed + (self._tail,)
            self._tail = HistoryBucket((entry,))
        else:
            self._tail.entries = self._tail.entries + (entry,)

    def __len__(self):
        return len(self._sealed) * self.BUCKET + len(self._tail.entries)

    def __iter__(self):
        for bucket in self._sealed:
            yield from bucket.entries
        yield from self._tail.entries

    def __reversed__(self):
        yield from reversed(self._tail.entries)
        for bucket in reversed(self._sealed):
            yield from reversed(bucket.entries)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(self)[index]
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("history index out of range")
        bucket, offset = divmod(index, self.BUCKET)
        return (self._sealed[bucket] if bucket < len(self._sealed) else self._tail).entries[offset]

    def __eq__(self, other):
        if isinstance(other, (History, tuple, list)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    def __ne__(self, other):
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None

    def __repr__(self):
        return f"History({list(itertools.islice(self, 3))}{'…' if len(self) > 3 else ''}, {len(self)} entries)"


def append_history(obj, entry):
    """Append ``entry`` to ``obj.history``: a tuple while short, a ``History`` once longer than a bucket.

    Most objects see a handful of transitions: their history stays a tuple in
    their own record (no extra records to create or load). A long-lived one
    (a school's year, a campaign) gets a ``History`` at its ``BUCKET + 1``-th
    entry, and from then on a transition writes one bucket, whatever the length.
    """
    history = getattr(obj, "history", ())
    if isinstance(history, History):
        history.append(entry)
    elif len(history) < History.BUCKET:
        obj.history = tuple(history) + (entry,)
    else:
        obj.history = History(tuple(history) + (entry,))


class Workflow:
    """A named state machine with per-state role-to-permission maps."""

    def __init__(self, name, title, initial_state, description=""):
        self.name = name
        self.title = title
        self.initial_state = initial_state
        self.description = description
        self.states = {}
        self.transitions = {}

    # -- definition -------------------------------------------------------

    def add_state(self, name, title, permissions=None, meaning=None, period=None):
        """Add (or replace) the state ``name``; ``permissions`` maps role -> permissions.

        ``meaning``: what the state means (``core.workflow.meanings``), read by
        core instead of the name; ``period``: the ``oko_deadlines`` period of
        whoever is awaited in it (see ``State``).
        """
        if meaning is not None and meaning not in MEANINGS:
            raise ValueError(f"workflow {self.name}: state {name} has an unknown meaning {meaning!r}")
        perms = {role: frozenset(p) for role, p in (permissions or {}).items()}
        self.states[name] = State(name, title, perms, meaning, period)
        return self

    def add_transition(self, name, title, from_states, to_state, roles,
                       guard=None, require_comment=False, expected=True, document_types=None):
        """Add (or replace) the transition ``name`` from ``from_states`` to ``to_state``.

        ``document_types``: the kinds of document the step is for (codes of
        ``document_type``); for the others the step does
        not exist: not offered, not awaited, refused if fired.
        """
        if isinstance(from_states, str):
            from_states = (from_states,)
        if isinstance(document_types, str):
            document_types = (document_types,)
        self.transitions[name] = Transition(
            name, title, frozenset(from_states), to_state, frozenset(roles),
            guard, require_comment, expected, None if document_types is None else frozenset(document_types))
        return self

    def remove_transition(self, name):
        """Drop the transition ``name`` (a region may withdraw a step)."""
        self.transitions.pop(name, None)
        return self

    def grant(self, state, role, *permissions):
        """Give ``role`` extra ``permissions`` in ``state``."""
        old = self.states[state]
        perms = dict(old.permissions)
        perms[role] = perms.get(role, frozenset()) | frozenset(permissions)
        self.states[state] = dataclasses.replace(old, permissions=perms)
        return self

    def copy(self):
        """An independent copy a region can extend without touching the original."""
        return copy.copy(self)._with(states=dict(self.states), transitions=dict(self.transitions))

    def _with(self, **attrs):
        self.__dict__.update(attrs)
        return self

    def check(self):
        """Raise ValueError unless every state a transition names exists."""
        names = set(self.states)
        if self.initial_state not in names:
            raise ValueError(f"workflow {self.name}: unknown initial state {self.initial_state}")
        for t in self.transitions.values():
            missing = (t.from_states | {t.to_state}) - names
            if missing:
                raise ValueError(f"workflow {self.name}: transition {t.name} names unknown states {sorted(missing)}")
        return self

    # -- running ----------------------------------------------------------

    def state_of(self, obj):
        """The ``State`` ``obj`` is in."""
        return self.states[obj.workflow_state]

    def meanings(self):
        """The meanings the states of this workflow declare."""
        return {s.meaning for s in self.states.values() if s.meaning is not None}

    def permissions_in(self, state_name):
        """The role-to-permissions map of ``state_name``."""
        return self.states[state_name].permissions

    def outgoing(self, state_name, obj=None):
        """Transitions that leave ``state_name`` (for ``obj``'s kind of document, when given)."""
        return [t for t in self.transitions.values() if state_name in t.from_states and t.applies_to(obj)]

    def expected(self, state_name, obj=None):
        """The transitions expected of someone in ``state_name``: the steps it awaits (of ``obj``, when given)."""
        return [t for t in self.outgoing(state_name, obj) if t.expected]

    def awaiting_roles(self, state_name, obj=None):
        """Roles expected to move an object (``obj``, when given) on from ``state_name``."""
        return frozenset().union(*(t.roles for t in self.expected(state_name, obj)))

    def view_roles(self, state_name):
        """Roles that hold "view" in ``state_name``."""
        return frozenset(role for role, perms in self.states[state_name].permissions.items()
                         if VIEW in perms)

    def available(self, obj, roles):
        """Transitions the holder of ``roles`` may fire on ``obj`` now."""
        return [t for t in self.outgoing(obj.workflow_state, obj)
                if t.roles & roles and (t.guard is None or t.guard(obj) is None)]

    def initialize(self, obj, actor, now=None):
        """Put a new ``obj`` in the initial state and open its history."""
        obj.workflow_name = self.name
        self._move(obj, "create", None, self.initial_state, actor, "", now)

    def fire(self, obj, name, actor, roles, comment="", now=None):
        """Fire transition ``name`` on ``obj`` as ``actor`` holding ``roles``.

        Returns the new history entry; raises WorkflowError with a Russian
        message when the transition does not exist, is not available in the
        current state, is not allowed to these roles, fails its guard, or
        lacks a required comment. A refused transition changes nothing.
        """
        t = self.transitions.get(name)
        if t is None:
            raise WorkflowError(f"Нет такого действия: «{name}».", "unknown")
        state = self.states[obj.workflow_state]
        if state.name not in t.from_states:
            raise WorkflowError(
                f"Действие «{t.title}» недоступно: документ в состоянии «{state.title}».", "state")
        if not t.applies_to(obj):
            raise WorkflowError(f"Действие «{t.title}» не предусмотрено для документов этого вида.", "state")
        if not t.roles & frozenset(roles):
            raise WorkflowError(f"У вас нет права выполнить действие «{t.title}».", "forbidden")
        comment = (comment or "").strip()
        if t.require_comment and not comment:
            raise WorkflowError(f"Для действия «{t.title}» нужен комментарий.", "comment")
        if t.guard is not None:
            problem = t.guard(obj)
            if problem:
                raise WorkflowError(problem, "guard")
        return self._move(obj, t.name, state.name, t.to_state, actor, comment, now)

    def _move(self, obj, transition, from_state, to_state, actor, comment, now):
        entry = HistoryEntry(transition, from_state, to_state, actor,
                             now or datetime.datetime.now(datetime.timezone.utc), comment)
        obj.workflow_state = to_state
        obj.workflow_meaning = self.states[to_state].meaning
        obj.awaiting_roles = self.awaiting_roles(to_state, obj)
        obj.view_roles = self.view_roles(to_state)
        # NB: the history's last bucket is rewritten, not the history: the object is still
        # marked changed (its state), so two concurrent transitions conflict in ZODB.
        append_history(obj, entry)
        return entry

    # -- description ------------------------------------------------------

    def describe(self):
        """A plain-text description for `oko workflows`."""
        lines = [f"{self.name}: {self.title}", f"  начальное состояние: {self.initial_state}"]
        for s in self.states.values():
            means = f" [{MEANINGS[s.meaning]}]" if s.meaning else ""
            period = f" (срок: {s.period})" if s.period else ""
            lines.append(f"  состояние {s.name} «{s.title}»{means}{period}")
            for role, perms in sorted(s.permissions.items()):
                lines.append(f"    {role}: {', '.join(sorted(perms))}")
        for t in self.transitions.values():
            extra = " (нужен комментарий)" if t.require_comment else ""
            guard = f" [условие: {t.guard.__name__}]" if t.guard else ""
            if t.document_types is not None:
                extra += f" (только: {', '.join(sorted(t.document_types))})"
            lines.append(f"  переход {t.name} «{t.title}»: {', '.join(sorted(t.from_states))} -> "
                         f"{t.to_state}; роли: {', '.join(sorted(t.roles))}{extra}{guard}")
        return "\n".join(lines)

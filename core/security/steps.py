"""Declared steps: who may take a step of a case, said once and read three ways.

A domain declares each of its steps once, with the roles that take it::

    SEND_DATA = Step("teachers.send_data", ("attestation_officer", "school_head"))

and that one declaration is read by

- **the page and the API**: ``@view_config(..., permission=SEND_DATA.permission)``;
  the security policy (``core.security.SecurityPolicy.permits``) grants a
  step's permission when the actor holds one of its roles on the context,
  and the context's permission map names that role now (a teacher's dossier
  names the commission only once it reaches the commission), so a page
  never answers more about a context than its reader may see;
- **the domain**: ``SEND_DATA.require(dossier, actor)`` refuses with the
  step's Russian message (``forbidden``), in the step's refusal class, as
  the domain's literal role tuples did.

A step that needs more than a role (the curator assigned to the school, the
dossier's own teacher, an expert drawn for the dossier) keeps that check in
the domain, after ``require``. The forbidden view answers a step's
permission denied on a context the user may view with the step's own
refusal (``Step.refused``): the same 403, code and message as the domain's.
"""
from core.refused import StepRefused
from core.security.roles import effective_roles

# A step's permission is this prefix and its name; no other permission starts with it.
PREFIX = "step:"
DEFAULT_MESSAGE = "Этот шаг выполняет другой участник."

_DECLARED = {}


class Step:
    """A step of a case and the roles that take it, declared once in its domain."""

    def __init__(self, name, roles, refusal=StepRefused, message=DEFAULT_MESSAGE):
        roles = tuple(roles)
        if not roles:
            raise ValueError(f"step {name!r}: no role takes it")
        self.name = name
        self.roles = roles
        self.refusal = refusal
        self.message = message
        self.permission = PREFIX + name
        known = _DECLARED.get(self.permission)
        # NB: one name, one declaration: two steps of one name would let a page read the other's roles.
        if known is not None and (known.roles, known.refusal, known.message) != (roles, refusal, message):
            raise ValueError(f"step {name!r} is declared twice, with different rules")
        _DECLARED[self.permission] = self

    def __repr__(self):
        return f"Step({self.name!r}, {self.roles!r})"

    def held(self, roles):
        """The roles among ``roles`` that take this step."""
        return set(roles) & set(self.roles)

    def allows(self, node, actor):
        """Whether ``actor`` holds one of the step's roles on ``node`` (inherited from above included)."""
        return bool(self.held(effective_roles(node, actor)))

    def refused(self):
        """The refusal of an actor who may not take this step (``forbidden``, the step's message)."""
        return self.refusal(self.message, "forbidden")

    def require(self, node, actor):
        """Refuse unless ``actor`` holds one of the step's roles on ``node``."""
        if not self.allows(node, actor):
            raise self.refused()


def declared(permission):
    """The ``Step`` whose permission is ``permission``, or None for any other permission."""
    if not isinstance(permission, str) or not permission.startswith(PREFIX):
        return None
    return _DECLARED.get(permission)


def declared_steps():
    """``{permission: Step}`` of every step declared so far (domains declare theirs on import)."""
    return dict(_DECLARED)

"""Refusals: the one base of every "no" a person is told, and the HTTP answer it makes.

It lives in a module of its own, importing nothing, so that the lowest
layers (the roles, the workflow, the upload inspector) refuse in the same
terms as the verticals built on them. A refusal nobody answers in place
reaches one exception view (``core.web.refusals``): a Russian page with the
message for people, ``{"error": {code, message, details}}`` for the API,
with the status the refusal's class gives its code. A page that shows the
form again with the reason (``core.views.steps.refused``) reads the same
status.
"""


class Refused(Exception):
    """Something a person asked for was refused; the message is Russian and nothing changed.

    ``code`` says why in one word; ``STATUSES`` gives the HTTP status of a
    code (``STATUS`` of any other). ``details`` lists the problems, one
    Russian line or ``{"field": …, "message": …}`` each. ``ERROR`` is the
    code of the API's error, ``{code}`` standing for the refusal's
    (``"step_{code}"`` answers ``step_order``). A subclass of a standard
    exception as well (``class InspectionRefused(Refused, ValueError)``)
    is still caught where that one was.

    Programming errors are not refusals (``core.cmm.model.ItemFrozen``):
    they are no person's to correct.
    """

    STATUSES = {"forbidden": 403, "order": 409, "invalid": 400}
    STATUS = 400
    ERROR = "{code}"

    def __init__(self, message, code="invalid", details=None):
        super().__init__(message)
        self.code = code
        self.details = list(details or ())

    @property
    def status(self):
        """The HTTP status the pages and the API answer this refusal with."""
        return self.STATUSES.get(self.code, self.STATUS)

    def as_error(self):
        """``(status, code, message, details or None)`` of the API's JSON error."""
        details = [d if isinstance(d, dict) else {"message": str(d)} for d in self.details]
        return self.status, self.ERROR.format(code=self.code), str(self), details or None


class StepRefused(Refused):
    """A step of a case was refused (``forbidden`` 403, ``order`` 409, ``invalid`` 400)."""

    ERROR = "step_{code}"

    def __init__(self, message, code="order", details=None):
        super().__init__(message, code, details)

"""The refusal of a step: the one exception every domain raises when it says no.

It lives in a module of its own, importing nothing, so that the lowest
layers (the roles, the workflow) can refuse in the same terms as the
verticals built on them.
"""


class StepRefused(Exception):
    """A step was refused; the message is Russian and nothing changed.

    ``code`` is ``forbidden`` (403), ``order`` (409) or ``invalid`` (400);
    ``details`` lists the problems of invalid input, one message each.
    """

    def __init__(self, message, code="order", details=None):
        super().__init__(message)
        self.code = code
        self.details = details or []

"""Automatic scoring of closed items: one answer at a time, and a whole campaign at once.

The rules, for every region (the Target Model's closed tasks):

- ``single``: the chosen key equals the correct key: full marks, else 0;
- ``multiple``: the chosen set of keys equals the correct set exactly: full
  marks, else 0 (no partial credit: a wrong extra choice or a missed one
  both mean the task is not done);
- ``short``: the answer, normalised (case, ``ё``, spaces, quotes, a final
  full stop, a decimal comma), equals one of the accepted answers
  normalised the same way: full marks, else 0;
- no answer (None, empty): 0. Cases are not scored here (experts do it).
"""
import re

from core.cmm.model import CLOSED_KINDS

_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({"«": "", "»": "", '"': "", "“": "", "”": "", "„": "", "'": "", "ё": "е"})
_DECIMAL = re.compile(r"(?<=\d),(?=\d)")


class NotClosed(ValueError):
    """A case (or another kind experts score) was given to automatic scoring."""


def normalise(text):
    """A short answer as it is compared: lower case, ``ё`` as ``е``, no quotes, one space, no final dot."""
    if text is None:
        return ""
    text = _SPACES.sub(" ", str(text).casefold().translate(_QUOTES)).strip()
    text = _DECIMAL.sub(".", text)
    return text.rstrip(".;").strip()


def _keys(answer):
    if answer is None:
        return frozenset()
    if isinstance(answer, str):
        return frozenset(a for a in (s.strip() for s in answer.split(",")) if a)
    return frozenset(str(a) for a in answer)


def _single(answer):
    if isinstance(answer, (list, tuple, set, frozenset)):
        return next(iter(answer)) if len(answer) == 1 else None
    return answer


class Key:
    """What scoring needs of one version, prepared once: kind, correct answer, marks."""

    __slots__ = ("kind", "correct", "marks")

    def __init__(self, version):
        if version.kind not in CLOSED_KINDS:
            raise NotClosed(f"Задание «{version.code}» ({version.kind}) не оценивается автоматически.")
        self.kind = version.kind
        self.marks = version.max_score
        if version.kind == "single":
            self.correct = version.answer[0]
        elif version.kind == "multiple":
            self.correct = frozenset(version.answer)
        else:
            self.correct = frozenset(normalise(a) for a in version.answer)

    def score(self, answer):
        """The marks for ``answer``."""
        if answer is None or answer == "" or answer == ():
            return 0.0
        if self.kind == "single":
            return self.marks if _single(answer) == self.correct else 0.0
        if self.kind == "multiple":
            return self.marks if _keys(answer) == self.correct else 0.0
        return self.marks if normalise(answer) in self.correct else 0.0


def score_closed(item_version, answer):
    """The score of ``answer`` to a closed ``item_version`` (rules in the module docstring).

    ``answer``: a key (single), an iterable of keys or "a, c" (multiple), a
    string (short). Raises NotClosed for a case.
    """
    return Key(item_version).score(answer)


def score_tests(tests, answers, per_item=False):
    """Score many participants' closed items at once; cases are skipped (None per item).

    :param tests: per participant, an ``AssembledTest`` or a sequence of versions.
    :param answers: per participant, answers in the order of its test's items,
        or a dict ``{code: answer}``.
    :param per_item: also return each item's score.
    :return: the closed-item totals, one per participant, or with
        ``per_item`` a list of ``(total, (score or None, ...))``.

    Each distinct version is prepared once (a campaign's tests share them),
    so the work per answer is one comparison.
    """
    keys = {}
    out = []
    for test, given in zip(tests, answers):
        items = getattr(test, "items", test)
        if isinstance(given, dict):
            given = [given.get(v.code) for v in items]
        total = 0.0
        scores = [] if per_item else None
        for version, answer in zip(items, given):
            key = keys.get(id(version))
            if key is None:
                key = keys[id(version)] = Key(version) if version.kind in CLOSED_KINDS else False
            if key is False:
                if per_item:
                    scores.append(None)
                continue
            if key.kind == "single":
                # NB: the common case inline: most of a campaign's answers are single keys.
                mark = key.marks if answer == key.correct else (key.score(answer) if type(answer) is not str
                                                                else 0.0)
            else:
                mark = key.score(answer)
            total += mark
            if per_item:
                scores.append(mark)
        out.append((total, tuple(scores)) if per_item else total)
    return out

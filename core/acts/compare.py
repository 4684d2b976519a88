"""Comparing two versions of an act as text, line by line."""
import dataclasses
import difflib

# Unchanged lines shown around each change; longer unchanged runs are folded.
CONTEXT = 2


@dataclasses.dataclass(frozen=True)
class DiffLine:
    """One line of a comparison: ``kind`` is "same", "removed", "added" or "folded"."""

    kind: str
    text: str
    old: int = None
    new: int = None


def diff_texts(old, new, context=CONTEXT):
    """The changes from text ``old`` to text ``new``, with folded unchanged runs."""
    a, b = old.splitlines(), new.splitlines()
    lines = []
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            keep_head = context if n > 0 else 0
            keep_tail = context if n < len(opcodes) - 1 else 0
            if i2 - i1 > keep_head + keep_tail + 1:
                lines += [DiffLine("same", a[i], i + 1, j1 + i - i1 + 1) for i in range(i1, i1 + keep_head)]
                lines.append(DiffLine("folded", f"… без изменений строк: {i2 - i1 - keep_head - keep_tail}"))
                lines += [DiffLine("same", a[i], i + 1, j1 + i - i1 + 1) for i in range(i2 - keep_tail, i2)]
            else:
                lines += [DiffLine("same", a[i], i + 1, j1 + i - i1 + 1) for i in range(i1, i2)]
            continue
        lines += [DiffLine("removed", a[i], old=i + 1) for i in range(i1, i2)]
        lines += [DiffLine("added", b[j], new=j + 1) for j in range(j1, j2)]
    return lines


def compare_versions(act, old, new):
    """The diff between versions ``old`` and ``new`` (numbers) of ``act``; ValueError if one is missing."""
    a, b = act.version(old), act.version(new)
    if a is None or b is None:
        raise ValueError("нет такой редакции")
    return diff_texts(a.text, b.text)

"""Item statistics of a campaign: difficulty, discrimination, exposure. Pure functions on plain numbers.

Definitions (the report's glossary says the same in Russian):

- **difficulty** of an item: the mean of its scores as a share of its
  maximum, ``mean(score / max)``; for a closed item scored 0 or full marks
  it is the share of correct answers (classical ``p``). Higher is easier.
- **discrimination**, two indices, both against the same criterion: the
  attestee's result on the closed part of the test *without this item*
  (the "rest score", as a share of the rest's maximum), so an item is not
  correlated with itself and tests of different length compare:

  * ``point_biserial``: the Pearson correlation of the item's score share
    with the rest score (for a 0/1 item this is the point-biserial
    coefficient ``r_pb``); None with fewer than 3 answers or no variance;
  * ``upper_lower``: the upper-lower 27 % index ``D = p_upper - p_lower``,
    the item's mean score share in the top 27 % of attestees by the
    criterion minus that in the bottom 27 % (each group at least one
    attestee, ties broken by the order given); None with fewer than 2.

- **exposure**: the number of assembled tests the item appeared in (given,
  answered or not).
"""
import math

UPPER_LOWER_SHARE = 0.27


def mean(values):
    """The arithmetic mean (None of nothing)."""
    values = list(values)
    return sum(values) / len(values) if values else None


def difficulty(shares):
    """The item's difficulty: the mean score share (None without answers)."""
    return mean(shares)


def point_biserial(item, criterion):
    """Pearson's r of the item's score shares with the criterion (None when undefined)."""
    n = len(item)
    if n != len(criterion):
        raise ValueError("item and criterion differ in length")
    if n < 3:
        return None
    mx, my = sum(item) / n, sum(criterion) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(item, criterion))
    sxx = sum((x - mx) ** 2 for x in item)
    syy = sum((y - my) ** 2 for y in criterion)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return sxy / math.sqrt(sxx * syy)


def group_size(n, share=UPPER_LOWER_SHARE):
    """Attestees in each of the upper and lower groups: 27 % of ``n``, rounded, at least one."""
    return max(1, int(math.floor(n * share + 0.5)))


def upper_lower(item, criterion, share=UPPER_LOWER_SHARE):
    """The upper-lower index D of the item (None with fewer than two answers).

    Attestees are ordered by the criterion (a stable sort: equal criteria
    keep the order given); the first and last ``group_size(n)`` form the groups.
    """
    n = len(item)
    if n != len(criterion):
        raise ValueError("item and criterion differ in length")
    if n < 2:
        return None
    k = min(group_size(n, share), n // 2)
    order = sorted(range(n), key=lambda i: criterion[i])
    lower = [item[i] for i in order[:k]]
    upper = [item[i] for i in order[-k:]]
    return sum(upper) / k - sum(lower) / k


def rate(passed, assessed):
    """A pass rate (None when nobody was assessed)."""
    return passed / assessed if assessed else None

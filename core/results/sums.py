"""The sums of results: a school's, a municipality's, the region's; and the measures read from them.

A sum is a tuple of integers over some results of one key: how many results,
their participants, the participants with a mean score and the sum of
participants × mean, the participants with shares and the sums of
participants × share of each level. Integers add exactly, so a scope's sums
are the same however its schools' results were loaded. A measure (the share at
the base level or above, the mean score...) is read from a sum at the end,
weighting every result by its participants.

A municipality's sums are recomputed from its schools' records when an import
changes any of them, the region's from its municipalities' sums: the pages
read a few records, never the schools'.
"""
from core.results.model import ABOVE, BASE, HIGH, LOW, MEAN, PARTICIPANTS, REGION_SCOPE, ScopeSums

RESULTS, N, N_MEAN, SUM_MEAN, N_SHARES, SUM_LOW, SUM_BASE, SUM_ABOVE, SUM_HIGH = range(9)
ZERO = (0,) * 9


def of_value(value):
    """The sum of one result's value (``core.results.model``: participants, mean × 100, shares × 10)."""
    n, mean = value[PARTICIPANTS], value[MEAN]
    has_mean, has_shares = mean is not None, value[LOW] is not None
    return (1, n, n if has_mean else 0, n * mean if has_mean else 0, n if has_shares else 0,
            n * value[LOW] if has_shares else 0, n * value[BASE] if has_shares else 0,
            n * value[ABOVE] if has_shares else 0, n * value[HIGH] if has_shares else 0)


def plus(a, b):
    """Two sums added."""
    return tuple(x + y for x, y in zip(a, b))


def add_rows(sums, pooled, rows):
    """Add a school's ``rows`` (``{key: value}``) to ``sums`` (by key) and ``pooled`` (by procedure and year)."""
    for key, value in rows.items():
        one = of_value(value)
        sums[key] = plus(sums[key], one) if key in sums else one
        by_year = (key[0], key[3])
        pooled[by_year] = plus(pooled[by_year], one) if by_year in pooled else one


def add_sums(sums, other):
    """Add the sums ``other`` into ``sums`` (key by key)."""
    for key, value in other.items():
        sums[key] = plus(sums[key], value) if key in sums else value


def measure(total, name):
    """The ``name`` measure of a sum: a share in per cent, a mean score, participants; None without data."""
    if name == "participants":
        return total[N] if total[RESULTS] else None
    if name == "mean_score":
        return total[SUM_MEAN] / total[N_MEAN] / 100 if total[N_MEAN] else None
    if not total[N_SHARES]:
        return None
    # NB: shares are kept in tenths of a per cent.
    if name == "base_share":
        part = total[SUM_BASE] + total[SUM_ABOVE] + total[SUM_HIGH]
    elif name == "high_share":
        part = total[SUM_HIGH]
    elif name == "low_share":
        part = total[SUM_LOW]
    else:
        raise ValueError(f"unknown measure {name!r}")
    return part / total[N_SHARES] / 10


def _store(scope, sums, pooled, schools):
    # NB: an unchanged scope is not written again.
    if scope.sums != sums:
        scope.sums = sums
    if scope.pooled != pooled:
        scope.pooled = pooled
    if scope.schools != schools:
        scope.schools = schools


def recompute(bank, municipalities):
    """Recompute the sums of the ``municipalities`` (``{name: [SchoolResults]}``) of ``bank``, then the region's."""
    for name, records in municipalities.items():
        sums, pooled = {}, {}
        for record in records:
            add_rows(sums, pooled, record.rows)
        scope = bank.scopes.get(name)
        if scope is None:
            if not sums:
                continue
            scope = bank.scopes[name] = ScopeSums()
        _store(scope, sums, pooled, sum(1 for r in records if r.rows))
    sums, pooled, schools = {}, {}, 0
    for name, scope in bank.scopes.items():
        if name != REGION_SCOPE:
            add_sums(sums, scope.sums)
            add_sums(pooled, scope.pooled)
            schools += scope.schools
    region = bank.scopes.get(REGION_SCOPE)
    if region is None:
        region = bank.scopes[REGION_SCOPE] = ScopeSums()
    _store(region, sums, pooled, schools)


def school_sums(record):
    """``(sums, pooled)`` of one school's record, as a scope keeps them (None: no results)."""
    sums, pooled = {}, {}
    if record is not None:
        add_rows(sums, pooled, record.rows)
    return sums, pooled


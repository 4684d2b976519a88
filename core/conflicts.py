"""Concurrent writers: the conflicts retries absorb and those they do not, counted.

Two requests that change the same record at once conflict at commit:
pyramid_retry runs the loser again (``retry.attempts`` in the ini), and
``core.views.errors.conflict`` logs each such retry at DEBUG; a conflict that
outlives every attempt is answered 409 «повторите действие». The
``ConflictCounter`` on the registry (``registry.oko_conflicts``) counts both,
by the class of the record that conflicted, for an operator or a benchmark
to read (``snapshot()``).
"""
import collections
import threading


class ConflictCounter:
    """Conflicts of one process: absorbed by a retry, or refused with a 409; by record class."""

    def __init__(self):
        self._lock = threading.Lock()
        self._counts = collections.Counter()

    def count(self, exc, retried):
        """Count the conflict ``exc``: ``retried`` when another attempt follows, else refused."""
        outcome = "retried" if retried else "refused"
        kind = getattr(exc, "class_name", None) or type(exc).__name__
        with self._lock:
            self._counts[outcome] += 1
            self._counts[f"{outcome}:{kind}"] += 1

    def snapshot(self):
        """``{"retried": n, "refused": n, "retried:<class>": n, ...}`` as counted so far."""
        with self._lock:
            return {"retried": 0, "refused": 0, **self._counts}


def includeme(config):
    """Give the registry its conflict counter."""
    config.registry.oko_conflicts = ConflictCounter()

"""Slowing down repeated failed log-ins, per log-in name and per client address."""
import threading
import time

FREE_ATTEMPTS = 5
WINDOW = 15 * 60
MAX_DELAY = 15 * 60


class LoginThrottle:
    """Counts recent failures; after a few, each further try must wait longer.

    Kept in memory per process (a ZODB write per failed log-in would let an
    attacker create conflicts); a name that does not exist is counted the same
    way as one that does, so the answers reveal nothing.
    """

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self._lock = threading.Lock()
        self.reset()

    def reset(self):
        """Forget every failure."""
        self._failures = {}

    def wait_seconds(self, *keys):
        """Seconds to wait before another try for any of ``keys`` (0 when free)."""
        now = self.clock()
        with self._lock:
            wait = 0.0
            for key in keys:
                count, last = self._failures.get(key, (0, 0.0))
                if now - last > WINDOW:
                    continue
                if count >= FREE_ATTEMPTS:
                    delay = min(2 ** (count - FREE_ATTEMPTS), MAX_DELAY)
                    wait = max(wait, last + delay - now)
            return max(0.0, wait)

    def failed(self, *keys):
        """Record a failed try for every key."""
        now = self.clock()
        with self._lock:
            for key in keys:
                count, last = self._failures.get(key, (0, 0.0))
                if now - last > WINDOW:
                    count = 0
                self._failures[key] = (count + 1, now)

    def succeeded(self, *keys):
        """Forget the failures of these keys."""
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)

"""What one user or one client may ask of the service: sign-in attempts, open progress streams, and
what a run may cost. All in memory: one service per data folder or database (docs/service.md)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from arna.schema import ModelDocument

_STEP_DAYS = {"day": 1, "week": 7, "month": 28, "year": 365}


@dataclass
class _Failures:
    count: int = 0
    last: float = 0.0
    until: float = 0.0


class LoginThrottle:
    """Wrong passwords per account and per client address, with a wait that doubles after each one past
    ``free`` (1 s, 2 s, 4 s, ... up to ``max_wait``). An address may fail ``4 × free`` times (several people
    behind one address) before it waits. A right password clears its account's count (not the address's);
    a record is forgotten ``max_wait`` seconds after its last failure."""

    MAX_KEYS = 100_000

    def __init__(self, free: int = 5, max_wait: float = 900.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.free = free
        self.max_wait = max_wait
        self.clock = clock
        self._lock = threading.Lock()
        self._failures: dict[tuple[str, str], _Failures] = {}

    @staticmethod
    def keys(account: str, address: str) -> list[tuple[str, str]]:
        return [("account", account), ("address", address)]

    def wait(self, keys: Sequence[tuple[str, str]]) -> float:
        """Seconds to wait before another attempt for any of ``keys`` (0: go ahead)."""
        now = self.clock()
        with self._lock:
            return max([0.0, *(f.until - now for k in keys if (f := self._failures.get(k)))])

    def failed(self, keys: Sequence[tuple[str, str]]) -> None:
        now = self.clock()
        with self._lock:
            if len(self._failures) >= self.MAX_KEYS:
                self._forget(now)
            for key in keys:
                f = self._failures.get(key)
                if f is None or now - f.last > self.max_wait:
                    f = self._failures[key] = _Failures()
                f.count += 1
                f.last = now
                free = self.free * (4 if key[0] == "address" else 1)
                if f.count >= free:
                    f.until = now + min(self.max_wait, 2.0 ** (f.count - free))

    def succeeded(self, account: str) -> None:
        with self._lock:
            self._failures.pop(("account", account), None)

    def _forget(self, now: float) -> None:
        stale = [k for k, f in self._failures.items() if now - f.last > self.max_wait and f.until <= now]
        for key in stale:
            del self._failures[key]
        if len(self._failures) >= self.MAX_KEYS:  # a flood of distinct names: keep the addresses
            for key in [k for k in self._failures if k[0] == "account"]:
                del self._failures[key]


class Slots:
    """At most ``limit`` of something (open streams) per user at once."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._held: dict[str, int] = {}

    def take(self, user: str) -> bool:
        """Take a slot for ``user``; ``False`` (and none taken) if they hold ``limit`` already."""
        with self._lock:
            held = self._held.get(user, 0)
            if held >= self.limit:
                return False
            self._held[user] = held + 1
            return True

    def give_back(self, user: str) -> None:
        with self._lock:
            left = self._held.get(user, 0) - 1
            if left > 0:
                self._held[user] = left
            else:
                self._held.pop(user, None)

    def held(self, user: str) -> int:
        with self._lock:
            return self._held.get(user, 0)


def timesteps(doc: ModelDocument) -> int:
    """How many timesteps a run of ``doc`` has, at most (a month counts as 28 days), without building
    its time axis (a year-9999 end is counted, not materialised)."""
    ts = doc.timestepper
    days = (ts.end - ts.start).days + 1
    step = ts.step if isinstance(ts.step, int) else _STEP_DAYS[ts.step]
    return max(1, -(-days // step))


def unique(names: Sequence[str]) -> list[str]:
    """``names`` in their order, each once."""
    return list(dict.fromkeys(names))


def cost(doc: ModelDocument, scenarios: int) -> int:
    """A run's budget cells: timesteps × scenarios × nodes."""
    return timesteps(doc) * scenarios * max(1, len(doc.nodes))


def expiry(hours: float) -> dt.datetime:
    return dt.datetime.now(dt.UTC) + dt.timedelta(hours=hours)

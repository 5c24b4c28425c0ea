"""A token bucket per client address, in this process's memory.

Enough for one API process (the SQLite deployment, or each of a few processes behind one address:
each process then allows its own share). Behind a reverse proxy the address is the one uvicorn
takes from X-Forwarded-For for trusted proxies (``--forwarded-allow-ips``).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable


class RateLimiter:
    def __init__(
        self, per_minute: int, clock: Callable[[], float] = time.monotonic, max_clients: int = 100_000
    ) -> None:
        self.capacity = float(per_minute)
        self.refill_per_second = per_minute / 60.0
        self._clock = clock
        self._max_clients = max_clients
        self._buckets: dict[str, tuple[float, float]] = {}  # address -> (tokens, at)
        self._lock = threading.Lock()

    def take(self, client: str) -> float:
        """0 when ``client`` may go ahead (one token taken), else the seconds until it may."""
        now = self._clock()
        with self._lock:
            tokens, at = self._buckets.get(client, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - at) * self.refill_per_second)
            if tokens >= 1:
                self._remember(client, (tokens - 1, now))
                return 0.0
            self._remember(client, (tokens, now))
            return (1 - tokens) / self.refill_per_second

    def _remember(self, client: str, bucket: tuple[float, float]) -> None:
        if len(self._buckets) >= self._max_clients and client not in self._buckets:
            # Full buckets carry nothing worth keeping; drop them (memory stays bounded).
            now = self._clock()
            full = [k for k, (t, at) in self._buckets.items()
                    if t + (now - at) * self.refill_per_second >= self.capacity]  # fmt: skip
            for key in full or list(self._buckets)[: self._max_clients // 10]:
                del self._buckets[key]
        self._buckets[client] = bucket


def retry_after(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))


_creating = threading.Lock()


def limiter_for(state: object, name: str, per_minute: int) -> RateLimiter:
    """The app's limiter called ``name`` (one per application, made on first use)."""
    with _creating:
        limiter = getattr(state, name, None)
        if limiter is None:
            limiter = RateLimiter(per_minute)
            setattr(state, name, limiter)
        return limiter

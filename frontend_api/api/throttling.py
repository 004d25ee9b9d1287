"""The readers' rate limit, and what it does when its shared store is unreachable.

The limit counts requests per client address in the default cache (Redis in production), so
that several app servers share one count. Losing that store must not take a health library
offline: while it is unreachable each process counts in its own memory (the same rate, per
process, so the limit is looser by the number of processes), logs a warning once, and
``/readyz`` says "degraded". Every ``THROTTLE_STORE_RETRY_SECONDS`` one request tries the
shared store again (not every request: each try may wait for a connect timeout), and the
first that succeeds switches back, with a log line.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from rest_framework.throttling import AnonRateThrottle

from ..conf import api_settings

logger = logging.getLogger("frontend_api.throttling")

# What an unreachable store raises: Redis's client errors, and socket errors of others.
STORE_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)


class ThrottleStoreState:
    """Per process: whether the shared store failed, and when to try it again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.unreachable_since: float | None = None
        self.retry_at = 0.0

    @property
    def degraded(self) -> bool:
        return self.unreachable_since is not None

    def should_try_shared(self) -> bool:
        """True when the store is up, or when the next try is due (then the clock resets, so
        one request of the many in flight tries)."""
        with self._lock:
            if self.unreachable_since is None:
                return True
            now = time.monotonic()
            if now < self.retry_at:
                return False
            self.retry_at = now + api_settings.THROTTLE_STORE_RETRY_SECONDS
            return True

    def failed(self, error: Exception) -> None:
        with self._lock:
            first = self.unreachable_since is None
            if first:
                self.unreachable_since = time.monotonic()
            self.retry_at = time.monotonic() + api_settings.THROTTLE_STORE_RETRY_SECONDS
        if first:
            logger.warning(
                "rate-limit store unreachable: counting per process until it returns",
                extra={"error": f"{type(error).__name__}: {error}"},
            )

    def recovered(self) -> None:
        with self._lock:
            if self.unreachable_since is None:
                return
            seconds = round(time.monotonic() - self.unreachable_since, 1)
            self.unreachable_since = None
        logger.warning("rate-limit store reachable again", extra={"down_seconds": seconds})


store_state = ThrottleStoreState()
# The per-process count while the shared store is away.
fallback_cache = LocMemCache("frontend_api-throttle-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


class ReaderRateThrottle(AnonRateThrottle):
    """Anonymous request rate from ``FRONTEND_API['THROTTLE_RATE']`` (None: no limit),
    counted in the default cache, or per process while that cannot be reached."""

    scope = "frontend_api"

    def get_rate(self) -> str | None:
        return api_settings.THROTTLE_RATE

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        if store_state.should_try_shared():
            try:
                allowed = super().allow_request(request, view)
            except STORE_ERRORS as error:
                store_state.failed(error)
            else:
                store_state.recovered()
                return allowed
        self.cache = fallback_cache  # this instance only: one request's throttle
        return super().allow_request(request, view)

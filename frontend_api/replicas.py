"""The API's reads from PostgreSQL streaming replicas, without a reader going back in time.

Database aliases named ``replica_*`` (the host project makes one per URL in
``DATABASE_REPLICA_URLS``) are hot standbys of the primary (``default``). While a request to
the content API reads (GET or HEAD, not the preview), ``ReplicaReadsMiddleware`` picks a usable
replica and ``ReplicaRouter`` sends that request's reads to it; everything else (the admin,
every write, the preview, the publish, workers, commands) uses the primary.

A replica is usable when it answers and its replay is at most ``REPLICA_MAX_LAG_SECONDS``
behind; each process checks every ``REPLICA_CHECK_SECONDS``. A reader never goes back in time:
after a publish, the CDN purge and the webhook delivery first wait until every usable replica
has replayed what the primary had (``wait_for_replicas``); a replica that does not catch up
within the maximum lag is marked behind (in the shared cache, for every process) and skipped,
so readers get the article from the primary until it catches up. ``/readyz`` says "degraded"
while a configured replica is skipped.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections

from .conf import api_settings

logger = logging.getLogger(__name__)

REPLICA_PREFIX = "replica"
PRIMARY = "default"
READ_METHODS = frozenset({"GET", "HEAD"})
BEHIND_KEY = "frontend_api:replica-behind:{alias}"
_reading_from: ContextVar[str | None] = ContextVar("replica_reads", default=None)


def replica_aliases() -> list[str]:
    """The configured replicas' database aliases, in order."""
    return sorted(alias for alias in connections.settings if alias.startswith(REPLICA_PREFIX))


class ReplicaRouter:
    """Sends a request's reads to the replica chosen for it; everything else to the primary."""

    def db_for_read(self, model, **hints):
        return _reading_from.get() or PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replicas hold the primary's rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db.startswith(REPLICA_PREFIX) else None


@contextmanager
def reads_from(alias: str | None) -> Iterator[None]:
    """Route the reads made inside the block to ``alias`` (None: the primary)."""
    token = _reading_from.set(alias)
    try:
        yield
    finally:
        _reading_from.reset(token)


def reading_alias() -> str | None:
    """The replica this request's reads go to, or None (the primary)."""
    return _reading_from.get()


# Health -----------------------------------------------------------------------------------


@dataclass
class ReplicaState:
    """What a process last learnt of one replica."""

    checked_at: float
    lag_seconds: float | None  # None: did not answer
    error: str = ""
    behind_publish: bool = False

    @property
    def usable(self) -> bool:
        return (
            self.lag_seconds is not None
            and self.lag_seconds <= api_settings.REPLICA_MAX_LAG_SECONDS
            and not self.behind_publish
        )


_states: dict[str, ReplicaState] = {}

LAG_SQL = """
    SELECT CASE
        WHEN NOT pg_is_in_recovery() THEN NULL
        WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
        ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())
    END
"""


def measure(alias: str) -> ReplicaState:
    """Ask the replica how far behind it is (seconds; 0 when it has replayed all it got)."""
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(LAG_SQL)
            lag = cursor.fetchone()[0]
    except DatabaseError as exc:
        connections[alias].close()
        return ReplicaState(time.monotonic(), None, f"unreachable: {exc}".strip()[:300])
    if lag is None:
        return ReplicaState(time.monotonic(), None, "not a standby (not in recovery)")
    return ReplicaState(time.monotonic(), max(0.0, float(lag)), behind_publish=_behind(alias))


def state(alias: str) -> ReplicaState:
    """The replica's state, measured again when older than ``REPLICA_CHECK_SECONDS``."""
    known = _states.get(alias)
    if known is None or time.monotonic() - known.checked_at >= api_settings.REPLICA_CHECK_SECONDS:
        known = _states[alias] = measure(alias)
        if known.error:
            logger.warning("replica skipped", extra={"replica": alias, "error": known.error})
    return known


def _behind(alias: str) -> bool:
    """Whether a publish found the replica behind it and it has not replayed that publish
    since (the mark is shared by every process, and cleared here once it has)."""
    key = BEHIND_KEY.format(alias=alias)
    try:
        position = cache.get(key)
    except Exception:  # the cache away: rely on each process's own lag checks
        return False
    if position and replayed(alias, position):
        cache.delete(key)
        return False
    return bool(position)


def usable(alias: str) -> bool:
    return state(alias).usable


def choose_replica() -> str | None:
    """A usable replica for this request's reads, or None for the primary."""
    for alias in replica_aliases():
        if usable(alias):
            return alias
    return None


def skipped_replicas() -> dict[str, str]:
    """Each configured replica that readers are not sent to now, with why (for /readyz)."""
    skipped = {}
    for alias in replica_aliases():
        current = state(alias)
        if current.lag_seconds is None:
            skipped[alias] = current.error or "unreachable"
        elif current.behind_publish:
            skipped[alias] = "has not replayed the last publish yet"
        elif not current.usable:
            skipped[alias] = f"{current.lag_seconds:.1f}s behind the primary"
    return skipped


# A reader never goes back in time ---------------------------------------------------------


def primary_position() -> str | None:
    """The primary's current WAL position (None on a database without replicas)."""
    if not replica_aliases() or connections[PRIMARY].vendor != "postgresql":
        return None
    with connections[PRIMARY].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return cursor.fetchone()[0]


def replayed(alias: str, position: str) -> bool:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position])
            return bool(cursor.fetchone()[0])
    except DatabaseError:
        connections[alias].close()
        return False


def wait_for_replicas(position: str | None = None, *, timeout: float | None = None) -> list[str]:
    """Wait until every usable replica has replayed the primary's ``position`` (now, if not
    given); returns the replicas that did not within ``timeout`` (default: the maximum lag),
    which are marked behind so that readers are sent to the primary instead."""
    aliases = [alias for alias in replica_aliases() if state(alias).lag_seconds is not None]
    position = position or primary_position()
    if not aliases or position is None:
        return []
    limit = api_settings.REPLICA_MAX_LAG_SECONDS if timeout is None else timeout
    deadline = time.monotonic() + limit
    waiting = list(aliases)
    while waiting:
        waiting = [alias for alias in waiting if not replayed(alias, position)]
        if not waiting or time.monotonic() >= deadline:
            break
        time.sleep(0.01)
    for alias in aliases:
        key = BEHIND_KEY.format(alias=alias)
        try:
            if alias in waiting:
                cache.set(key, position, timeout=None)
            elif cache.get(key):
                cache.delete(key)
        except Exception:  # the cache away: the lag check still skips a replica far behind
            pass
    for alias in waiting:
        logger.warning(
            "replica behind a publish: readers go to the primary",
            extra={"replica": alias, "position": position},
        )
        _states.pop(alias, None)
    if waiting:
        # Every process sees the mark at its next check: only then may the news go out.
        time.sleep(api_settings.REPLICA_CHECK_SECONDS)
    return waiting


# The middleware ---------------------------------------------------------------------------


class ReplicaReadsMiddleware:
    """Sends the content API's reads (GET, HEAD; not the preview) to a usable replica."""

    def __init__(self, get_response):
        self.get_response = get_response
        mount = "/" + settings.API_MOUNT.strip("/") + "/"
        self.api_prefix = mount
        self.preview_prefix = mount + "preview/"

    def __call__(self, request):
        if not self._reads_the_api(request) or not replica_aliases():
            return self.get_response(request)
        with reads_from(choose_replica()):
            return self.get_response(request)

    def _reads_the_api(self, request) -> bool:
        path = request.path_info
        return (
            request.method in READ_METHODS
            and path.startswith(self.api_prefix)
            and not path.startswith(self.preview_prefix)
        )


def reading_connection():
    """The connection this request's raw-SQL reads use: the chosen replica's, else the
    primary's (the store and search run their own SQL, which routers do not see)."""
    return connections[_reading_from.get() or PRIMARY]

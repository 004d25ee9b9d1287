"""Probes for the load balancer and the orchestrator.

``/healthz`` answers whether the process serves at all (it touches nothing else, so a database
outage never gets healthy app servers killed); ``/readyz`` answers whether this server can do
useful work now: the database answers (and says "degraded" when it serves but not as it should:
the cache is away, or an operator should act).
"""

from __future__ import annotations

import logging
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from frontend_api import replicas
from frontend_api.store.origin import origin_mismatch

logger = logging.getLogger("cms.health")


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up and answering requests."""
    return JsonResponse({"status": "ok"})


def database_status() -> str:
    """'ok' when the default database answers a query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        # Drop the broken connection so the next request opens a fresh one: service resumes
        # when the database returns, without restarting the server.
        connection.close_if_unusable_or_obsolete()
        logger.warning("database unreachable", extra={"check": "database", "error": str(exc)})
        return "unavailable"
    return "ok"


def cache_status() -> str:
    """'ok' when a value written to the cache reads back."""
    key = f"readyz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=5)
        answered = cache.get(key) == "1"
        cache.delete(key)
    except Exception as exc:  # every cache backend raises its own client's errors
        logger.warning("cache unreachable", extra={"check": "cache", "error": str(exc)})
        return "unavailable"
    return "ok" if answered else "unavailable"


CACHE_DOWN = (
    "The cache is unreachable: API rate limits are counted per process until it returns "
    "(reads go on)."
)


def replica_warnings() -> list[str]:
    """One line per configured replica that readers are not sent to now, and why."""
    return [
        f"Replica {alias} is skipped ({reason}): the API reads from the primary instead."
        for alias, reason in replicas.skipped_replicas().items()
    ]


def operator_warnings(checks: dict[str, str]) -> list[str]:
    """What serves, but not as it should until a service returns or an operator acts (the
    cache away, stored articles composed on another ``PUBLIC_BASE_URL``, a replica down or
    lagging): the server stays ready, the status says "degraded"."""
    cache_down = CACHE_DOWN if checks["cache"] != "ok" else None
    found = [warning for warning in (cache_down, origin_mismatch()) if warning]
    return found + replica_warnings()


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready when the database answers; 503 otherwise. "degraded" (still 200) with
    ``warnings`` when the cache is away (reads need only the database: the rate limit falls
    back to per-process counts) or an operator should act."""
    checks = {"database": database_status(), "cache": cache_status()}
    if replicas.replica_aliases():
        checks["replicas"] = "degraded" if replicas.skipped_replicas() else "ok"
    ready = checks["database"] == "ok"
    warnings = operator_warnings(checks) if ready else []
    body: dict = {"status": "degraded" if warnings else "ok", "checks": checks}
    if not ready:
        body["status"] = "unavailable"
    if warnings:
        body["warnings"] = warnings
    return JsonResponse(body, status=200 if ready else 503)

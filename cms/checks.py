"""Deployment checks (``manage.py check --deploy``) for running on several app servers."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs) -> list[Warning]:
    """Several app servers need one cache: throttle counts are kept in it."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(("LocMemCache", "DummyCache")):
        return [
            Warning(
                "The default cache is local to one process, so API throttling counts and "
                "cached data are not shared between app servers.",
                hint="Set REDIS_URL, e.g. redis://cache.internal:6379/0.",
                id="cms.W001",
            )
        ]
    return []


@register(Tags.database, deploy=True)
def server_database(app_configs, **kwargs) -> list[Warning]:
    """SQLite is the laptop database; app servers share PostgreSQL."""
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        return [
            Warning(
                "The database is a SQLite file, which several app servers cannot share.",
                hint="Set DATABASE_URL, e.g. postgres://cms@db.internal:5432/cms.",
                id="cms.W002",
            )
        ]
    return []

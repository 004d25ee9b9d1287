"""Benchmark settings: production-like (DEBUG off) with Wagtail's API v2 mounted for comparison.

Used only by ``manage.py bench_api`` and the gunicorn it starts; never deploy with it. The
database is a separate SQLite file unless ``DATABASE_URL`` says otherwise, so seeding thousands
of synthetic articles never touches the development database.
"""

import os

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-never-used-for-real-traffic-0123456789")
# Persistent connections, as a production deployment would have: both APIs benefit equally.
os.environ.setdefault("DB_CONN_MAX_AGE", "60")

from pathlib import Path  # noqa: E402

_BENCH_SQLITE = Path(__file__).resolve().parent.parent.parent / "bench.sqlite3"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_BENCH_SQLITE}")

from .base import *  # noqa: E402,F403

ROOT_URLCONF = "bench.urls"
INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.api.v2"]  # noqa: F405
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# Wagtail v2 caps pages at 20 by default; the comparison needs 100-item pages too.
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILAPI_SEARCH_ENABLED = True
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
# The benchmark measures the API, not the anonymous rate limit that would otherwise answer 429.
FRONTEND_API = {"THROTTLE_RATE": None}

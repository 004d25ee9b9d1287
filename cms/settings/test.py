"""Test settings: quick password hashing, in-memory e-mail; DATABASE_URL picks the database."""

import os

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")

from .base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
WAGTAILADMIN_BASE_URL = "http://testserver"
# CDN purges are recorded (frontend_api.cdn.RecordingBackend.purged) instead of sent anywhere.
WAGTAILFRONTENDCACHE = {"recording": {"BACKEND": "frontend_api.cdn.RecordingBackend"}}
FRONTEND_API = {**FRONTEND_API, "PUBLIC_BASE_URL": "https://cdn.test"}  # noqa: F405


def _worker_redis_url(url: str, worker: str) -> str:
    """The Redis database of one parallel test worker: the configured one plus 1 + its number.

    Tests clear the cache (Redis ``FLUSHDB``); one worker must not empty another's. The
    environment changes too, so servers a test starts (gunicorn, workers) share its database.
    """
    base, _, number = url.rstrip("/").rpartition("/")
    index = int(number) if number.isdigit() else 0
    return f"{base if number.isdigit() else url.rstrip('/')}/{index + 1 + int(worker[2:])}"


if REDIS_URL and os.environ.get("PYTEST_XDIST_WORKER", "").startswith("gw"):  # noqa: F405
    REDIS_URL = _worker_redis_url(REDIS_URL, os.environ["PYTEST_XDIST_WORKER"])  # noqa: F405
    os.environ["REDIS_URL"] = REDIS_URL
    CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405

# PostgreSQL: a test's commit does not wait for the disk (``synchronous_commit``, this session
# only). Rows are visible to other connections at once, as before; only a crash of the server
# could lose them, and a test database is thrown away anyway. Transactional tests commit after
# every write (each commit waited ~4 ms on CI's disk). The replica tests turn it back on.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    _options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    _options["options"] = f"{_options.get('options', '')} -c synchronous_commit=off".strip()

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

"""Laptop settings: the embedded SQLite default, DEBUG on, e-mails written to files."""

import os

os.environ.setdefault("DEBUG", "1")

from .base import *  # noqa: E402,F403

# Notification e-mails go to files in sent-mail/ (one per message), not into the server's
# console output; EMAIL_BACKEND in the environment still wins.
if "EMAIL_BACKEND" not in os.environ:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))  # noqa: F405

# A front end on the same laptop (127.0.0.1) may receive webhooks; the environment still wins.
FRONTEND_API = {"WEBHOOK_ALLOW_PRIVATE_TARGETS": True, **FRONTEND_API}  # noqa: F405

"""Health content's own settings, read from ``settings.HEALTH_CONTENT`` with defaults.

Read on every use (not cached at import) so ``override_settings`` works in tests: the
convention every app of the plugin follows (``review_workflow.conf``, ``frontend_api.conf``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Where a reader who opens a page's CMS URL is sent: the front end, with the page's path
    # on its site in place of {path}. The default is the reference client at "/".
    "FRONTEND_URL": "/?path={path}",
}


def content_setting(name: str) -> Any:
    """One health-content setting: the project's value if it set one, else the default."""
    configured = getattr(settings, "HEALTH_CONTENT", {}) or {}
    if name in configured:
        return configured[name]
    return DEFAULTS[name]

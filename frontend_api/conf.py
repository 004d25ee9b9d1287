"""The API's own settings, read from ``settings.FRONTEND_API`` with defaults.

Read on every use (not cached at import) so ``override_settings`` works in tests, the way
django-filter's ``conf`` does.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Articles per page when the client does not ask, and the most it may ask for.
    "DEFAULT_PAGE_SIZE": 20,
    "MAX_PAGE_SIZE": 100,
    # Deep pages cost an OFFSET scan; past this many items, clients narrow with filters.
    "MAX_OFFSET": 10_000,
    "MAX_SEARCH_LENGTH": 200,
    "MAX_PATH_LENGTH": 500,
    # Cache-Control max-age of published responses, in seconds.
    "CACHE_MAX_AGE": 300,
    # Anonymous request rate, DRF syntax ("600/minute"); None switches throttling off.
    "THROTTLE_RATE": "600/minute",
    # Preview tokens are refused after this many seconds.
    "PREVIEW_TOKEN_MAX_AGE": 60 * 60,
    # The public origin of the API as readers and the CDN reach it (no trailing slash), for
    # CDN purges and absolute links; None: the admin's base URL (WAGTAILADMIN_BASE_URL).
    "PUBLIC_BASE_URL": None,
}


def api_setting(name: str) -> Any:
    """One API setting: the project's value if it set one, else the default."""
    configured = getattr(settings, "FRONTEND_API", {}) or {}
    value = configured[name] if name in configured else DEFAULTS[name]
    if name == "PUBLIC_BASE_URL" and not value:
        return getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "http://localhost"
    return value

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
    # How long a rendered article stays in Django's cache. Keys change on every publish,
    # review-fact or disclaimer change, so this only bounds memory, never freshness.
    "REPRESENTATION_CACHE_TIMEOUT": 24 * 60 * 60,
    # Whole responses kept in each worker's memory per published-content generation
    # (``response_cache``): at most this many bytes per worker (0 switches the layer off), and
    # for at most this many seconds, a bound only for a generation move that was lost.
    "RESPONSE_CACHE_BYTES": 32 * 1024 * 1024,
    "RESPONSE_CACHE_TIMEOUT": 10 * 60,
    # Anonymous request rate, DRF syntax ("600/minute"); None switches throttling off.
    "THROTTLE_RATE": "600/minute",
    # Preview tokens are refused after this many seconds.
    "PREVIEW_TOKEN_MAX_AGE": 60 * 60,
}


def api_setting(name: str) -> Any:
    """One API setting: the project's value if it set one, else the default."""
    configured = getattr(settings, "FRONTEND_API", {}) or {}
    if name in configured:
        return configured[name]
    return DEFAULTS[name]

"""The API's own settings: ``api_settings``, read from ``settings.FRONTEND_API`` over the
defaults below (the plugin's convention: ``review_workflow.contract.AppSettings``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from review_workflow.contract import AppSettings

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
    # While the rate limit's shared store (the default cache) is unreachable, requests are
    # counted per process; one request tries the store again every this many seconds.
    "THROTTLE_STORE_RETRY_SECONDS": 5,
    # Reads from streaming replicas (``frontend_api.replicas``; the host project's
    # DATABASE_REPLICA_URLS): a replica further behind than this is skipped, and a publish
    # waits at most this long for the replicas before it purges the CDN and sends webhooks.
    "REPLICA_MAX_LAG_SECONDS": 5,
    # How often each process measures a replica's lag (seconds).
    "REPLICA_CHECK_SECONDS": 1,
    # Preview tokens are refused after this many seconds.
    "PREVIEW_TOKEN_MAX_AGE": 60 * 60,
    # The public origin of the API as readers and the CDN reach it (no trailing slash), for
    # CDN purges and absolute links; None: the admin's base URL (WAGTAILADMIN_BASE_URL).
    "PUBLIC_BASE_URL": None,
    # The publisher's logo in articles' JSON-LD (an absolute URL, or a path on the public
    # origin); None: no logo. Stored documents take a change at the next publish, or at once
    # with ``backfill_published_articles --recompose``.
    "PUBLISHER_LOGO_URL": None,
    # Who articles are credited to as authors ("authors", JSON-LD "author"): None names the
    # editors who wrote each published version; a name (e.g. "Health library editorial
    # team") credits that byline instead, as an organisation. Stored documents take a change
    # with ``backfill_published_articles --recompose``.
    "AUTHOR_BYLINE": None,
    # Webhooks (``frontend_api.webhooks``). Deliveries run as django_tasks tasks on this
    # backend alias and queue; the backend must be a database backend so that the wake-up
    # commits with the change that caused it.
    "WEBHOOK_TASK_BACKEND": "webhooks",
    "WEBHOOK_QUEUE": "webhooks",
    # Seconds to connect, and to wait for each read of the answer.
    "WEBHOOK_TIMEOUT": 10,
    # Attempts per delivery (the first included), and the exponential backoff between them:
    # base * 2**(attempt - 1) seconds, capped. The defaults retry for about 16 hours.
    "WEBHOOK_MAX_ATTEMPTS": 12,
    "WEBHOOK_RETRY_BASE_SECONDS": 30,
    "WEBHOOK_RETRY_MAX_SECONDS": 6 * 60 * 60,
    # How much of a receiver's answer the delivery log keeps.
    "WEBHOOK_RESPONSE_EXCERPT_BYTES": 1024,
    # Server-side request forgery: targets on loopback, private, link-local or reserved
    # addresses are refused unless this is True (laptops, tests) or the address is inside one
    # of WEBHOOK_ALLOWED_NETWORKS (CIDR strings, e.g. an internal front end's subnet). The one
    # default: the host project's settings pass the environment's choice, when it makes one.
    "WEBHOOK_ALLOW_PRIVATE_TARGETS": False,
    "WEBHOOK_ALLOWED_NETWORKS": [],
    # After a secret is rotated, deliveries are signed with the old one too for this long.
    "WEBHOOK_SECRET_ROTATION_OVERLAP": 24 * 60 * 60,
    # A due delivery still waiting this many seconds later lost its task (a worker crashed):
    # the scheduler queues it again.
    "WEBHOOK_REQUEUE_AFTER": 5 * 60,
    # Delivered deliveries (and finished task results) are deleted after this many days.
    "WEBHOOK_LOG_RETENTION_DAYS": 30,
    # PostgreSQL's text-search configuration (stemming, stop words) for each content
    # language's search rows; a language not named here is searched with "simple" (no
    # stemming). A change applies to rows written afterwards: recompose the store.
    "SEARCH_CONFIGURATIONS": {
        "en": "english",
        "es": "spanish",
        "fr": "french",
        "de": "german",
        "it": "italian",
        "pt": "portuguese",
        "nl": "dutch",
        "sv": "swedish",
        "da": "danish",
        "fi": "finnish",
        "nb": "norwegian",
        "ru": "russian",
    },
}


class ApiSettings(AppSettings):
    """The API's settings, with ``PUBLIC_BASE_URL`` falling back to the admin's base URL."""

    @property
    def PUBLIC_BASE_URL(self) -> str:  # noqa: N802  (named like the setting it reads)
        configured = self.configured.get("PUBLIC_BASE_URL") or DEFAULTS["PUBLIC_BASE_URL"]
        return configured or getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "http://localhost"


api_settings = ApiSettings("FRONTEND_API", DEFAULTS)


def public_url(path: str) -> str:
    """An absolute URL on the API's public origin (``PUBLIC_BASE_URL``): links in responses
    and CDN purges never take their host from a request."""
    return api_settings.PUBLIC_BASE_URL.rstrip("/") + path

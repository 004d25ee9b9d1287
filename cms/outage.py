"""A database or Redis outage answers 503, not a 500 page, and heals without a restart: in the
API's problem shape everywhere but the admin, where an editor gets an admin page that says
what happened and what to do."""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from frontend_api.api.problems import problem_response

logger = logging.getLogger("cms.outage")
RETRY_AFTER_SECONDS = 5


# Connection-level errors of the two backing services. An integrity error or a bug is not
# among them and still surfaces as the 500 it is.
OUTAGE_ERRORS = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)


class ServiceUnavailableMiddleware:
    """Turn "cannot reach the database (or the Redis cache)" into ``503 Service Unavailable``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, OUTAGE_ERRORS):
            return None
        logger.error(
            "backing service unavailable",
            extra={"path": request.path, "error": f"{type(exception).__name__}: {exception}"},
        )
        if is_admin_request(request):
            # Rendered first, while the request's connection is still there (a lock, not a
            # lost database, leaves it usable); without one it falls back to a plain page.
            response = admin_unavailable_page(request, exception)
        else:
            # The API's problem document (RFC 9457): the one error shape it uses everywhere.
            detail = "The service is temporarily unavailable; try again shortly."
            response = problem_response(request, 503, detail)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        # Broken connections are dropped now so the next request connects afresh.
        for connection in connections.all(initialized_only=True):
            connection.close_if_unusable_or_obsolete()
        return response


def is_admin_request(request: HttpRequest) -> bool:
    """Whether the request is for the Wagtail admin (mounted wherever the host project put it)."""
    try:
        return request.path.startswith(reverse("wagtailadmin_home"))
    except NoReverseMatch:  # a site without Wagtail's admin
        return False


BUSY = "The database was busy with another change and did not answer in time."
UNREACHABLE = "The database (or the cache) could not be reached."
# The page without anything that needs the database, for when rendering the admin's fails too.
FALLBACK_PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Try again - Wagtail'
    "</title></head><body><main><h1>Not saved: try again</h1><p>{reason} Nothing was saved. "
    'Go back and try again in a few seconds.</p><p><a href="{back}">Go back</a></p></main>'
    "</body></html>"
)


def admin_unavailable_page(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The admin's 503: an admin page (Wagtail's look), never a JSON document in an editor's
    browser tab. Nothing of a failed request was saved (its transaction rolled back), so it says
    so and offers the way back."""
    reason = BUSY if "locked" in str(exception) or "busy" in str(exception) else UNREACHABLE
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = ""
    context = {"reason": reason, "back_url": back}
    try:
        # Rendering reads the user's admin theme: with the database gone, that fails as well.
        html = render_to_string("cms/admin_unavailable.html", context, request=request)
    except Exception:  # noqa: BLE001 - any failure here falls back to the plain page
        html = FALLBACK_PAGE.format(
            reason=reason, back=escape(back or reverse("wagtailadmin_home"))
        )
    response = HttpResponse(html, status=503, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response

"""One error shape for the whole API: RFC 9457 ``application/problem+json``.

Every 4xx/5xx under ``/api/`` comes through here: DRF exceptions via ``exception_handler``,
unknown URLs, refused hosts and uncaught errors via ``handler400``/``403``/``404``/``500`` (the
host project points its handlers at these; they fall back to Django's pages outside ``/api/``).
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views import csrf, defaults
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from review_workflow.contract import MedicalSignOffRequired, log_refusal

from ..safe_json import dumps

PROBLEM_CONTENT_TYPE = "application/problem+json"


class InvalidQuery(exceptions.APIException):
    """A query parameter is unknown, repeated, malformed or out of range (400)."""

    status_code = 400
    default_detail = "The query string is not valid."

    def __init__(self, errors: list[dict[str, str]]):
        self.errors = errors
        names = ", ".join(sorted({error["parameter"] for error in errors}))
        super().__init__(f"Invalid query parameter: {names}.")


class NoSuchPage(InvalidQuery):
    """A list page past the last one or beyond the paging limit: 404, as DRF's paginators
    answer ("Invalid page."), with ``errors`` naming ``page``. The schema cannot say how many
    pages a filter has, so a schema-valid page number may find nothing there."""

    status_code = 404

    def __init__(self, detail: str):
        super().__init__([{"parameter": "page", "detail": detail}])
        self.detail = "No such page."


def problem_body(status: int, detail: str, instance: str, **extensions: Any) -> dict[str, Any]:
    """The problem document: ``about:blank`` type, so the title is the HTTP reason phrase."""
    return {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": instance,
        **extensions,
    }


def problem_response(
    request: HttpRequest, status: int, detail: str, **extensions: Any
) -> HttpResponse:
    """A plain Django response in the problem shape, for code outside DRF views."""
    body = problem_body(status, detail, request.path, **extensions)
    response = HttpResponse(dumps(body), status=status, content_type=PROBLEM_CONTENT_TYPE)
    response["Cache-Control"] = "no-store"
    return response


def _detail_text(exc: exceptions.APIException) -> str:
    detail = exc.detail
    if isinstance(detail, list | dict):
        return "The request is not valid."
    return str(detail)


def exception_handler(exc: Exception, context: dict) -> HttpResponse | None:
    """DRF's handler for headers (Retry-After, Allow), our shape for the body."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Not found.")
    elif isinstance(exc, DjangoPermissionDenied):
        # e.g. the medical-review publish guard refusing a Wagtail admin or v3 API publish:
        # the refusal is kept in the page's history, now that its transaction has unwound.
        if isinstance(exc, MedicalSignOffRequired):
            log_refusal(exc, user=getattr(context.get("request"), "user", None))
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API exception: Django's handler500 answers
    request = context["request"]
    extensions = {"errors": exc.errors} if isinstance(exc, InvalidQuery) else {}
    response.data = problem_body(
        response.status_code, _detail_text(exc), request.path, **extensions
    )
    response.content_type = PROBLEM_CONTENT_TYPE
    response["Cache-Control"] = "no-store"
    for name, value in getattr(exc, "problem_headers", {}).items():
        response[name] = value  # e.g. Location of a 301
    return response


@csrf_exempt  # the API takes no cookies: a POST to an unknown URL is a 404, not a CSRF page
def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """The answer for any URL under /api/ that no endpoint serves, whatever the method."""
    return problem_response(request, 404, "Not found.")


def api_path_prefix() -> str:
    """The first segment of the API's mount point ('/api/' for 'api/v1/'): requests under it
    get problem documents. Found by URL name, so the host mounts the API in one place."""
    return "/" + reverse("frontend_api:root").lstrip("/").split("/", 1)[0] + "/"


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith(api_path_prefix())


def handler400(request: HttpRequest, exception: Exception) -> HttpResponse:
    """JSON problem under /api/ (e.g. too many query parameters), Django's page elsewhere."""
    if is_api_request(request):
        return problem_response(request, 400, "The request is not valid.")
    return defaults.bad_request(request, exception)


def handler404(request: HttpRequest, exception: Exception) -> HttpResponse:
    """JSON problem under /api/, Django's page elsewhere."""
    if is_api_request(request):
        return api_not_found(request)
    return defaults.page_not_found(request, exception)


def handler403(request: HttpRequest, exception: Exception) -> HttpResponse:
    """JSON problem under /api/, Django's page elsewhere."""
    if is_api_request(request):
        return problem_response(request, 403, "Forbidden.")
    return defaults.permission_denied(request, exception)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: never Django's HTML page under /api/ (the API takes no cookies)."""
    if is_api_request(request):
        return problem_response(request, 403, "Forbidden.")
    return csrf.csrf_failure(request, reason=reason)


def handler500(request: HttpRequest) -> HttpResponse:
    """JSON problem under /api/, Django's page elsewhere. Never reveals the error."""
    if is_api_request(request):
        return problem_response(request, 500, "The server could not answer this request.")
    return defaults.server_error(request)

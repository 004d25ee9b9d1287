"""Published responses: validators, shared-cache headers and conditional requests (RFC 9110).

Stored documents carry their own ETag (a digest of their bytes, ``store.etag_of``) and the
instant they were written; list pages, histories and health centers get an ETag of their own
bytes (the same function) and no ``Last-Modified``, since a withdrawn article (or a renamed
center) changes them without any date a client could compare. A ``Last-Modified`` is only sent
once its second is over (``conditional.exact_last_modified``).
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date

from ..conf import api_settings
from ..store.writer import etag_of
from .conditional import PRECONDITION_FAILED, Validators, evaluate, exact_last_modified
from .problems import problem_response


def validator_headers(response: HttpResponse, validators: Validators) -> None:
    if validators.etag is not None:
        response["ETag"] = validators.etag
    if validators.last_modified is not None:
        response["Last-Modified"] = http_date(validators.last_modified.timestamp())


def public_headers(response: HttpResponse, validators: Validators) -> None:
    """Validators and shared-cache policy for a published response (200 or 304)."""
    validator_headers(response, validators)
    response["Cache-Control"] = f"public, max-age={int(api_settings.CACHE_MAX_AGE)}"
    patch_vary_headers(response, ["Origin"])


def precondition_failed(request: HttpRequest, validators: Validators) -> HttpResponse:
    response = problem_response(
        request,
        PRECONDITION_FAILED,
        "A precondition (If-Match or If-Unmodified-Since) does not hold for the current "
        "representation.",
    )
    validator_headers(response, validators)
    return response


def conditional_response(
    request: HttpRequest, validators: Validators, content: bytes, headers
) -> HttpResponse:
    """The 200 with ``content``, or the 304/412 the request's preconditions ask for;
    ``headers(response, validators)`` adds the cache policy to a 200 or a 304."""
    outcome = evaluate(request, validators)
    if outcome == PRECONDITION_FAILED:
        return precondition_failed(request, validators)
    response = HttpResponse(
        b"" if outcome else content, status=outcome or 200, content_type="application/json"
    )
    if outcome:
        del response["Content-Type"]
    headers(response, validators)
    return response


def json_response(
    request: HttpRequest, content: bytes, etag: str, changed_at: datetime | None = None
) -> HttpResponse:
    """A published JSON document with its validators, or the 304/412 its request asks for.

    ``changed_at``: when the bytes (or anything that moves the ETag) last changed, if that
    instant is exactly known; otherwise the ETag alone validates.
    """
    validators = Validators(etag, exact_last_modified(changed_at))
    return conditional_response(request, validators, content, public_headers)


def revalidated_document(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A rendered 200 that is not a stored document (the OpenAPI schema, the docs page) with
    an ETag of its bytes and the API's cache policy, or the 304/412 the request asks for.

    They change only with a deploy, so a browser or the CDN revalidates them for nothing.
    """
    validators = Validators(etag_of(response.content))
    outcome = evaluate(request, validators)
    if outcome == PRECONDITION_FAILED:
        return precondition_failed(request, validators)
    if outcome:
        response = HttpResponse(status=outcome)
        del response["Content-Type"]
    public_headers(response, validators)
    # ``?format=yaml`` is in the URL, but DRF also picks the schema's renderer by Accept.
    patch_vary_headers(response, ["Accept"])
    return response

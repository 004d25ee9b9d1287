"""Published responses: validators, shared-cache headers and conditional requests (RFC 9110).

Stored documents carry their own ETag (a digest of their bytes) and the instant they were
written; list pages get an ETag of their own bytes and no ``Last-Modified``, since a withdrawn
article changes a list without any date a client could compare.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from .conf import api_setting


def content_etag(content: bytes) -> str:
    return f'"{hashlib.sha256(content).hexdigest()[:32]}"'


def public_headers(response: HttpResponse, etag: str, last_modified: datetime | None) -> None:
    """Validators and shared-cache policy for a published response (200 or 304)."""
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    response["Cache-Control"] = f"public, max-age={int(api_setting('CACHE_MAX_AGE'))}"
    patch_vary_headers(response, ["Origin"])


def json_response(
    request: HttpRequest, content: bytes, etag: str, last_modified: datetime | None = None
) -> HttpResponse:
    """A published JSON document with its validators, or the 304/412 its request asks for."""
    timestamp = int(last_modified.timestamp()) if last_modified else None
    conditional = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if conditional is not None:
        if conditional.status_code == 304:
            public_headers(conditional, etag, last_modified)
        return conditional
    response = HttpResponse(content, content_type="application/json")
    public_headers(response, etag, last_modified)
    return response

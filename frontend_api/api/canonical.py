"""One URL per document: non-canonical spellings are sent to the canonical URL (301) or refused.

A CDN caches by URL and the purge on publish names only canonical URLs, so a second URL that
answers 200 with the same document would keep a stale copy nobody purges. Ids spelled with
leading zeros, a sign or spaces, paths percent-encoding plain characters, and find paths with
doubled or missing slashes get a ``301 Moved Permanently`` to the canonical URL; numbers in
the query string must be plain ASCII digits (``params``). Absolute URLs are built on the
configured public origin (``conf.public_url``), never on the request's Host header, and a Host
whose port is not a TCP port is refused.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest
from django.http.request import split_domain_port
from django.utils.encoding import escape_uri_path
from rest_framework import exceptions

from ..conf import api_settings, public_url


class MovedPermanently(exceptions.APIException):
    """The document lives at another, canonical URL (``Location``)."""

    status_code = 301
    default_detail = "Moved permanently."

    def __init__(self, location: str):
        self.location = location
        super().__init__(f"The canonical URL of this document is {location}")

    @property
    def problem_headers(self) -> dict[str, str]:
        # Caches may keep the redirect as long as a document: the canonical URL never moves.
        max_age = int(api_settings.CACHE_MAX_AGE)
        return {"Location": self.location, "Cache-Control": f"public, max-age={max_age}"}


class InvalidHost(exceptions.APIException):
    """The Host header names a port that no server listens on."""

    status_code = 400
    default_detail = "The Host header's port is not a valid TCP port."


def absolute(path: str, query: str = "") -> str:
    """The public absolute URL of ``path`` (already percent-encoded) and a raw query."""
    return public_url(path) + (f"?{query}" if query else "")


def refuse_invalid_port(request: HttpRequest) -> None:
    _, port = split_domain_port(request.get_host())
    if port and not (port.isdigit() and 0 < int(port) < 65536):
        raise InvalidHost()


def _raw_path(request: HttpRequest) -> str | None:
    """The path as the client spelled it, when the server passes it on (gunicorn, uvicorn)."""
    raw = request.META.get("RAW_URI") or request.META.get("REQUEST_URI")
    if raw is None:
        scope = getattr(request, "scope", None)
        raw_bytes = scope.get("raw_path") if scope else None
        return raw_bytes.decode("latin-1") if raw_bytes else None
    return urlsplit(raw).path if "://" in raw else raw.split("?", 1)[0]


def redirect_if_encoded(request: HttpRequest) -> None:
    """301 to the canonical spelling when the client percent-encoded plain characters
    (``/articles/%35/`` is ``/articles/5/``)."""
    raw = _raw_path(request)
    canonical = escape_uri_path(request.path)
    if raw is not None and raw != canonical:
        raise MovedPermanently(absolute(canonical, request.META.get("QUERY_STRING", "")))


def canonical_id(raw: str) -> int | None:
    """The article id a non-canonical spelling means (``00005``, ``+5``, `` 5``), if any."""
    digits = raw.strip().removeprefix("+").lstrip("0")
    if not digits.isascii() or not digits.isdigit() or len(digits) > 18:
        return None
    return int(digits)

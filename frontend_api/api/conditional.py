"""Conditional requests as RFC 9110 (section 13.2.2) orders them, for every API response.

Django's ``get_conditional_response`` comes close but answers 412 to ``If-Unmodified-Since``
when a resource has no modification date (the RFC says to ignore the header then), treats the
epoch as "no date", and sends an empty HTML 412. Here the order is the RFC's: ``If-Match``,
else ``If-Unmodified-Since``; then ``If-None-Match``, else ``If-Modified-Since`` (GET and HEAD
only). The dates are compared only with a ``Last-Modified`` the response can send exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.http import HttpRequest
from django.utils import timezone
from django.utils.http import parse_etags, parse_http_date_safe

NOT_MODIFIED, PRECONDITION_FAILED = 304, 412
SAFE_METHODS = ("GET", "HEAD")


def exact_last_modified(changed_at: datetime | None, now: datetime | None = None):
    """The ``Last-Modified`` to send: the change instant in whole seconds, or None while that
    second is not over.

    HTTP dates have one-second resolution: a copy fetched in the second of a change may predate
    it, and a later ``If-Modified-Since`` naming that second would get a wrong 304 (RFC 9110
    section 8.8.2.2). Until the second has passed, the ETag alone validates.
    """
    if changed_at is None:
        return None
    whole = changed_at.astimezone(UTC).replace(microsecond=0)
    if (now or timezone.now()) < whole + timedelta(seconds=1):
        return None
    return whole


def _strong(tag: str) -> str | None:
    return None if tag.startswith("W/") else tag


def _weak(tag: str) -> str:
    return tag.removeprefix("W/")


@dataclass(frozen=True)
class Validators:
    """What a response can be validated by: its ETag and, if exact, its Last-Modified."""

    etag: str | None
    last_modified: datetime | None = None

    def if_match(self, header: str) -> bool:
        tags = parse_etags(header)
        if tags == ["*"]:
            return True
        return self.etag is not None and _strong(self.etag) in [_strong(t) for t in tags]

    def if_none_match(self, header: str) -> bool:
        """True when the condition holds (no tag matches)."""
        tags = parse_etags(header)
        if tags == ["*"]:
            return False
        return self.etag is None or _weak(self.etag) not in [_weak(t) for t in tags]

    def modified_since(self, header: str) -> bool | None:
        """None when the header or the date is missing (the header is then ignored)."""
        since = parse_http_date_safe(header)
        if since is None or self.last_modified is None:
            return None
        return self.last_modified.timestamp() > since


def evaluate(request: HttpRequest, validators: Validators) -> int | None:
    """304, 412 or None (serve the representation) for the request's preconditions."""
    headers = request.headers
    if "If-Match" in headers:
        if not validators.if_match(headers["If-Match"]):
            return PRECONDITION_FAILED
    elif "If-Unmodified-Since" in headers:
        if validators.modified_since(headers["If-Unmodified-Since"]):
            return PRECONDITION_FAILED
    if "If-None-Match" in headers:
        if not validators.if_none_match(headers["If-None-Match"]):
            return NOT_MODIFIED if request.method in SAFE_METHODS else PRECONDITION_FAILED
    elif "If-Modified-Since" in headers and request.method in SAFE_METHODS:
        if validators.modified_since(headers["If-Modified-Since"]) is False:
            return NOT_MODIFIED
    return None

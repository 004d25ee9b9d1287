"""Whole public responses, kept in each worker's memory per published-content generation.

A cacheable GET is looked up by the request's URL, host, scheme and Accept header together
with the current generation (``generation.current()``, one indexed one-row read). A hit is
answered from bytes: with a 304 when the client's ETag matches, without building a site, a
page model or a query. A miss runs the view and keeps its 200 under the generation it read
*before* running, so a response built while content changed is never kept under the newer
generation. When any worker sees a newer generation it drops everything it kept, which also
bounds memory to what one generation's traffic needs (within ``RESPONSE_CACHE_BYTES``).

This layer sits above the shared representation cache (``caching``), which renders each
article once per published state for all workers: a generation change costs each worker one
cheap rebuild per URL, not a re-render.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from . import generation
from .conf import api_setting
from .generation import Generation

# The headers a response carries from the view; middleware adds its own on every request.
KEPT_HEADERS = ("Content-Type", "ETag", "Last-Modified", "Cache-Control", "Vary", "Allow")
# The request headers that can turn a kept 200 into a 304 or a 412.
CONDITIONAL_HEADERS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)


@dataclass(frozen=True)
class KeptResponse:
    """A 200's body and view headers, and when it stops being reused whatever the generation."""

    body: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str | None
    last_modified: int | None
    expires_at: float

    @classmethod
    def of(cls, response: HttpResponse, timeout: float) -> KeptResponse:
        headers = tuple((name, response[name]) for name in KEPT_HEADERS if name in response)
        last_modified = response.get("Last-Modified")
        return cls(
            body=response.content,
            headers=headers,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(last_modified) if last_modified else None,
            expires_at=time.monotonic() + timeout,
        )

    def respond(self, request: HttpRequest) -> HttpResponse:
        """This response again, or a 304 when the client's validators match it."""
        # Django's RFC 9110 evaluation, only when the client sent a validator (it is the
        # costliest step of a hit otherwise).
        if any(header in request.META for header in CONDITIONAL_HEADERS):
            conditional = get_conditional_response(
                request, etag=self.etag, last_modified=self.last_modified
            )
            if conditional is not None and conditional.status_code == 304:
                for name, value in self.headers:
                    if name != "Content-Type":
                        conditional[name] = value
                return conditional
        response = HttpResponse(self.body)
        for name, value in self.headers:
            response[name] = value
        return response


class LocalResponseCache:
    """A byte-bounded LRU of ``KeptResponse`` for one generation at a time (per process)."""

    def __init__(self) -> None:
        self._entries: OrderedDict[str, KeptResponse] = OrderedDict()
        self._bytes = 0
        self._generation: Generation | None = None
        self._lock = threading.Lock()

    def get(self, generation_now: Generation, key: str) -> KeptResponse | None:
        with self._lock:
            if generation_now != self._generation:
                return None
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.expires_at <= time.monotonic():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, generation_built: Generation, key: str, entry: KeptResponse, budget: int) -> None:
        if len(entry.body) > budget:
            return
        with self._lock:
            if self._generation is not None and generation_built < self._generation:
                return  # built from older content than this worker already serves
            if generation_built != self._generation:
                self._clear_entries()
                self._generation = generation_built
            if key in self._entries:
                self._drop(key)
            self._entries[key] = entry
            self._bytes += len(entry.body)
            while self._bytes > budget:
                self._drop(next(iter(self._entries)))

    def clear(self) -> None:
        with self._lock:
            self._clear_entries()
            self._generation = None

    def _clear_entries(self) -> None:
        self._entries.clear()
        self._bytes = 0

    def _drop(self, key: str) -> None:
        self._bytes -= len(self._entries.pop(key).body)

    @property
    def size_bytes(self) -> int:
        return self._bytes


responses = LocalResponseCache()


def request_key(request: HttpRequest) -> str:
    """Everything about a GET that can change the response the public views build."""
    return "\x1f".join(
        (
            request.scheme,
            request._get_raw_host(),
            request.get_port() or "",
            request.path,
            request.META.get("QUERY_STRING", ""),
            request.META.get("HTTP_ACCEPT", ""),
        )
    )


@dataclass(frozen=True)
class Lookup:
    """A cacheable request: the generation read before anything else, its key, any hit."""

    generation: Generation
    key: str
    kept: KeptResponse | None


def look_up(request: HttpRequest) -> Lookup | None:
    """Where this request's response is kept, or None when it may not be kept at all."""
    if request.method not in ("GET", "HEAD") or not api_setting("RESPONSE_CACHE_BYTES"):
        return None
    generation_now = generation.current()
    if generation_now is None:
        return None
    key = request_key(request)
    return Lookup(generation_now, key, responses.get(generation_now, key))


def keep(lookup: Lookup, response: HttpResponse) -> None:
    """Keep a 200 under the generation read before it was built; errors and 304s never."""
    if response.status_code != 200 or response.streaming:
        return
    entry = KeptResponse.of(response, api_setting("RESPONSE_CACHE_TIMEOUT"))
    responses.put(lookup.generation, lookup.key, entry, api_setting("RESPONSE_CACHE_BYTES"))

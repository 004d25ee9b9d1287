"""The ceiling: our own API responses, captured once per kind, then served as bytes from memory.

It runs through the same gunicorn, middleware and URL routing as the real endpoints, so its
throughput is what the stack can do when a view costs nothing. ``/bench/ceiling/<path>?<query>``
serves the response of the first URL of the same kind (the same view: article detail, article
list) that this worker captured: a walk over thousands of distinct URLs is then answered with
bytes of the right size without keeping thousands of responses. Conditional requests get a 304
like ours would.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.test import Client
from django.urls import Resolver404, resolve


@dataclass(frozen=True)
class CapturedResponse:
    """A response's body and the headers a front end relies on."""

    status: int
    body: bytes
    content_type: str
    etag: str | None
    cache_control: str | None


# Per process on purpose: the ceiling is the cost of serving bytes already in memory.
_captured: dict[str, CapturedResponse] = {}


def kind(target: str) -> str:
    """What the ceiling keeps one response for: the view that answers ``target`` and the page
    size asked for (a one-item warm-up list must not stand in for 20-item pages)."""
    path, _, query = target.partition("?")
    page_size = parse_qs(query).get("page_size", [""])[0]
    try:
        view = resolve(path).view_name or path
    except Resolver404:
        view = path
    return f"{view} page_size={page_size}" if page_size else view


def capture(target: str) -> CapturedResponse:
    """The kept response of ``target``'s kind; the first of a kind is fetched in-process
    through the full Django stack."""
    key = kind(target)
    if key not in _captured:
        response = Client(HTTP_HOST="127.0.0.1").get(target)
        _captured[key] = CapturedResponse(
            status=response.status_code,
            body=response.content,
            content_type=response.get("Content-Type", "application/json"),
            etag=response.get("ETag"),
            cache_control=response.get("Cache-Control"),
        )
    return _captured[key]


def alive_view(request: HttpRequest) -> HttpResponse:
    """Answers 204 once a worker is up; the harness polls it before loading the server."""
    return HttpResponse(status=204)


def ceiling_view(request: HttpRequest, target: str) -> HttpResponse:
    """Serve the captured response of ``/<target>`` with this request's query string."""
    query = request.META.get("QUERY_STRING", "")
    captured = capture(f"/{target}" + (f"?{query}" if query else ""))
    if captured.etag and request.headers.get("If-None-Match") == captured.etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(
            captured.body, status=captured.status, content_type=captured.content_type
        )
    if captured.etag:
        response["ETag"] = captured.etag
    if captured.cache_control:
        response["Cache-Control"] = captured.cache_control
    return response

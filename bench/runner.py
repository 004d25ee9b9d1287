"""Measure each workload: SQL queries and size in-process, throughput and CPU on a fresh server.

Every walk gets a server of its own, started for it and stopped after it: no run inherits the
previous run's queued requests, warm worker memory or open database connections, and none
warms the next. The server is warmed only by a few requests outside the walk (imports, the
database connection), so what the walk measures is first requests for its URLs. What the
database and the operating system keep in memory (page cache, PostgreSQL's shared buffers)
does carry over: a production origin has that too.

Query counts come from Django's ``CaptureQueriesContext`` around one request for the walk's
first URL in this process, after its warm-up request. CPU is the workers'
user+system time from ``/proc`` over the walk divided by the requests served.
"""

from __future__ import annotations

import http.client
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .walk import WalkResult, walk
from .workloads import Walk, Workload

# Requests outside the walk, two at a time on new connections, so that every worker has
# connected to the database and run the API's code once before the walk starts.
WARM_UP_REQUESTS = 8
ANSWER_TIMEOUT = 300


@dataclass(frozen=True)
class InProcessFacts:
    """What one request for the walk's first URL costs and returns, without the network."""

    status: int
    queries: int
    size_bytes: int


@dataclass(frozen=True)
class Measurement:
    """Everything measured for one walk; ``problem`` says why a part is missing."""

    walk: Walk
    facts: InProcessFacts | None = None
    result: WalkResult | None = None
    cpu_ms_per_request: float | None = None
    worker_rss_mb: tuple[float, ...] = ()
    server_pid: int | None = None
    problem: str | None = None


@dataclass(frozen=True)
class WorkloadResult:
    """The measurements of one workload (any may be None when not applicable)."""

    workload: Workload
    connections: int
    ours: Measurement | None
    wagtail: Measurement | None
    ceiling: Measurement | None


def measure_in_process(url: str, warm_up: str) -> InProcessFacts:
    """Query count, status and body size of one request for ``url``, after one for ``warm_up``
    (process-wide lookups such as content types are then loaded, as in a running worker; a
    slow search is not paid twice)."""
    client = Client(HTTP_HOST="127.0.0.1")
    client.get(warm_up)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return InProcessFacts(
        status=response.status_code,
        queries=len(queries.captured_queries),
        size_bytes=len(response.content),
    )


def http_status(base_url: str, url: str) -> int:
    """The status the server answers ``url`` with, without following redirects."""
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=ANSWER_TIMEOUT)
    try:
        conn.request("GET", url)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


ServerFactory = Callable[[], AbstractContextManager]


class WorkloadRunner:
    """Walks every workload's URL lists, each on a server of its own, with the same settings.

    ``start_server()`` returns a context manager yielding a running server (``base_url``,
    ``pid``, ``worker_cpu_seconds()``, ``worker_rss_mb()``) and stopping it on exit.
    """

    def __init__(
        self,
        start_server: ServerFactory,
        *,
        max_seconds: float,
        connections: int,
        in_process: bool = True,
    ):
        self.start_server = start_server
        self.max_seconds = max_seconds
        self.connections = connections
        self.in_process = in_process

    def run(self, workload: Workload) -> WorkloadResult:
        connections = workload.connections or self.connections
        return WorkloadResult(
            workload=workload,
            connections=connections,
            ours=self.measure(workload.ours, connections),
            wagtail=self.measure(workload.wagtail, connections),
            ceiling=self.measure(workload.ceiling, connections),
        )

    def measure(self, target: Walk | None, connections: int) -> Measurement | None:
        if target is None:
            return None
        facts = measure_in_process(target.urls[0], target.warm_up) if self.in_process else None
        if facts and facts.status != target.expected_status:
            return Measurement(target, facts, problem=f"in-process status {facts.status}")
        try:
            with self.start_server() as server:  # a fresh server, stopped after this walk
                return self._walk(server, target, facts, connections)
        except OSError as error:  # includes timeouts: report the row, keep measuring the rest
            return Measurement(target, facts, problem=f"no answer: {error!r}")

    def _walk(self, server, target: Walk, facts, connections: int) -> Measurement:
        # Two at a time, so that both sync workers answer warm-up requests.
        with ThreadPoolExecutor(max_workers=2) as pool:
            statuses = set(
                pool.map(
                    lambda _: http_status(server.base_url, target.warm_up), range(WARM_UP_REQUESTS)
                )
            )
        if statuses != {200}:
            return Measurement(target, facts, problem=f"warm-up status {sorted(statuses)}")
        cpu_before = server.worker_cpu_seconds()
        result = walk(
            server.base_url, target.urls, connections=connections, max_seconds=self.max_seconds
        )
        cpu_ms = (server.worker_cpu_seconds() - cpu_before) * 1000
        problem = None
        if result.errors or result.bad_status:
            problem = f"{result.errors} socket errors, {result.bad_status} error statuses"
        return Measurement(
            walk=target,
            facts=facts,
            result=result,
            cpu_ms_per_request=cpu_ms / result.requests if result.requests else None,
            worker_rss_mb=tuple(server.worker_rss_mb()),
            server_pid=server.pid,
            problem=problem,
        )

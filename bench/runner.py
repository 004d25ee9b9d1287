"""Measure each scenario: SQL queries and size in-process, throughput and CPU under load.

Query counts come from Django's ``CaptureQueriesContext`` around one warm request in this
process, so they are exact and repeatable. Throughput, latency and CPU come from the gunicorn
server under a bounded load; CPU is the workers' user+system time from ``/proc`` divided by
the requests served.
"""

from __future__ import annotations

import http.client
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .load import LoadResult, run_load
from .scenarios import Scenario, Target
from .server import GunicornServer

# Requests sent one by one, each on a new connection, before the load: with two sync workers
# taking turns to accept, both fill their caches as a server that has been up a while would.
WARM_UP_REQUESTS = 8
# Slow endpoints (search over 100,000 articles) take seconds per request, and more so while the
# requests a load run left queued in gunicorn are still being answered.
ANSWER_TIMEOUT = 300
IDLE_PROBE = Target("/bench/alive/", expected_status=204)


@dataclass(frozen=True)
class InProcessFacts:
    """What one warm request costs and returns, measured without the network."""

    status: int
    queries: int
    size_bytes: int
    etag: str | None


@dataclass(frozen=True)
class Measurement:
    """Everything measured for one target; ``problem`` says why a part is missing."""

    target: Target
    facts: InProcessFacts | None = None
    load: LoadResult | None = None
    cpu_ms_per_request: float | None = None
    problem: str | None = None


@dataclass(frozen=True)
class ScenarioResult:
    """The measurements of one scenario (any may be None when not applicable)."""

    scenario: Scenario
    ours: Measurement | None
    wagtail: Measurement | None
    ceiling: Measurement | None


def measure_in_process(target: Target) -> InProcessFacts:
    """Query count, status and body size of a warm request (caches filled by a first one)."""
    client = Client(HTTP_HOST="127.0.0.1")
    client.get(target.url, headers=target.headers)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(target.url, headers=target.headers)
    return InProcessFacts(
        status=response.status_code,
        queries=len(queries.captured_queries),
        size_bytes=len(response.content),
        etag=response.get("ETag"),
    )


def http_status(base_url: str, target: Target) -> int:
    """The status the server answers with, without following redirects."""
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=ANSWER_TIMEOUT)
    try:
        conn.request("GET", target.url, headers=target.headers)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


class ScenarioRunner:
    """Runs every target of every scenario against one server with the same load settings."""

    def __init__(self, server: GunicornServer, *, duration: float, connections: int):
        self.server = server
        self.duration = duration
        self.connections = connections

    def run(self, scenario: Scenario) -> ScenarioResult:
        return ScenarioResult(
            scenario=scenario,
            ours=self.measure(scenario.ours),
            wagtail=self.measure(scenario.wagtail),
            ceiling=self.measure(scenario.ceiling),
        )

    def measure(self, target: Target | None) -> Measurement | None:
        if target is None:
            return None
        facts = measure_in_process(target)
        if facts.status != target.expected_status:
            return Measurement(target, facts, problem=f"in-process status {facts.status}")
        try:
            return self._load(target, facts)
        except OSError as error:  # includes timeouts: report the row, keep measuring the rest
            return Measurement(target, facts, problem=f"no answer: {error!r}")
        finally:
            self.wait_until_idle()

    def wait_until_idle(self) -> None:
        """Let the server answer what the load left queued, so the next run starts clean."""
        try:
            for _ in range(2):  # one probe per worker, each queued behind that worker's backlog
                http_status(self.server.base_url, IDLE_PROBE)
        except OSError:
            return  # a server that stopped answering shows up in the next measurement

    def _load(self, target: Target, facts: InProcessFacts) -> Measurement:
        statuses = {http_status(self.server.base_url, target) for _ in range(WARM_UP_REQUESTS)}
        if statuses != {target.expected_status}:
            return Measurement(target, facts, problem=f"server status {sorted(statuses)}")
        url = self.server.base_url + target.url
        cpu_before = self.server.worker_cpu_seconds()
        load = run_load(
            url, duration=self.duration, connections=self.connections, headers=target.headers
        )
        cpu_ms = (self.server.worker_cpu_seconds() - cpu_before) * 1000
        per_request = cpu_ms / load.requests if load.requests else None
        problem = None
        if load.errors or load.bad_status:
            problem = f"{load.errors} socket errors, {load.bad_status} error statuses under load"
        return Measurement(target, facts, load, per_request, problem)

"""Walks request each URL once against a real server; every walk gets a fresh server; the report
prints every column and ratio."""

import threading
import time
from collections import Counter
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import report, walk, workloads
from bench.runner import InProcessFacts, Measurement, WorkloadResult, WorkloadRunner
from bench.server import PORT_RANGE, reserved_port
from bench.workloads import Walk, Workload

WALKERS = [
    pytest.param(walk.walk_with_python, id="python"),
    pytest.param(
        walk.walk_with_wrk,
        id="wrk",
        marks=pytest.mark.skipif(not walk.wrk_available(), reason="wrk is not installed"),
    ),
]


class RecordingServer:
    """A real HTTP server that counts the paths it was asked for; ``/slow/`` paths take a
    while, ``/missing/`` ones answer 404, and every other answer closes the connection, as
    gunicorn's sync workers do."""

    def __init__(self):
        self.seen: Counter[str] = Counter()
        self.lock = threading.Lock()
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                with recorder.lock:
                    recorder.seen[self.path] += 1
                if self.path.startswith("/slow/"):
                    time.sleep(0.2)
                status = 404 if self.path.startswith("/missing/") else 200
                close = "close" if self.path.endswith("1/") else "keep-alive"
                # One write: headers and body together, so no Nagle delay between them.
                head = f"HTTP/1.1 {status} X\r\nContent-Length: 2\r\nConnection: {close}\r\n"
                self.wfile.write(f"{head}\r\nok".encode())
                self.close_connection = close == "close"

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)  # any free port
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.pid = id(self)

    def worker_cpu_seconds(self) -> float:
        return time.process_time()

    def worker_rss_mb(self) -> list[float]:
        return [1.0]


@contextmanager
def recording_server(started: list | None = None):
    server = RecordingServer()
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    if started is not None:
        started.append(server)
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


def test_a_reserved_port_is_in_the_bench_range_and_no_one_else_gets_it_until_released():
    with reserved_port() as first:
        assert first in PORT_RANGE
        with reserved_port() as second:
            assert second in PORT_RANGE and second != first
    with reserved_port(range(first, first + 1)) as again:  # released: free to take again
        assert again == first


@pytest.mark.parametrize("walker", WALKERS)
@pytest.mark.parametrize("connections", [1, 4, 12])
def test_a_walk_requests_each_url_exactly_once(walker, connections):
    urls = [f"/articles/{n}/" for n in range(57)]
    with recording_server() as server:
        result = walker(server.base_url, urls, connections=connections, max_seconds=60)
    assert server.seen == Counter(urls)  # each listed URL once, nothing else
    assert result.complete and result.requests == result.planned == 57
    assert result.errors == result.bad_status == 0
    assert 0 < result.p50_ms <= result.p99_ms and result.seconds > 0


@pytest.mark.parametrize("walker", WALKERS)
def test_a_walk_cut_short_by_its_time_limit_still_requests_no_url_twice(walker):
    urls = [f"/slow/{n}/" for n in range(200)]
    with recording_server() as server:
        result = walker(server.base_url, urls, connections=2, max_seconds=1)
    assert not result.complete and 0 < result.requests < 200
    assert set(server.seen) <= set(urls) and max(server.seen.values()) == 1


@pytest.mark.parametrize("walker", WALKERS)
def test_a_walk_counts_error_statuses(walker):
    urls = [f"/missing/{n}/" for n in range(10)]
    with recording_server() as server:
        result = walker(server.base_url, urls, connections=2, max_seconds=30)
    assert result.bad_status == result.requests == 10


def test_every_walk_runs_on_a_server_of_its_own():
    started = []
    workload = Workload(
        "detail",
        ours=Walk(tuple(f"/ours/{n}/" for n in range(30)), warm_up="/ours/warm/"),
        wagtail=Walk(tuple(f"/v2/{n}/" for n in range(30)), warm_up="/v2/warm/"),
        ceiling=Walk(tuple(f"/ceiling/{n}/" for n in range(30)), warm_up="/ceiling/warm/"),
    )
    runner = WorkloadRunner(
        lambda: recording_server(started), max_seconds=30, connections=4, in_process=False
    )
    result = runner.run(workload)
    assert len(started) == 3  # one server per walk: ours, v2, ceiling
    for server, walked in zip(
        started, (workload.ours, workload.wagtail, workload.ceiling), strict=True
    ):
        # Each server saw its own walk, each URL once, and its warm-up requests: nothing that
        # another walk asked for, so no walk warmed or queued work for another.
        assert server.seen == Counter(walked.urls) + Counter({walked.warm_up: 8})
    assert {m.server_pid for m in (result.ours, result.wagtail, result.ceiling)} == {
        id(server) for server in started
    }
    assert "3 walks on 3 freshly started servers" in report.servers_line([result])


def _measured(rps: float, queries: int, planned: int = 100) -> Measurement:
    seconds = 2.0
    requests = min(planned, int(rps * seconds))
    return Measurement(
        walk=Walk(("/x/",), warm_up="/"),
        facts=InProcessFacts(status=200, queries=queries, size_bytes=2048),
        result=walk.WalkResult(planned, requests, seconds, 1.5, 9.0, 0, 0),
        cpu_ms_per_request=0.5,
    )


def _workload(name="cold detail", ceiling=True):
    walk_ = Walk(("/a/",), warm_up="/")
    return Workload(name, walk_, walk_, walk_ if ceiling else None, note="each once")


def test_the_table_has_every_column_and_the_ratios_on_our_row():
    result = WorkloadResult(
        _workload(),
        16,
        ours=_measured(50, 1),
        wagtail=_measured(5, 8),
        ceiling=_measured(100, 0, planned=1000),
    )
    header, _, ours, wagtail, ceiling = report.markdown_table([result]).splitlines()
    for column in report.COLUMNS:
        assert column in header
    cells = [cell.strip() for cell in ours.strip("|").split("|")]
    assert cells == [
        "cold detail", "ours", "16", "100/100", "50", "1.5", "9.0", "0.50", "2.0", "1",
        "10.00×", "0.50×",
    ]  # fmt: skip
    assert "Wagtail v2" in wagtail and "10/100" in wagtail
    assert "ceiling" in ceiling and "200/1,000" in ceiling


def test_a_workload_without_a_ceiling_has_no_ceiling_row():
    result = WorkloadResult(
        _workload("long-tail search, 1 connection", ceiling=False),
        1,
        ours=_measured(40, 2),
        wagtail=_measured(1, 6),
        ceiling=None,
    )
    rows = report.table_rows([result])
    assert [row[1] for row in rows] == ["ours", "Wagtail v2"]
    assert rows[0][-2:] == ["40.00×", ""]


def test_a_walk_stopped_at_its_time_limit_is_named_in_the_notes():
    result = WorkloadResult(
        _workload(), 16, ours=_measured(50, 1), wagtail=_measured(5, 8), ceiling=None
    )
    lines = report.notes([result])
    assert "cold detail: each once." in lines
    assert any("Wagtail v2: stopped at the time limit after 10 of 100 URLs" in x for x in lines)
    assert not any(", ours: stopped" in line for line in lines)


def test_a_missing_measurement_is_shown_as_not_available():
    result = WorkloadResult(_workload(), 16, None, None, None)
    assert report.table_rows([result])[0][3:10] == [report.MISSING] * 7


def test_a_walk_without_answers_has_a_zero_rate_and_no_latencies():
    silent = Measurement(
        walk=Walk(("/x/",), warm_up="/"),
        result=walk.WalkResult(400, 0, 10.0, 0.0, 0.0, 0, 0),
    )
    result = WorkloadResult(_workload(ceiling=False), 1, ours=silent, wagtail=silent, ceiling=None)
    row = report.table_rows([result])[0]
    assert row[3:7] == ["0/400", "0.0", report.MISSING, report.MISSING]


def test_a_search_row_shows_the_median_and_p90_matches_per_query():
    walk_ = Walk(("/a/",), warm_up="/")
    searched = Workload("long-tail search, 1 connection", walk_, walk_, None, matches=(12, 3400))
    result = WorkloadResult(searched, 1, _measured(40, 2), _measured(1, 6), None)
    rows = report.table_rows([result])
    assert rows[0][0] == (
        "long-tail search, 1 connection (matches per query: median 12, p90 3,400)"
    )
    assert rows[1][0] == ""


def test_the_median_and_p90_of_match_counts():
    assert workloads.median_and_p90(list(range(1, 11))) == (5, 9)
    assert workloads.median_and_p90([0, 0, 7]) == (0, 7)

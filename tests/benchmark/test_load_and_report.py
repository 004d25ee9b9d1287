"""The load generator measures a real server; the report prints every column and ratio."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import load, report
from bench.runner import (
    InProcessFacts,
    Measurement,
    ScenarioResult,
    ScenarioRunner,
)
from bench.scenarios import Scenario, Target
from bench.server import PORT_RANGE, GunicornServer, free_port


class _Hello(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the generator expects

    def do_GET(self):
        body = b"hello"
        self.send_response(404 if self.path == "/missing" else 200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def tiny_server():
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), _Hello)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_free_port_is_in_the_bench_range():
    assert free_port() in PORT_RANGE


def test_the_python_generator_counts_requests_and_latency(tiny_server):
    result = load._run_python(f"{tiny_server}/", duration=0.5, connections=2, headers={})
    assert result.requests > 0
    assert result.errors == 0 and result.bad_status == 0
    assert 0 < result.p50_ms <= result.p99_ms


def test_the_python_generator_counts_error_statuses(tiny_server):
    result = load._run_python(f"{tiny_server}/missing", duration=0.3, connections=1, headers={})
    assert result.bad_status == result.requests > 0


@pytest.mark.skipif(not load.wrk_available(), reason="wrk is not installed")
def test_wrk_reports_requests_and_percentiles(tiny_server):
    result = load._run_wrk(f"{tiny_server}/", duration=1, connections=2, headers={})
    assert result.requests > 0 and result.seconds > 0
    assert result.p50_ms <= result.p99_ms


def _measured(rps: float, queries: int) -> Measurement:
    seconds = 2.0
    return Measurement(
        target=Target("/x/"),
        facts=InProcessFacts(status=200, queries=queries, size_bytes=2048, etag=None),
        load=load.LoadResult(int(rps * seconds), seconds, 1.5, 9.0, 0, 0),
        cpu_ms_per_request=0.5,
    )


def test_the_table_has_every_column_and_the_ratios_on_our_row():
    result = ScenarioResult(
        Scenario("detail", Target("/a/"), Target("/b/"), Target("/c/")),
        ours=_measured(1000, 2),
        wagtail=_measured(100, 10),
        ceiling=_measured(2000, 0),
    )
    table = report.markdown_table([result])
    header, _, ours, wagtail, ceiling = table.splitlines()
    for column in report.COLUMNS:
        assert column in header
    cells = [cell.strip() for cell in ours.strip("|").split("|")]
    assert cells == ["detail", "ours", "1,000", "1.5", "9.0", "0.50", "2.0", "2", "10.00×", "0.50×"]
    assert "Wagtail v2" in wagtail and "ceiling" in ceiling


def test_a_missing_measurement_is_shown_as_not_available():
    result = ScenarioResult(Scenario("detail, 304", None, None, None), None, None, None)
    assert report.table_rows([result])[0][2:] == [report.MISSING] * 8


@pytest.mark.urls("bench.urls")
def test_a_server_that_does_not_answer_is_reported_not_fatal(published_article):
    silent = GunicornServer(process=None, port=free_port())  # nothing listens there
    runner = ScenarioRunner(silent, duration=1, connections=1)
    measurement = runner.measure(Target(f"/api/v2/pages/{published_article.pk}/"))
    assert measurement.facts.status == 200  # measured in-process all the same
    assert measurement.load is None
    assert "no answer" in measurement.problem


def test_the_memory_line_lists_worker_rss_by_requests_served():
    line = report.memory_line([(1_000, [150.4, 151.0]), (10_000, [152.0, 150.9])])
    assert "1,000 req: 150/151" in line and "10,000 req: 152/151" in line


def test_memory_growth_is_judged_against_ten_percent():
    from bench.memory import MemoryGrowth

    steady = MemoryGrowth({1_000: [100.0, 100.0], 10_000: [104.0, 101.0]})
    assert steady.growth == pytest.approx(0.025)
    assert "+2.5% (within 10 %)" in steady.line()
    growing = MemoryGrowth({1_000: [100.0, 100.0], 10_000: [120.0, 110.0]})
    assert "(over 10 %)" in growing.line()


def test_v2_find_is_also_reported_with_the_detail_a_client_needs_after_its_redirect():
    def scenario(name, ours_rps, v2_rps):
        return ScenarioResult(
            Scenario(name, Target("/a/"), Target("/b/"), Target("/c/")),
            ours=_measured(ours_rps, 1),
            wagtail=_measured(v2_rps, 8),
            ceiling=_measured(4000, 0),
        )

    line = report.find_then_detail_line(
        [scenario("detail", 3000, 200), scenario("find by path", 3000, 300)]
    )
    assert "120 complete answers/s" in line  # 1 / (1/300 + 1/200)
    assert "25.00×" in line

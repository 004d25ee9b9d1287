"""Drive a bounded HTTP load at one URL and read back throughput and latency percentiles.

wrk (Debian's ``wrk`` package) is used when installed; otherwise a small threaded Python
generator with keep-alive connections does the same job, more slowly. Either way the result is
a :class:`LoadResult`, and each run stops after its duration.
"""

from __future__ import annotations

import http.client
import json
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

# Seconds before a request counts as failed; generous, so slow endpoints report their latency.
REQUEST_TIMEOUT = 60
# wrk calls done() once at the end; printing JSON there gives exact percentiles, not the
# rounded human-readable summary.
WRK_REPORT_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write("BENCH_JSON ")
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"errors": %d, "non_2xx_3xx": %d}\\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(99),
    errors.connect + errors.read + errors.write + errors.timeout, errors.status))
end
"""


@dataclass(frozen=True)
class LoadResult:
    """Throughput and latency of one load run."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    bad_status: int

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def run_load(
    url: str, *, duration: float, connections: int, headers: dict[str, str] | None = None
) -> LoadResult:
    """Load ``url`` for ``duration`` seconds over ``connections`` keep-alive connections."""
    if wrk_available():
        return _run_wrk(url, duration=duration, connections=connections, headers=headers or {})
    return _run_python(url, duration=duration, connections=connections, headers=headers or {})


def _run_wrk(url, *, duration, connections, headers) -> LoadResult:
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "report.lua"
        script.write_text(WRK_REPORT_SCRIPT)
        command = [
            "wrk",
            "--threads",
            str(min(2, connections)),
            "--connections",
            str(connections),
            "--duration",
            f"{max(1, round(duration))}s",
            "--timeout",
            f"{REQUEST_TIMEOUT}s",
            "--script",
            str(script),
        ]
        for name, value in headers.items():
            command += ["--header", f"{name}: {value}"]
        output = subprocess.run(
            [*command, url], capture_output=True, text=True, timeout=duration + 30, check=True
        ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    data = json.loads(line.removeprefix("BENCH_JSON "))
    return LoadResult(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        errors=data["errors"],
        bad_status=data["non_2xx_3xx"],
    )


class _PythonWorker(threading.Thread):
    """One keep-alive connection sending requests back to back until the deadline."""

    def __init__(self, url: str, headers: dict[str, str], deadline: float):
        super().__init__(daemon=True)
        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.target = parts.path + (f"?{parts.query}" if parts.query else "")
        self.headers = headers
        self.deadline = deadline
        self.latencies: list[float] = []
        self.errors = 0
        self.bad_status = 0

    def run(self) -> None:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=REQUEST_TIMEOUT)
        while time.monotonic() < self.deadline:
            started = time.perf_counter()
            try:
                conn.request("GET", self.target, headers=self.headers)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                self.errors += 1
                conn.close()
                conn = http.client.HTTPConnection(self.host, self.port, timeout=REQUEST_TIMEOUT)
                continue
            self.latencies.append(time.perf_counter() - started)
            if response.status >= 400:
                self.bad_status += 1
        conn.close()


def _run_python(url, *, duration, connections, headers) -> LoadResult:
    started = time.monotonic()
    workers = [_PythonWorker(url, headers, started + duration) for _ in range(connections)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(duration + 15)
    elapsed = time.monotonic() - started
    latencies = sorted(value for worker in workers for value in worker.latencies)
    return LoadResult(
        requests=len(latencies),
        seconds=elapsed,
        p50_ms=_percentile(latencies, 50) * 1000,
        p99_ms=_percentile(latencies, 99) * 1000,
        errors=sum(worker.errors for worker in workers),
        bad_status=sum(worker.bad_status for worker in workers),
    )


def _percentile(sorted_values: list[float], percent: int) -> float:
    if not sorted_values:
        return 0.0
    if len(sorted_values) == 1:
        return sorted_values[0]
    return statistics.quantiles(sorted_values, n=100, method="inclusive")[percent - 1]

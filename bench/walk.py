"""Request a list of distinct URLs, each once, over N connections; read throughput and latency.

wrk (Debian's ``wrk`` package) drives the walk when installed: a Lua script gives each wrk
thread its share of the list and hands the next URL to whichever connection is free, parks a
connection once its thread's share is sent, and reports when every answer is in; the harness
then stops wrk at once instead of waiting out ``--duration``. Without wrk a threaded Python
generator walks the list the same way, more slowly (its figures are lower bounds). Either way a
walk ends at the end of its list or at ``max_seconds``, whichever comes first, and no URL is
requested twice.
"""

from __future__ import annotations

import http.client
import json
import math
import shutil
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

# Seconds before a request counts as failed; generous, so slow endpoints report their latency.
REQUEST_TIMEOUT = 60
THREAD_DONE = "BENCH_THREAD_DONE"
REPORT = "BENCH_JSON "
# Each thread takes every n-th URL of the file; its connections take the next one when free.
# The clock is CLOCK_MONOTONIC through LuaJIT's FFI: wrk's own duration is its --duration.
WRK_WALK_SCRIPT = r"""
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
]]
local clock = ffi.new("bench_timespec")
local function now_us()
  ffi.C.clock_gettime(1, clock)
  return tonumber(clock.tv_sec) * 1000000 + tonumber(clock.tv_nsec) / 1000
end

local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("index", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

function init(args)
  local index, step = tonumber(wrk.thread:get("index")), tonumber(args[2])
  paths = {}
  local line_number = 0
  for line in io.lines(args[1]) do
    if line_number % step == index then table.insert(paths, line) end
    line_number = line_number + 1
  end
  next_path, reserved, answered, first_us, last_us = 1, 0, 0, 0, 0
end

-- wrk asks delay() once before each request of a connection, and may ask several connections
-- before it asks any for its request: so delay() reserves a URL, and a connection that finds
-- none left is parked until the walk ends.
function delay()
  if reserved >= #paths then return 3600000 end
  reserved = reserved + 1
  return 0
end

function request()
  -- wrk calls request() once on its first thread to check the script, before any delay():
  -- that request is never sent, so it takes no URL from the list.
  if reserved == 0 then return wrk.format("GET", paths[1]) end
  if first_us == 0 then first_us = now_us() end
  local path = paths[next_path]
  next_path = next_path + 1
  -- Only after a socket error does wrk resend without asking delay(); that walk is already
  -- reported as failed, and the probe path keeps it from requesting a listed URL twice.
  return wrk.format("GET", path or "/bench/alive/")
end

function response(status, headers, body)
  answered = answered + 1
  last_us = now_us()
  if answered >= #paths then
    io.write("BENCH_THREAD_DONE\n")
    io.flush()
    wrk.thread:stop()
  end
end

done = function(summary, latency, requests)
  local first, last, answered_total = math.huge, 0, 0
  for _, thread in ipairs(threads) do
    local started, ended = thread:get("first_us"), thread:get("last_us")
    if started and started > 0 and started < first then first = started end
    if ended and ended > last then last = ended end
    answered_total = answered_total + (thread:get("answered") or 0)
  end
  local errors = summary.errors
  io.write("BENCH_JSON ")
  io.write(string.format(
    '{"requests": %d, "answered": %d, "walk_us": %d, "duration_us": %d, "bytes": %d, ' ..
    '"p50_us": %d, "p99_us": %d, "errors": %d, "non_2xx_3xx": %d}\n',
    summary.requests, answered_total, math.max(0, last - first), summary.duration,
    summary.bytes, latency:percentile(50), latency:percentile(99),
    errors.connect + errors.read + errors.write + errors.timeout, errors.status))
end
"""


@dataclass(frozen=True)
class WalkResult:
    """Throughput and latency of one walk; ``planned`` URLs were in the list."""

    planned: int
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    bad_status: int

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def complete(self) -> bool:
        """Every URL of the list was answered (the walk did not stop at its time limit)."""
        return self.requests + self.errors >= self.planned


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def walk(base_url: str, urls: Sequence[str], *, connections: int, max_seconds: float) -> WalkResult:
    """Request each of ``urls`` once, ``connections`` at a time, for at most ``max_seconds``."""
    if not urls:
        raise ValueError("Nothing to walk: the URL list is empty.")
    if wrk_available():
        return walk_with_wrk(base_url, urls, connections=connections, max_seconds=max_seconds)
    return walk_with_python(base_url, urls, connections=connections, max_seconds=max_seconds)


def walk_with_wrk(base_url, urls, *, connections, max_seconds) -> WalkResult:
    threads = max(1, min(2, connections, len(urls)))
    with tempfile.TemporaryDirectory() as folder:
        script, paths = Path(folder) / "walk.lua", Path(folder) / "paths.txt"
        script.write_text(WRK_WALK_SCRIPT)
        paths.write_text("".join(f"{url}\n" for url in urls))
        command = [
            "wrk",
            "--threads",
            str(threads),
            "--connections",
            str(max(connections, threads)),
            "--duration",
            f"{max(1, math.ceil(max_seconds))}s",
            "--timeout",
            f"{REQUEST_TIMEOUT}s",
            "--script",
            str(script),
            base_url,
            "--",
            str(paths),
            str(threads),
        ]
        output = _run_until_walked(command, threads, max_seconds)
    line = next((line for line in output if line.startswith(REPORT)), None)
    if line is None:
        raise OSError("wrk printed no report: " + " ".join(output)[-500:])
    data = json.loads(line.removeprefix(REPORT))
    walk_seconds = data["walk_us"] / 1e6
    return WalkResult(
        planned=len(urls),
        requests=data["requests"],
        seconds=walk_seconds if walk_seconds > 0 else data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        errors=data["errors"],
        bad_status=data["non_2xx_3xx"],
    )


def _run_until_walked(command: list[str], threads: int, max_seconds: float) -> list[str]:
    """Run wrk; interrupt it (it then reports) as soon as every thread has walked its share."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    watchdog = threading.Timer(max_seconds + REQUEST_TIMEOUT + 30, process.kill)
    watchdog.start()
    lines, finished = [], 0
    try:
        for line in process.stdout:
            lines.append(line)
            if line.startswith(THREAD_DONE):
                finished += 1
                if finished == threads:
                    process.send_signal(signal.SIGINT)
        process.wait()
    finally:
        watchdog.cancel()
    return lines


class _PythonWalker(threading.Thread):
    """One connection taking the next URL of the shared list until it is empty or time is up."""

    def __init__(self, base_url: str, urls, lock: threading.Lock, deadline: float):
        super().__init__(daemon=True)
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.urls, self.lock, self.deadline = urls, lock, deadline
        self.latencies: list[float] = []
        self.errors = 0
        self.bad_status = 0
        self.last_answer = 0.0

    def _next_url(self) -> str | None:
        with self.lock:
            return next(self.urls, None)

    def run(self) -> None:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=REQUEST_TIMEOUT)
        while time.monotonic() < self.deadline and (url := self._next_url()) is not None:
            started = time.perf_counter()
            try:
                conn.request("GET", url)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                self.errors += 1
                conn.close()
                conn = http.client.HTTPConnection(self.host, self.port, timeout=REQUEST_TIMEOUT)
                continue
            self.latencies.append(time.perf_counter() - started)
            self.last_answer = time.monotonic()
            if response.status >= 400:
                self.bad_status += 1
        conn.close()


def walk_with_python(base_url, urls, *, connections, max_seconds) -> WalkResult:
    started = time.monotonic()
    shared, lock = iter(list(urls)), threading.Lock()
    walkers = [
        _PythonWalker(base_url, shared, lock, started + max_seconds) for _ in range(connections)
    ]
    for walker in walkers:
        walker.start()
    for walker in walkers:
        walker.join(max_seconds + REQUEST_TIMEOUT + 15)
    ended = max((w.last_answer for w in walkers), default=0.0) or time.monotonic()
    latencies = sorted(value for walker in walkers for value in walker.latencies)
    return WalkResult(
        planned=len(urls),
        requests=len(latencies),
        seconds=ended - started,
        p50_ms=_percentile(latencies, 50) * 1000,
        p99_ms=_percentile(latencies, 99) * 1000,
        errors=sum(walker.errors for walker in walkers),
        bad_status=sum(walker.bad_status for walker in walkers),
    )


def _percentile(sorted_values: list[float], percent: int) -> float:
    if not sorted_values:
        return 0.0
    if len(sorted_values) == 1:
        return sorted_values[0]
    return statistics.quantiles(sorted_values, n=100, method="inclusive")[percent - 1]

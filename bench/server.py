"""Start gunicorn for the benchmark, read its workers' CPU time and memory, always stop it."""

from __future__ import annotations

import fcntl
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PORT_RANGE = range(8301, 8320)
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def _bindable(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


@contextmanager
def reserved_port(ports: range = PORT_RANGE) -> Iterator[int]:
    """The first port of ``ports`` that nothing listens on at 127.0.0.1, held for the block.

    A file lock per port (in the temporary folder) holds it: a second benchmark or test run on
    this machine cannot pick the same port between our probe and the server's bind, and so
    never measures, or talks to, another run's server.
    """
    for port in ports:
        lock = (Path(tempfile.gettempdir()) / f"health-cms-port-{port}.lock").open("w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock.close()
            continue
        if not _bindable(port):
            lock.close()
            continue
        try:
            yield port
        finally:
            lock.close()  # closing the file releases the lock
        return
    raise RuntimeError(f"No free port in {ports.start}-{ports.stop - 1} on 127.0.0.1.")


@dataclass
class GunicornServer:
    """A running gunicorn master and the worker processes it forked."""

    process: subprocess.Popen
    port: int

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def worker_cpu_seconds(self) -> float:
        """User plus system CPU time of all workers so far (from /proc/<pid>/stat)."""
        total_ticks = 0
        for pid in self.worker_pids():
            try:
                stat = Path(f"/proc/{pid}/stat").read_text()
            except OSError:
                continue
            # Fields after the command name, which may itself contain spaces or parentheses.
            fields = stat.rsplit(")", 1)[1].split()
            total_ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return total_ticks / CLOCK_TICKS

    def worker_rss_mb(self) -> list[float]:
        """Resident memory of each worker, in MB."""
        sizes = []
        for pid in self.worker_pids():
            try:
                resident_pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
            except OSError:
                continue
            sizes.append(resident_pages * PAGE_SIZE / 1e6)
        return sizes


def _wait_until_serving(server: GunicornServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with code {server.process.returncode}.")
        try:
            urllib.request.urlopen(f"{server.base_url}/bench/alive/", timeout=2).read()
            return
        except urllib.error.HTTPError:
            return  # Any HTTP answer means a worker is serving.
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on port {server.port} within {timeout:.0f}s.")


@contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 2, start_timeout: float = 60.0):
    """Run ``gunicorn cms.wsgi`` with sync workers on a free bench port; stop it on exit."""
    with reserved_port() as port:
        yield from _serve(env, port, workers=workers, start_timeout=start_timeout)


def _serve(env: dict[str, str], port: int, *, workers: int, start_timeout: float):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "cms.wsgi:application",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--backlog",
        "256",
        "--log-level",
        "warning",
        "--timeout",
        "60",
        # The master imports the project once and forks ready workers: a fresh server for each
        # walk starts in seconds, with every worker able to answer from the first request.
        "--preload",
        # A walk is over when the server is stopped: what it left in flight is not waited for.
        "--graceful-timeout",
        "2",
    ]
    process = subprocess.Popen(command, env=env, cwd=Path(__file__).resolve().parents[1])
    server = GunicornServer(process=process, port=port)
    try:
        _wait_until_serving(server, start_timeout)
        yield server
    finally:
        stop(process)


def stop(process: subprocess.Popen, grace: float = 10.0) -> None:
    """Ask gunicorn to stop (its workers with it); kill it if it does not within ``grace``."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=grace)

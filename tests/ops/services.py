"""Throwaway backing services a fault test starts, stops and starts again on its own port."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    """A port the system has just handed out, so parallel workers never share one."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


class RedisServer:
    """A redis-server without persistence on ``port``, as a child process."""

    def __init__(self, port: int):
        self.port = port
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [shutil.which("redis-server") or "redis-server", "--port", str(self.port)]
        options = ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(
            [*command, *options, "--daemonize", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
        self.process = None


@contextmanager
def redis_server():
    """A running ``RedisServer`` on a free port, stopped however the test ends."""
    if shutil.which("redis-server") is None:
        raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
    server = RedisServer(free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


PG_BIN = Path("/usr/lib/postgresql/15/bin")


def as_postgres(*command: str) -> list[str]:
    """``command`` as the ``postgres`` OS user when running as root (initdb refuses root)."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return list(command)


class PostgresCluster:
    """A throwaway PostgreSQL cluster in a temporary folder, on its own port, trust auth."""

    def __init__(self, port: int):
        self.port = port
        self.root = Path(tempfile.mkdtemp(prefix="ops-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *command: str) -> None:
        done = subprocess.run(as_postgres(*command), capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust")

    def pg_ctl(self, action: str, *options: str) -> None:
        server_options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        command = [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w"]
        self._run(*command, "-o", server_options, *options, action)

    def start(self) -> None:
        self.pg_ctl("start")

    def stop(self) -> None:
        self.pg_ctl("stop", "-m", "fast")

    def destroy(self) -> None:
        """Stop it however it is, and remove its folder."""
        if (self.data / "postmaster.pid").exists():
            subprocess.run(
                as_postgres(
                    str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"
                ),
                capture_output=True,
                timeout=60,
            )
        shutil.rmtree(self.root, ignore_errors=True)


@contextmanager
def postgres_cluster():
    """A running ``PostgresCluster`` on a free port, destroyed however the test ends."""
    if not (PG_BIN / "initdb").exists():
        raise RuntimeError(f"PostgreSQL 15 server binaries are not in {PG_BIN}")
    cluster = PostgresCluster(free_port())
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()

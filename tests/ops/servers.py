"""Real app servers for the operations tests: gunicorn processes, an HTTP client, a TCP proxy.

Everything binds 127.0.0.1 on the ports a test names (8201-8219; tests that share ports share an
xdist worker: SERIAL_GROUPS in tests/conftest.py) and is stopped when a test ends.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import select
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 60
SHARED_SECRET_KEY = "ops-tests-" + secrets.token_urlsafe(40)


def database_url(port: int | None = None) -> str:
    """The URL of the test database (optionally through a proxy on ``port``)."""
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return f"postgres://{s['USER']}{password}@{s['HOST']}:{port or s['PORT'] or 5432}/{s['NAME']}"


def production_env(static_root: Path, **overrides: str) -> dict[str, str]:
    """The environment of a production app server behind a TLS-terminating load balancer."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
    env.update(
        CMS_ENV="production",
        SECRET_KEY=SHARED_SECRET_KEY,
        DATABASE_URL=database_url(),
        ALLOWED_HOSTS="127.0.0.1",
        TRUST_X_FORWARDED_PROTO="1",
        STATIC_ROOT=str(static_root),
        WEB_CONCURRENCY="1",
        HOST="127.0.0.1",
        LOG_LEVEL="WARNING",
    )
    env.pop("DEBUG", None)
    env.update(overrides)
    return env


def collect_static(static_root: Path) -> None:
    """Production serves hashed static files (the admin's pages need the manifest)."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=production_env(static_root),
        check=True,
        capture_output=True,
        timeout=300,
    )


@contextmanager
def gunicorn(port: int, env: dict[str, str], log: Path):
    """A gunicorn server on 127.0.0.1:``port``, ready when the block starts, stopped after."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "cms.wsgi", "--config", "python:cms.gunicorn_conf"],
            cwd=ROOT,
            env={**env, "PORT": str(port)},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_serving(port, process, log)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def wait_until_serving(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn on {port} exited:\n{log.read_text()[-3000:]}")
        try:
            if Client(port).get("/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn on {port} did not start:\n{log.read_text()[-3000:]}")


@dataclass
class Response:
    """What an app server answered."""

    status: int
    headers: dict[str, str]
    body: bytes

    def json(self):
        import json

        return json.loads(self.body)


@dataclass
class Client:
    """A small HTTP client for one server, as seen through the TLS-terminating load balancer.

    Cookies are kept by hand: the production cookies are ``Secure`` and this hop is plain HTTP.
    """

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    forwarded_for: str | None = None

    def request(self, method: str, path: str, form: dict | None = None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"X-Forwarded-Proto": "https", **(headers or {})}
        if self.forwarded_for:
            sent["X-Forwarded-For"] = self.forwarded_for
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Referer"] = f"https://127.0.0.1:{self.port}{path}"
        try:
            conn.request(method, path, body=body, headers=sent)
            raw = conn.getresponse()
            response = Response(raw.status, dict(raw.getheaders()), raw.read())
            for header, value in raw.getheaders():
                if header.lower() == "set-cookie":
                    for name, morsel in SimpleCookie(value).items():
                        self.cookies[name] = morsel.value
            return response
        finally:
            conn.close()

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, form: dict, **kwargs) -> Response:
        form = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **form}
        return self.request("POST", path, form=form, **kwargs)

    def log_in(self, username: str, password: str) -> None:
        """Log in to the Wagtail admin the way a browser does (CSRF token, then the form)."""
        page = self.get("/admin/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        response = self.post(
            "/admin/login/",
            {"csrfmiddlewaretoken": token.group(1).decode(), "username": username,
             "password": password},
        )  # fmt: skip
        if response.status != 302 or "sessionid" not in self.cookies:
            raise AssertionError(f"login failed: {response.status} {response.body[:300]!r}")


class TcpProxy:
    """A TCP forwarder that can be cut and restored: "the database goes away, then returns"."""

    def __init__(self, listen_port: int, target: tuple[str, int]):
        self.listen_port = listen_port
        self.target = target
        self._listener: socket.socket | None = None
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()

    def start(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.listen_port))
        listener.listen(16)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        """Refuse new connections and cut every open one."""
        if self._listener is not None:
            # shutdown() first: close() alone does not wake a thread blocked in accept().
            try:
                self._listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self._listener.close()
            self._listener = None
        with self._lock:
            for sock in self._sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()
            self._sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # the listener was closed
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets.update({client, upstream})
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()

    def _pump(self, a: socket.socket, b: socket.socket) -> None:
        try:
            while True:
                readable, _, _ = select.select([a, b], [], [], 1)
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    (b if sock is a else a).sendall(data)
        except (OSError, ValueError):
            return
        finally:
            with self._lock:
                for sock in (a, b):
                    self._sockets.discard(sock)
                    sock.close()

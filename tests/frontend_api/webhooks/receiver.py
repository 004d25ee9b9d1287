"""A real webhook receiver for the tests: an HTTP server on 127.0.0.1 in a thread.

It records every request it gets (headers with lower-case names, raw body) and answers each
with the next status in ``statuses`` (then ``default_status``). ``stop()`` closes the port, so
a delivery meets a refused connection, as with a front end that is down.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class ReceivedRequest:
    """One request as the receiver got it, and the status it answered."""

    path: str
    headers: dict[str, str]
    body: bytes
    answered: int

    def json(self) -> dict:
        return json.loads(self.body)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Receiver:
    """Records webhooks posted to ``url``; start() and stop() it to be up or down."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.requests: list[ReceivedRequest] = []
        self.statuses: list[int] = []
        self.default_status = 204
        self.delay = 0.0  # seconds to take before answering
        self._server: ThreadingHTTPServer | None = None
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/cms?token=not-for-logs"

    def next_status(self) -> int:
        with self._lock:
            return self.statuses.pop(0) if self.statuses else self.default_status

    def record(self, request: ReceivedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def start(self) -> Receiver:
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler(self))
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def bodies(self) -> list[dict]:
        return [request.json() for request in self.requests]


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            time.sleep(receiver.delay)
            status = receiver.next_status()
            headers = {name.lower(): value for name, value in self.headers.items()}
            receiver.record(ReceivedRequest(self.path, headers, body, status))
            answer = b"ok" if status < 300 else b"not now " * 1000
            self.send_response(status)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format, *args) -> None:  # noqa: A002  (quiet test output)
            pass

    return Handler

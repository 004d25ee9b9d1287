"""Ports for servers the tests start: the live server's (any free one), or one of a range."""

import os
import random
import socket


def free_port(port_range: range) -> int:
    """A port of ``port_range`` nothing listens on."""
    # In random order: two runs starting together (SQLite and PostgreSQL) rarely collide.
    for port in random.sample(port_range, len(port_range)):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port in {port_range.start}-{port_range.stop - 1} on 127.0.0.1")


def use_live_server_port() -> None:
    """Let pytest-django's live server take a port the system gives (port 0): test runs and
    their parallel workers never race for the same one."""
    os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1:0")

"""The live server's address: 127.0.0.1 on a free port of the API tests' range."""

import os
import random
import socket

PORT_RANGE = range(8101, 8120)


def free_port(port_range: range = PORT_RANGE) -> int:
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
    """Point pytest-django's live server at a free port (another run may hold the first)."""
    if "DJANGO_LIVE_TEST_SERVER_ADDRESS" not in os.environ:
        os.environ["DJANGO_LIVE_TEST_SERVER_ADDRESS"] = f"127.0.0.1:{free_port()}"

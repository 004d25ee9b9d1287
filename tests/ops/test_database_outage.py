"""The database going away: 503s (never 500s), and service resumes by itself when it returns.

A gunicorn server (production settings, persistent connections) reaches PostgreSQL through a
TCP proxy on 127.0.0.1:8204; cutting the proxy is the outage, restarting it the recovery.
"""

import pytest
from django.db import connection

from tests.ops.servers import Client, TcpProxy, database_url, gunicorn, production_env

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SERVER_PORT, PROXY_PORT = 8203, 8204


@pytest.fixture
def proxy():
    s = connection.settings_dict
    tcp = TcpProxy(PROXY_PORT, (s["HOST"] or "127.0.0.1", int(s["PORT"] or 5432)))
    tcp.start()
    yield tcp
    tcp.stop()


@pytest.fixture
def server(proxy, static_root, tmp_path):
    env = production_env(static_root, DATABASE_URL=database_url(PROXY_PORT), DB_CONN_MAX_AGE="60")
    log = tmp_path / "gunicorn.log"
    with gunicorn(SERVER_PORT, env, log) as process:
        yield process, log


def test_an_outage_answers_503_and_service_resumes_without_a_restart(
    server, proxy, published_article
):
    process, log = server
    client = Client(SERVER_PORT)
    article = f"/api/v1/articles/{published_article.pk}/"
    assert client.get("/readyz").status == 200
    assert client.get(article).status == 200

    proxy.stop()  # the database goes away, open connections included
    ready = client.get("/readyz")
    assert ready.status == 503
    assert ready.json()["checks"]["database"] == "unavailable"
    api = client.get(article)
    assert api.status == 503
    assert api.headers["Content-Type"] == "application/problem+json"
    assert api.headers["Retry-After"] == "5"
    assert client.get("/healthz").status == 200  # the process itself is fine

    proxy.start()  # the database returns
    assert client.get("/readyz").status == 200
    assert client.get(article).json()["title"] == published_article.title
    assert process.poll() is None
    assert log.read_text().count("Booting worker") == 1  # same worker: nothing restarted

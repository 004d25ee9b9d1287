"""The API reads from a streaming replica; everything else, and every write, from the primary.

The PostgreSQL tests run a real hot standby of the test server (``bench.standby``:
``pg_basebackup`` and a standby on port 5433, as the ``postgres`` user); they skip, saying
why, where it cannot be started.
"""

import time

import psycopg
import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext, override_settings

from bench import standby as standby_server
from frontend_api import replicas
from frontend_api.cdn import RecordingBackend
from review_workflow.publishing.decisions import publish_signed_off
from review_workflow.rules.attestation import Attestation
from tests.factories import UserFactory, reviewer, signed_off_article

ALIAS = "replica_0"
STANDBY_PORT = 5433


def test_outside_an_api_read_every_read_goes_to_the_primary():
    router = replicas.ReplicaRouter()
    assert router.db_for_read(None) == "default"
    with replicas.reads_from(None):
        assert router.db_for_read(None) == "default"


def test_replicas_are_never_migrated_or_written():
    router = replicas.ReplicaRouter()
    assert router.allow_migrate("replica_0", "frontend_api") is False
    assert router.allow_migrate("default", "frontend_api") is None
    with replicas.reads_from("replica_0"):
        assert router.db_for_write(None) == "default"
        assert router.db_for_read(None) == "replica_0"


# With a real hot standby (PostgreSQL) ---------------------------------------------------------


@pytest.fixture(scope="session")
def standby(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("replicas are PostgreSQL streaming replicas: run with a postgres://")
        reason = standby_server.available()
        if reason:
            pytest.skip(f"no hot standby here: {reason}")
        settings = connection.settings_dict
        primary = f"postgres://{settings['USER'] or 'postgres'}@{settings['HOST']}:" + (
            f"{settings['PORT'] or 5432}/postgres"
        )
        try:
            server = standby_server.start_standby(primary, port=STANDBY_PORT)
        except standby_server.StandbyUnavailable as exc:
            pytest.skip(f"no hot standby here: {exc}")
    yield server


@pytest.fixture(scope="module")
def replica_alias(standby, django_db_blocker):
    """The standby as the replica alias, reading the test database, for this module only
    (other tests' uncommitted data is not on any replica)."""
    settings = {**connections["default"].settings_dict, "HOST": "127.0.0.1"}
    settings["PORT"] = str(STANDBY_PORT)
    settings["TEST"] = {**settings.get("TEST", {}), "MIRROR": "default"}  # never flushed
    connections.settings[ALIAS] = settings
    yield standby
    if ALIAS in connections:
        connections[ALIAS].close()
    del connections.settings[ALIAS]
    try:
        del connections[ALIAS]
    except AttributeError:
        pass


@pytest.fixture
def replica(replica_alias):
    replicas._states.clear()
    if not replica_alias.running():
        replica_alias.start()
    # Commits wait for the disk, as in production: a standby is sent only what is flushed
    # (the test settings turn synchronous_commit off for speed; RESET puts that back).
    with connections["default"].cursor() as cursor:
        cursor.execute("SET synchronous_commit TO on")
    with override_settings(FRONTEND_API={"REPLICA_MAX_LAG_SECONDS": 2, "REPLICA_CHECK_SECONDS": 0}):
        replicas.wait_for_replicas(timeout=30)  # the test database's rows are there
        yield replica_alias
        with psycopg.connect(replica_alias.url("postgres"), autocommit=True) as conn:
            conn.execute("SELECT pg_wal_replay_resume()")
        replicas.wait_for_replicas(timeout=30)
    with connections["default"].cursor() as cursor:
        cursor.execute("RESET synchronous_commit")
    replicas._states.clear()


def _tables(queries) -> str:
    return " ".join(query["sql"] for query in queries)


def _read(client, url, **extra):
    """GET ``url``; the SQL each database ran for it."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[ALIAS]) as replica,
    ):
        response = client.get(url, **extra)
    return response, _tables(primary.captured_queries), _tables(replica.captured_queries)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", ALIAS])
def test_the_apis_reads_go_to_the_replica(replica, client):
    article = signed_off_article()
    _wait_until_usable(ALIAS)
    response, primary, on_replica = _read(client, f"/api/v1/articles/{article.pk}/")
    assert response.status_code == 200
    assert "frontend_api_publishedarticle" in on_replica
    assert "frontend_api_publishedarticle" not in primary
    response, primary, on_replica = _read(client, "/api/v1/articles/?search=pain")
    assert response.status_code == 200 and "frontend_api_searchentry" in on_replica


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", ALIAS])
def test_the_preview_the_admin_and_writes_go_to_the_primary(replica, client):
    signed_off_article()
    response, primary, on_replica = _read(client, "/api/v1/preview/?content_type=x&token=y")
    assert response.status_code >= 400 and on_replica == ""
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response, primary, on_replica = _read(client, "/admin/pages/")
    assert response.status_code == 200 and on_replica == "" and primary
    with CaptureQueriesContext(connections[ALIAS]) as on_replica:
        response = client.post("/api/v1/articles/", {})
    assert response.status_code == 405 and on_replica.captured_queries == []


def _publish_new_title(article, title: str) -> None:
    article.title = title
    revision = article.save_revision(user=UserFactory())
    publish_signed_off(revision=revision, reviewer=reviewer(), attestation=Attestation.affirmed())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", ALIAS])
def test_after_a_publish_no_replica_read_returns_the_old_version(replica, client):
    """The replica stops replaying (as if it lagged): the purge after the publish waits for
    it, gives up after the maximum lag and marks it behind; from then on readers get the
    article from the primary, never the old version, until the replica catches up."""
    article = signed_off_article(title="First title")
    assert client.get(f"/api/v1/articles/{article.pk}/").json()["title"] == "First title"
    with psycopg.connect(replica.url("postgres"), autocommit=True) as conn:
        conn.execute("SELECT pg_wal_replay_pause()")
    RecordingBackend.purged.clear()
    _publish_new_title(article, "Second title")
    assert RecordingBackend.purged, "the CDN purge ran (after the wait)"
    response, _, on_replica = _read(client, f"/api/v1/articles/{article.pk}/")
    assert response.json()["title"] == "Second title"
    # Read from the primary while the replica is behind (it is only asked how far it is).
    assert "frontend_api_publishedarticle" not in on_replica
    ready = client.get("/readyz").json()
    assert ready["status"] == "degraded" and ready["checks"]["replicas"] == "degraded"
    with psycopg.connect(replica.url("postgres"), autocommit=True) as conn:
        conn.execute("SELECT pg_wal_replay_resume()")
    assert replicas.wait_for_replicas(timeout=30) == []
    # Caught up, it is usable again once its lag is under the maximum (other test databases on
    # the same server keep it streaming, so under load that can take a moment more).
    _wait_until_usable(ALIAS)
    response, _, on_replica = _read(client, f"/api/v1/articles/{article.pk}/")
    assert response.json()["title"] == "Second title"
    assert "frontend_api_publishedarticle" in on_replica


def _wait_until_usable(alias: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not replicas.usable(alias):
        assert time.monotonic() < deadline, f"{alias} not usable: {replicas.state(alias)}"
        time.sleep(0.05)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", ALIAS])
def test_a_webhook_fires_only_once_the_replica_has_the_change(replica):
    """The delivery task waits for the replicas before it sends."""
    article = signed_off_article(title="First title")
    with psycopg.connect(replica.url("postgres"), autocommit=True) as conn:
        conn.execute("SELECT pg_wal_replay_pause()")
        _publish_new_title(article, "Second title")
        behind = replicas.wait_for_replicas(timeout=0.2)
        conn.execute("SELECT pg_wal_replay_resume()")
    assert behind == [ALIAS]
    assert replicas.wait_for_replicas() == []
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT title FROM wagtailcore_page WHERE id = %s", [article.pk])
        assert cursor.fetchone()[0] == "Second title"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", ALIAS])
def test_a_stopped_replica_degrades_to_the_primary(replica, client):
    article = signed_off_article()
    replica.stop()
    try:
        replicas._states.clear()
        response = client.get(f"/api/v1/articles/{article.pk}/")
        assert response.status_code == 200
        ready = client.get("/readyz")
        assert ready.status_code == 200
        body = ready.json()
        assert body["status"] == "degraded" and body["checks"]["replicas"] == "degraded"
        assert any("replica_0 is skipped" in warning for warning in body["warnings"])
    finally:
        replica.start()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not standby_server._answers(replica):
            time.sleep(0.2)

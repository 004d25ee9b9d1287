"""Shared fixtures. Migrations run in tests: Wagtail creates its root page and site in one."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from wagtail.models import Page

from review_workflow.records import triggers as record_triggers
from tests.factories import (
    HealthCenterPageFactory,
    signed_off_article,
    site_home,
)
from tests.parallel_databases import django_db_setup, drop_template, worker_id  # noqa: F401


@pytest.fixture(scope="session")
def django_db_modify_db_settings_xdist_suffix():
    """No per-worker suffix from pytest-django: each worker's clone is named in
    ``tests.parallel_databases`` (the template's name must be the same in every worker)."""


# Tests that share one xdist worker (``--dist loadgroup``): they bind the same fixed ports, or
# share one expensive build. Everything else spreads over the workers.
SERIAL_GROUPS = {
    "tests/ops/test_scale_out.py": "ports-8201",  # two gunicorn servers on 127.0.0.1:8201-8202
    "tests/ops/test_database_outage.py": "ports-8203",  # gunicorn and a TCP proxy on 8203-8204
    "tests/ops/test_two_workers.py": "ports-8203",  # two gunicorn servers on 8203-8204
    "tests/frontend_api/test_generated_clients.py": "clients",  # one generation; API on 8220-8239
    "tests/benchmark/test_bench_command.py": "bench-command",  # one run of the bench command
    "tests/test_plugin_distribution.py": "plugin",  # one wheel for both tests
    "tests/frontend_api/test_replicas.py": "standby-5433",  # one hot standby on port 5433
}


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups (it names them in node ids)
def pytest_collection_modifyitems(items):
    for item in items:
        path = item.nodeid.split("::")[0]
        for prefix, group in SERIAL_GROUPS.items():
            if path.startswith(prefix):
                item.add_marker(pytest.mark.xdist_group(group))


def pytest_sessionfinish(session):
    # The controller of a parallel run (it has workers, and is none of them).
    if worker_id() is None and getattr(session.config, "workerinput", None) is None:
        if getattr(session.config.option, "numprocesses", None):
            drop_template(session.config)


def _transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return (
        "transactional_db" in request.fixturenames
        or "live_server" in request.fixturenames
        or bool(marker and marker.kwargs.get("transaction"))
    )


def _uses_database(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return _transactional(request) or marker is not None or "db" in request.fixturenames


@pytest.fixture(autouse=True)
def data_made_by_migrations(request, django_db_blocker):
    """What the migrations created (Wagtail's root page, default site and locale, groups...)
    is there when a test starts, as it is in a serial run.

    A transactional test ends with a flush that empties every table. A serial run orders those
    tests last (pytest-django); an xdist worker may run one before an ordinary test, so the
    data the template database was cloned with is loaded back first (once, outside the test's
    transaction). The autouse fixture before ``append_only_records``: it runs first.
    """
    if not _uses_database(request):
        yield
        return
    request.getfixturevalue("django_db_setup")
    baseline = getattr(connection, "_test_serialized_contents", None)
    if baseline:
        with django_db_blocker.unblock():
            if not Page.objects.filter(depth=1).exists():
                connection.creation.deserialize_db_from_string(baseline)
                # The cache may still describe rows the flush removed (Wagtail's site root
                # paths, stored documents): it goes with them.
                cache.clear()
    yield


@pytest.fixture(autouse=True)
def append_only_records(request):
    """The database refuses to change sign-offs, publications and the audit chain, in every
    test.

    Transactional tests end with Django's flush, which empties every table (row by row on
    SQLite, with ``TRUNCATE`` on PostgreSQL, which a statement trigger refuses): the triggers
    are dropped just before it and put back before the next test.
    """
    transactional = _transactional(request)
    if not _uses_database(request):
        yield
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    if not record_triggers.installed(connection):
        record_triggers.install(connection)
    yield
    if transactional:
        record_triggers.remove(connection)


@pytest.fixture(autouse=True)
def fresh_throttle_store_state(monkeypatch):
    """Each test starts as a new process would: the rate limit's store not known to be down,
    no per-process counts (``frontend_api.api.throttling``)."""
    from frontend_api.api import throttling

    monkeypatch.setattr(throttling, "store_state", throttling.ThrottleStoreState())
    throttling.fallback_cache.clear()


@pytest.fixture
def home(db):
    return site_home()


@pytest.fixture
def health_center(home):
    return HealthCenterPageFactory(parent=home)


@pytest.fixture
def published_article(health_center):
    """A live article under ``health_center``, signed off by a credentialed reviewer."""
    return signed_off_article(parent=health_center)


@pytest.fixture
def article(published_article):
    return published_article


@pytest.fixture
def time_travel():
    """Move the clock forward (``time_travel(days=40)``); it keeps ticking from there.

    Returns the instant travelled to. Every clock moves (``timezone.now``, field defaults,
    the database's ``now`` comparisons made with Python values); the trip ends with the test.
    """
    trips = []

    def travel(**delta) -> object:
        target = timezone.now() + timedelta(**delta)
        trip = time_machine.travel(target, tick=True)
        trip.start()
        trips.append(trip)
        return target

    yield travel
    for trip in reversed(trips):
        trip.stop()

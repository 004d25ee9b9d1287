"""Shared fixtures. Migrations run in tests: Wagtail creates its root page and site in one."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection, transaction
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


# Modules whose tests that use no database check settings, imports or subprocesses that set
# their own environment: what they check is the same whatever the database and cache of the
# run. Those tests are marked ``no_database``, and CI runs them once, in its SQLite pass (its
# PostgreSQL pass deselects them: .ci/run). A test in these modules that uses the database
# is not marked and runs in both passes.
NO_DATABASE_MODULES = (
    "tests/test_app_boundaries.py",  # the source's imports (ast, lint-imports)
    "tests/cms/test_deploy_check.py",  # check --deploy with its own DATABASE_URL, REDIS_URL
    "tests/cms/test_security_headers.py",  # production settings' values, in a subprocess
    "tests/cms/test_settings.py",  # settings read from the environment, in subprocesses
    "tests/frontend_api/webhooks/test_targets.py",  # addresses a webhook may go to
    "tests/frontend_api/webhooks/test_signing.py",  # the signature's bytes
    "tests/benchmark/test_walks_and_report.py",  # walks against local HTTP servers
)


def pytest_configure(config):
    # Declared here, not in pyproject.toml: CI keys its virtual environment on that file.
    config.addinivalue_line(
        "markers",
        "no_database: uses neither the database nor the cache (NO_DATABASE_MODULES in "
        "tests/conftest.py); run by make test, and in CI's SQLite pass only",
    )
    # pytest-xdist declares it; without xdist (-p no:xdist, e.g. for a debugger) it must be
    # declared too, or --strict-markers refuses every test that shares a worker.
    config.addinivalue_line(
        "markers", "xdist_group(name): tests that share one worker (make test: --dist loadgroup)"
    )


# A test that asks for these may reach the database or the cache: it runs in both passes.
DATABASE_OR_CACHE_FIXTURES = {
    "db", "transactional_db", "django_db_setup", "live_server", "client", "admin_client", "api",
}  # fmt: skip


def _may_touch_the_database(item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    return item.get_closest_marker("django_db") is not None or bool(
        DATABASE_OR_CACHE_FIXTURES & names
    )


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups (it names them in node ids)
def pytest_collection_modifyitems(items):
    for item in items:
        path = item.nodeid.split("::")[0]
        for prefix, group in SERIAL_GROUPS.items():
            if path.startswith(prefix):
                item.add_marker(pytest.mark.xdist_group(group))
        if path in NO_DATABASE_MODULES and not _may_touch_the_database(item):
            item.add_marker(pytest.mark.no_database)


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
    # One transaction for all the statements: one commit, not one per DDL statement (a
    # transactional test runs in autocommit, and each commit waits for the disk).
    if not record_triggers.installed(connection):
        with transaction.atomic():
            record_triggers.install(connection)
    yield
    if transactional:
        with transaction.atomic():
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

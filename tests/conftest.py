"""Shared fixtures. Migrations run in tests: Wagtail creates its root page and site in one."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from review_workflow import record_triggers
from tests.factories import (
    HealthCenterPageFactory,
    signed_off_article,
    site_home,
)


def _transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return (
        "transactional_db" in request.fixturenames
        or "live_server" in request.fixturenames
        or bool(marker and marker.kwargs.get("transaction"))
    )


@pytest.fixture(autouse=True)
def append_only_records(request):
    """The database refuses to change sign-off and publication records, in every test.

    Transactional tests end with Django's flush, which on SQLite deletes row by row: the
    triggers are dropped just before it and put back before the next test (on PostgreSQL the
    flush truncates, which row triggers do not see).
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = _transactional(request)
    if not (transactional or marker is not None or "db" in request.fixturenames):
        yield
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    if not record_triggers.installed(connection):
        record_triggers.install(connection)
    yield
    if transactional and connection.vendor == "sqlite":
        record_triggers.remove(connection)


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

"""Shared fixtures. Migrations run in tests: Wagtail creates its root page and site in one."""

import pytest

from frontend_api.response_cache import responses
from frontend_api.sites import forget_sites
from tests.factories import (
    HealthCenterPageFactory,
    signed_off_article,
    site_home,
)


@pytest.fixture(autouse=True)
def forget_kept_responses():
    # Each test's database starts over, and with it the content generation: what this process
    # kept (whole API responses, sites) must not outlive the test.
    responses.clear()
    forget_sites()
    yield
    responses.clear()
    forget_sites()


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

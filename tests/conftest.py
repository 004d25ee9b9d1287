"""Shared fixtures. Migrations run in tests: Wagtail creates its root page and site in one."""

import pytest

from tests.factories import (
    HealthCenterPageFactory,
    TreatmentArticlePageFactory,
    site_home,
)


@pytest.fixture
def home(db):
    return site_home()


@pytest.fixture
def health_center(home):
    return HealthCenterPageFactory(parent=home)


@pytest.fixture
def article(health_center):
    return TreatmentArticlePageFactory(parent=health_center)

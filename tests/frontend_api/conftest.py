"""Fixtures for the content API tests: a fresh cache per test, and articles in several states."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from tests.factories import HealthCenterPageFactory, signed_off_article
from tests.frontend_api.ports import use_live_server_port

# pytest-django's live server (schemathesis and browser tests) binds 127.0.0.1:81xx.
use_live_server_port()


@pytest.fixture(autouse=True)
def fresh_cache():
    # Rendered articles and throttle counters live in the cache; tests must not share them.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return Client()


@pytest.fixture
def make_article(health_center):
    """Publish a signed-off article under ``health_center`` (or ``parent``)."""

    def make(parent=None, **fields):
        return signed_off_article(parent=parent or health_center, **fields)

    return make


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


@pytest.fixture
def make_article_on(make_article):
    """Publish an article on ``day`` (its last update), signed off again unchanged on
    ``reviewed`` if given: review dates as the medical review writes them."""

    def make(day: date, reviewed: date | None = None, **fields):
        with time_machine.travel(noon(day), tick=False):
            article = make_article(**fields)
        if reviewed is not None:
            with time_machine.travel(noon(reviewed), tick=False):
                article = republish(article)
        return article

    return make


@pytest.fixture
def other_center(home):
    return HealthCenterPageFactory(parent=home, title="Heart Health", slug="heart-health")


def new_draft(article, **changes):
    """Save a new, unpublished revision of ``article`` with ``changes``."""
    page = type(article).objects.get(pk=article.pk).get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(page, name, value)
    return page.save_revision()


def republish(article, **changes):
    """A new revision with ``changes``, signed off by a fresh reviewer and published."""
    from review_workflow.publishing.decisions import publish_signed_off
    from tests.factories import reviewer

    revision = new_draft(article, **changes)
    publish_signed_off(revision=revision, reviewer=reviewer())
    return type(article).objects.get(pk=article.pk)


def get_article(api, article, **headers):
    """GET the article's detail from the API."""
    return api.get(f"/api/v1/articles/{article.pk}/", **headers)


def republish_and_refetch(api, article, title: str):
    """Fetch the article, publish a signed-off new ``title``, fetch again with the old ETag."""
    before = get_article(api, article)
    republish(article, title=title)
    return before, get_article(api, article, HTTP_IF_NONE_MATCH=before["ETag"])


@pytest.fixture
def co_signed_article(health_center):
    """An article under a health center whose policy asks for two approvals (one of them
    orthopaedics), written by a named editor and approved by both reviewers: a general
    practitioner first, then an orthopaedic surgeon who declares a conflict of interest."""
    from review_workflow.publishing.decisions import publish_signed_off, sign_off_revision
    from review_workflow.rules.attestation import Attestation
    from tests.factories import TreatmentArticlePageFactory, UserFactory, reviewer

    health_center.required_approvals = 2
    health_center.required_specialties = ["orthopaedics"]
    health_center.save()
    editor = UserFactory(username="edna", first_name="Edna", last_name="Editor")
    article = TreatmentArticlePageFactory(parent=health_center, author=editor)
    general = reviewer(display_name="Dr Gita General", credentials="MBBS, MRCGP",
                       specialty="general_practice")  # fmt: skip
    surgeon = reviewer(display_name="Dr Omar Ortho", credentials="MD, FRCS (Orth)",
                       specialty="orthopaedics")  # fmt: skip
    revision = article.latest_revision
    sign_off_revision(revision=revision, reviewer=general, attestation=Attestation.affirmed())
    publish_signed_off(
        revision=revision,
        reviewer=surgeon,
        attestation=Attestation.affirmed(conflict_details="Paid lectures for a brace maker."),
    )
    return type(article).objects.get(pk=article.pk)

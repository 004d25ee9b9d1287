"""A publish, unpublish, slug change or move purges exactly the API URLs that show the page."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.dispatch import receiver
from wagtail.signals import page_published

from cms.settings.environment import frontend_cache
from frontend_api.cdn import RecordingBackend
from review_workflow.publishing.decisions import publish_signed_off
from tests.factories import HealthCenterPageFactory, reviewer, signed_off_article

pytestmark = pytest.mark.django_db
BASE = "https://cdn.test/api/v1"


class ApiPurges:
    """The API URLs purged so far (Wagtail itself also purges each page's own site URL)."""

    def __iter__(self):
        return iter([url for url in RecordingBackend.purged if url.startswith(BASE)])

    def __contains__(self, url):
        return url in list(self)

    def __eq__(self, other):
        return list(self) == other


@pytest.fixture(autouse=True)
def purged():
    RecordingBackend.clear()
    yield ApiPurges()
    RecordingBackend.clear()


def article_urls(article, center, path):
    return {
        f"{BASE}/articles/{article.pk}/",
        f"{BASE}/articles/{article.pk}/history/",
        f"{BASE}/articles/",
        f"{BASE}/articles/find/?path={path}",
        f"{BASE}/articles/find/?path={path.replace('/', '%2F')}",
        f"{BASE}/health-centers/",
        f"{BASE}/health-centers/{center.slug}/",
    }


def republish(article, **changes):
    for name, value in changes.items():
        setattr(article, name, value)
    return publish_signed_off(revision=article.save_revision(), reviewer=reviewer())


def test_publishing_an_article_purges_its_api_urls(
    health_center, purged, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = signed_off_article(parent=health_center, slug="rest")
    assert set(purged) == article_urls(article, health_center, f"/{health_center.slug}/rest/")


def test_the_purge_waits_for_the_publish_to_commit(health_center, purged):
    # Without executing on-commit callbacks (the test's transaction never commits).
    signed_off_article(parent=health_center)
    assert purged == []


def test_unpublishing_an_article_purges_its_api_urls(
    published_article, health_center, purged, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        published_article.unpublish()
    path = f"/{health_center.slug}/{published_article.slug}/"
    assert set(purged) == article_urls(published_article, health_center, path)


def test_saving_a_draft_purges_nothing(
    published_article, purged, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        published_article.title = "A draft title"
        published_article.save_revision()
    assert purged == []


def test_a_publish_that_fails_purges_nothing(
    published_article, purged, django_capture_on_commit_callbacks
):
    @receiver(page_published)
    def fail(sender, **kwargs):
        raise RuntimeError("a receiver broke")

    try:
        with django_capture_on_commit_callbacks(execute=True):
            with pytest.raises(RuntimeError):
                republish(published_article, title="Changed")
    finally:
        page_published.disconnect(fail)
    assert purged == []


def test_a_slug_change_also_purges_the_old_find_by_path_url(
    published_article, health_center, purged, django_capture_on_commit_callbacks
):
    old_slug = published_article.slug
    with django_capture_on_commit_callbacks(execute=True):
        republish(published_article, slug="renamed")
    assert f"{BASE}/articles/find/?path=/{health_center.slug}/{old_slug}/" in purged
    assert f"{BASE}/articles/find/?path=/{health_center.slug}/renamed/" in purged


def test_moving_an_article_purges_the_old_and_new_paths_and_centers(
    published_article, health_center, home, purged, django_capture_on_commit_callbacks
):
    other = HealthCenterPageFactory(parent=home, slug="neck-pain")
    with django_capture_on_commit_callbacks(execute=True):
        published_article.move(other, pos="last-child")
    slug = published_article.slug
    assert f"{BASE}/articles/find/?path=/{health_center.slug}/{slug}/" in purged
    assert f"{BASE}/articles/find/?path=/neck-pain/{slug}/" in purged
    assert f"{BASE}/health-centers/{health_center.slug}/" in purged
    assert f"{BASE}/health-centers/neck-pain/" in purged


def test_publishing_a_health_center_purges_the_center_and_lists(
    home, purged, django_capture_on_commit_callbacks
):
    center = HealthCenterPageFactory(parent=home, slug="sleep")
    with django_capture_on_commit_callbacks(execute=True):
        center.save_revision().publish()
    assert set(purged) == {
        f"{BASE}/health-centers/",
        f"{BASE}/health-centers/sleep/",
        f"{BASE}/articles/",
    }


def test_no_cdn_is_configured_unless_the_environment_names_one():
    assert frontend_cache({}) == {}


def test_a_cloudflare_cdn_is_configured_from_the_environment():
    env = {
        "FRONTEND_CACHE_BACKEND": "cloudflare",
        "FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN": "token",
        "FRONTEND_CACHE_CLOUDFLARE_ZONEID": "zone",
        "FRONTEND_CACHE_HOSTNAMES": "cms.example.org",
    }
    assert frontend_cache(env) == {
        "cloudflare": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": "token",
            "ZONEID": "zone",
            "HOSTNAMES": ["cms.example.org"],
        }
    }


@pytest.mark.parametrize(
    "env",
    [
        {"FRONTEND_CACHE_BACKEND": "akamai"},
        {"FRONTEND_CACHE_BACKEND": "http"},
        {"FRONTEND_CACHE_BACKEND": "cloudflare", "FRONTEND_CACHE_CLOUDFLARE_ZONEID": "z"},
    ],
)
def test_an_unknown_or_incomplete_cdn_configuration_is_refused(env):
    with pytest.raises(ImproperlyConfigured, match="FRONTEND_CACHE"):
        frontend_cache(env)

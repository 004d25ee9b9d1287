"""The admin report of the published-articles check, and its daily run by the scheduler."""

import pytest
from django.urls import reverse

from cms.scheduled_jobs import verify_published_daily
from frontend_api.models import PublishedArticle, VerificationRun
from tests.factories import UserFactory

URL = "frontend_api_published_check"


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(username="ada", is_superuser=True, is_staff=True))
    return client


def test_administrators_run_a_check_and_see_its_outcome(admin_client, published_article):
    response = admin_client.post(reverse(URL), follow=True)
    assert "All 1 published articles match." in response.content.decode()
    assert VerificationRun.objects.get().checked == 1


def test_the_report_names_a_tampered_article(admin_client, published_article):
    PublishedArticle.objects.filter(pk=published_article.pk).update(etag='"tampered"')
    admin_client.post(reverse(URL))
    text = admin_client.get(reverse(URL)).content.decode()
    assert "1 mismatch" in text and published_article.title in text


def test_only_administrators_see_the_report(client, published_article):
    client.force_login(UserFactory(username="erin", is_staff=True))
    assert client.get(reverse(URL)).status_code in (302, 403)


def test_the_scheduler_checks_once_a_day(published_article, time_travel):
    assert verify_published_daily().startswith("Checked 1 stored articles")
    assert verify_published_daily().startswith("last check")
    time_travel(hours=25)
    assert verify_published_daily().startswith("Checked 1 stored articles")
    assert VerificationRun.objects.count() == 2

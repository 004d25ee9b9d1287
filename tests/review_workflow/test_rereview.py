"""Re-review needed: shown in the editor, on the dashboard, in the reviews report, and picked
up by ``review_due --start-workflows``."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from review_workflow.models import ReReviewRequest
from tests.factories import ContentSourceFactory, signed_off_article


@pytest.fixture
def flagged(health_center):
    source = ContentSourceFactory(name="Spine Society", attribution="Old words.")
    article = signed_off_article(parent=health_center, source=source)
    source.attribution = "New words."
    source.save()
    return article


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_the_editor_says_why_a_re_review_is_needed(admin_client, flagged):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[flagged.pk]))
    text = response.content.decode()
    assert "Re-review needed: content source &#x27;Spine Society&#x27; changed" in text


def test_the_dashboard_lists_articles_needing_a_re_review(admin_client, flagged):
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert "Re-review needed" in response.content.decode()
    assert flagged.title in response.content.decode()


def test_the_reviews_report_includes_articles_needing_a_re_review(admin_client, flagged):
    response = admin_client.get(reverse("review_workflow_reviews_due"))
    text = response.content.decode()
    assert flagged.title in text
    assert "Re-review needed: content source" in text


def test_review_due_submits_articles_needing_a_re_review(flagged, medical_workflow):
    out = io.StringIO()
    call_command("review_due", "--start-workflows", stdout=out)
    assert "re-review needed: content source 'Spine Society' changed" in out.getvalue()
    assert "submitted to 'Medical review'" in out.getvalue()
    assert type(flagged).objects.get(pk=flagged.pk).workflow_in_progress


def test_an_article_without_open_requests_is_not_listed(published_article):
    out = io.StringIO()
    call_command("review_due", stdout=out)
    assert "No medical reviews are overdue or needed again." in out.getvalue()
    assert not ReReviewRequest.objects.exists()

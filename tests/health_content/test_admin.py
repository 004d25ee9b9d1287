"""The article editor: tabs, read-only review facts, and reference errors shown as form errors."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory


@pytest.fixture
def admin_client(client, db):
    user = UserFactory(username="boss", is_superuser=True, is_staff=True)
    client.force_login(user)
    return client


def test_article_edit_view_groups_panels_in_tabs(admin_client, article):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for tab in ("Content", "References", "Review facts", "Promote"):
        assert f">{tab}<" in html or f"{tab}\n" in html


def test_review_facts_are_not_editable_fields(admin_client, article):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    html = response.content.decode()
    assert 'name="last_reviewed"' not in html and 'name="last_updated"' not in html


def test_articles_cannot_be_added_under_the_home_page(admin_client, home):
    url = reverse(
        "wagtailadmin_pages:add", args=["health_content", "treatmentarticlepage", home.pk]
    )
    response = admin_client.get(url)
    assert response.status_code in (302, 403)


def test_snippet_admin_lists_disclaimers(admin_client):
    response = admin_client.get(reverse("wagtailsnippets_health_content_disclaimer:list"))
    assert response.status_code == 200
    assert "Standard medical disclaimer" in response.content.decode()

"""Wagtail's v3 API publish action meets the same guard: a 403 naming the reason.

The project does not mount the v3 API; a site that does may log the refusal in the API's own
exception handler, as the project's DRF handler does for the admin API.
"""

import pytest
from django.urls import reverse
from wagtail.models import APIToken

from health_content.models import TreatmentArticlePage
from tests.factories import TreatmentArticlePageFactory


@pytest.mark.urls("tests.review_workflow.v3_urls")
def test_v3_api_publish_of_an_unsigned_article_answers_403(client, health_center, superuser):
    draft = TreatmentArticlePageFactory(parent=health_center)
    _, token = APIToken.create_token(user=superuser, name="test")
    url = reverse("wagtailapi_v3:pages_actions_publish", args=[draft.pk])
    response = client.post(url, headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 403
    assert "no approved medical sign-off" in response.json()["detail"]
    assert not TreatmentArticlePage.objects.get(pk=draft.pk).live

"""Administrators manage reviewer profiles in the admin."""

from django.urls import reverse

from review_workflow.models import ReviewerProfile
from tests.factories import UserFactory


def test_an_administrator_adds_a_reviewer_profile(client, superuser):
    client.force_login(superuser)
    user = UserFactory(username="new-reviewer")
    url = reverse("wagtailsnippets_review_workflow_reviewerprofile:add")
    assert client.get(url).status_code == 200
    client.post(
        url,
        {
            "user": user.pk,
            "display_name": "Dr Ann Lee",
            "credentials": "MD, FACP",
            "specialty": "Rheumatology",
            "registration_number": "GMC7654321",
            "is_active": "on",
        },
    )
    assert ReviewerProfile.objects.get(user=user).credentials == "MD, FACP"


def test_an_editor_cannot_open_reviewer_profiles(client, editor):
    client.force_login(editor)
    response = client.get(reverse("wagtailsnippets_review_workflow_reviewerprofile:list"))
    assert response.status_code in (302, 403)

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
            "specialty": "rheumatology",
            "registration_body": "General Medical Council (UK)",
            "registration_number": "GMC7654321",
            "licence_expires": "2030-06-30",
            "is_active": "on",
        },
    )
    profile = ReviewerProfile.objects.get(user=user)
    assert (profile.credentials, profile.specialty_name) == ("MD, FACP", "Rheumatology")
    assert str(profile.licence_expires) == "2030-06-30"


def test_a_profile_without_a_licence_expiry_or_registration_is_refused_with_form_errors(
    client, superuser
):
    client.force_login(superuser)
    user = UserFactory(username="half-reviewer")
    url = reverse("wagtailsnippets_review_workflow_reviewerprofile:add")
    response = client.post(
        url,
        {
            "user": user.pk,
            "display_name": "Dr Half",
            "credentials": "MD",
            "specialty": "not-a-specialty",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"specialty", "registration_body", "registration_number", "licence_expires"} <= set(
        errors
    )
    assert not ReviewerProfile.objects.filter(user=user).exists()


def test_an_editor_cannot_open_reviewer_profiles(client, editor):
    client.force_login(editor)
    response = client.get(reverse("wagtailsnippets_review_workflow_reviewerprofile:list"))
    assert response.status_code in (302, 403)

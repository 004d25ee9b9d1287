"""Medical decisions posted from the page editor: taken once, on the version under review,
never by autosave, and never saving the edit form."""

import json
from html import unescape

import pytest
from django.urls import reverse
from wagtail.models import Revision

from health_content.models import TreatmentArticlePage
from review_workflow.models import MedicalSignOff
from tests.factories import attestation_data
from tests.review_workflow.test_admin_paths import article_form


def fresh(page):
    return TreatmentArticlePage.objects.get(pk=page.pk)


@pytest.fixture
def under_review(published_article, medical_workflow, editor):
    """The published article, edited and submitted for review by the editor."""
    page = fresh(published_article)
    page.summary = "Submitted wording."
    revision = page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    return revision


def decision_post(page, revision, action="approve", extra=None, **fields):
    data = article_form(slug=page.slug, summary="Typed in the editor while deciding.")
    data.update(
        {
            "action-workflow-action": "true",
            "workflow-action-name": action,
            "workflow-action-extra-data": json.dumps(
                attestation_data() if extra is None else extra
            ),
            "loaded_revision_id": str(revision.pk),
        }
    )
    data.update(fields)
    return data


def messages_of(response) -> str:
    return unescape(" ".join(str(m) for m in response.context["messages"]))


def test_an_approval_from_the_editor_publishes_the_submitted_version_and_saves_no_form(
    client, published_article, under_review, rosa
):
    client.force_login(rosa)
    url = reverse("wagtailadmin_pages:edit", args=[published_article.pk])
    response = client.post(url, decision_post(published_article, under_review), follow=True)
    page = fresh(published_article)
    assert page.live_revision_id == under_review.pk
    assert page.summary == "Submitted wording."
    assert not Revision.objects.filter(object_id=str(page.pk), user=rosa).exists()
    assert f"Signed off: '{page.title}' is now live." in messages_of(response)


def test_a_repeated_approval_post_records_one_decision_and_says_so(
    client, published_article, under_review, rosa
):
    client.force_login(rosa)
    url = reverse("wagtailadmin_pages:edit", args=[published_article.pk])
    client.post(url, decision_post(published_article, under_review))
    response = client.post(url, decision_post(published_article, under_review), follow=True)
    assert response.status_code == 200
    assert MedicalSignOff.objects.filter(revision_id=under_review.pk).count() == 1
    assert "already decided" in messages_of(response)
    assert not Revision.objects.filter(object_id=str(published_article.pk), user=rosa).exists()


def test_autosave_carrying_a_decision_is_refused_and_records_nothing(
    client, published_article, under_review, rosa
):
    client.force_login(rosa)
    url = reverse("wagtailadmin_pages:edit", args=[published_article.pk])
    response = client.post(
        url, decision_post(published_article, under_review), HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 409
    assert response.json()["success"] is False
    assert not MedicalSignOff.objects.filter(revision_id=under_review.pk).exists()
    assert not Revision.objects.filter(object_id=str(published_article.pk), user=rosa).exists()


def test_an_approval_without_the_attestation_is_refused_with_the_missing_statements(
    client, published_article, under_review, rosa
):
    client.force_login(rosa)
    url = reverse("wagtailadmin_pages:edit", args=[published_article.pk])
    extra = attestation_data(evidence_current=False)
    response = client.post(
        url, decision_post(published_article, under_review, extra=extra), follow=True
    )
    assert "Not recorded" in messages_of(response)
    assert not MedicalSignOff.objects.filter(revision_id=under_review.pk).exists()


def test_a_declared_conflict_needs_its_description(client, published_article, under_review, rosa):
    client.force_login(rosa)
    url = reverse("wagtailadmin_pages:edit", args=[published_article.pk])
    extra = attestation_data(conflict_of_interest="declared", conflict_details="")
    response = client.post(
        url, decision_post(published_article, under_review, extra=extra), follow=True
    )
    assert "Describe the conflict" in messages_of(response)
    assert not MedicalSignOff.objects.filter(revision_id=under_review.pk).exists()


def test_a_decision_from_an_editor_showing_another_version_is_refused(
    client, published_article, under_review, rosa
):
    client.force_login(rosa)
    url = reverse("wagtailadmin_pages:edit", args=[published_article.pk])
    other = published_article.live_revision_id
    response = client.post(
        url,
        decision_post(published_article, under_review, loaded_revision_id=str(other)),
        follow=True,
    )
    assert f"version {under_review.pk} is the one under review" in messages_of(response)
    assert not MedicalSignOff.objects.filter(revision_id=under_review.pk).exists()


def test_requesting_changes_from_the_editor_sends_the_article_back_with_the_comment(
    client, published_article, under_review, rosa
):
    client.force_login(rosa)
    url = reverse("wagtailadmin_pages:edit", args=[published_article.pk])
    data = decision_post(published_article, under_review, "reject", {"comment": "Cite NICE."})
    response = client.post(url, data, follow=True)
    record = MedicalSignOff.objects.get(revision_id=under_review.pk)
    assert (record.decision, record.comment) == ("changes_requested", "Cite NICE.")
    assert "Changes requested" in messages_of(response)


def test_the_attestation_is_stored_in_the_sign_off(client, published_article, under_review, rosa):
    client.force_login(rosa)
    url = reverse("wagtailadmin_pages:edit", args=[published_article.pk])
    extra = attestation_data(
        conflict_of_interest="declared", conflict_details="Paid talk for a maker of braces."
    )
    extra["comment"] = "Checked against the 2024 guideline."
    client.post(url, decision_post(published_article, under_review, extra=extra))
    record = MedicalSignOff.objects.get(revision_id=under_review.pk)
    assert len(record.statements) == 2 and "whole article" in record.statements[0]
    assert record.conflict_of_interest == "declared"
    assert record.conflict_of_interest_details == "Paid talk for a maker of braces."
    assert record.comment == "Checked against the 2024 guideline."


def test_repeating_an_approval_through_wagtails_action_view_is_never_a_server_error(
    client, published_article, under_review, rosa
):
    client.force_login(rosa)
    state = fresh(published_article).current_workflow_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[published_article.pk, "approve", state.pk]
    )
    form = {
        "reviewed_whole_content": "on",
        "evidence_current": "on",
        "conflict_of_interest": "none",
    }
    first = client.post(url, form)
    second = client.post(url, form, follow=True)
    assert first.status_code == 302 and second.status_code in (200, 403)
    assert MedicalSignOff.objects.filter(revision_id=under_review.pk).count() == 1


def test_changes_can_be_requested_from_an_editor_showing_a_newer_version(
    client, published_article, under_review, rosa
):
    client.force_login(rosa)
    url = reverse("wagtailadmin_pages:edit", args=[published_article.pk])
    data = decision_post(
        published_article, under_review, "reject", {"comment": "Resubmit the current version."}
    )
    data["loaded_revision_id"] = str(under_review.pk + 1)
    client.post(url, data)
    assert MedicalSignOff.objects.get(revision_id=under_review.pk).decision == "changes_requested"


def test_the_editor_warns_a_reviewer_when_it_shows_a_version_newer_than_the_one_under_review(
    client, published_article, under_review, rosa, sam
):
    fresh(published_article).get_latest_revision_as_object().save_revision(user=sam)
    client.force_login(rosa)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[published_article.pk]))
    assert f"saved after version {under_review.pk} was submitted" in unescape(
        response.content.decode()
    )

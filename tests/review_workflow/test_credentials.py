"""Reviewer credentials that mean something: snapshotted in every sign-off, and an expired
licence cannot sign."""

import datetime

import pytest

from health_content.models import TreatmentArticlePage
from review_workflow.admin.editor import withheld_reason
from review_workflow.models import MedicalSignOff, ReviewerProfile
from review_workflow.publishing.decisions import ReviewRefused, sign_off_revision
from tests.factories import TreatmentArticlePageFactory, attestation_data, reviewer


def fresh(page):
    return TreatmentArticlePage.objects.get(pk=page.pk)


@pytest.fixture
def submitted(health_center, medical_workflow, editor):
    draft = TreatmentArticlePageFactory(parent=health_center, author=editor)
    draft.get_workflow().start(draft, editor)
    return fresh(draft)


def approve(page, user):
    state = fresh(page).current_workflow_task_state
    state.task.specific.on_action(state, user, "approve", **attestation_data())


def test_a_sign_off_snapshots_the_whole_profile_and_keeps_it_when_the_profile_changes(
    submitted, rosa
):
    ReviewerProfile.objects.filter(user=rosa).update(
        specialty="rheumatology",
        registration_body="Medical Council of Ireland",
        registration_number="IMC 424242",
        licence_expires=datetime.date(2031, 1, 31),
    )
    approve(submitted, rosa)
    ReviewerProfile.objects.filter(user=rosa).update(
        credentials="MD", specialty="cardiology", registration_number="changed"
    )
    record = MedicalSignOff.objects.get(reviewer=rosa)
    assert (record.reviewer_credentials, record.reviewer_specialty) == ("MD, FRCP", "rheumatology")
    assert record.reviewer_registration_body == "Medical Council of Ireland"
    assert record.reviewer_registration_number == "IMC 424242"
    assert record.reviewer_licence_expires == datetime.date(2031, 1, 31)


def test_a_licence_valid_today_signs_and_the_day_after_expiry_it_cannot(
    clock, health_center, medical_workflow, editor
):
    licensed = reviewer(licence_expires=clock.today())
    first = TreatmentArticlePageFactory(parent=health_center, author=editor)
    sign_off_revision(revision=first.latest_revision, reviewer=licensed)
    clock.travel(days=1)
    second = TreatmentArticlePageFactory(parent=health_center, author=editor)
    with pytest.raises(ReviewRefused, match="licence expired on"):
        sign_off_revision(revision=second.latest_revision, reviewer=licensed)


def test_an_expired_licence_withholds_approve_and_says_when_it_expired(clock, submitted):
    expired = reviewer(licence_expires=clock.today() - datetime.timedelta(days=3))
    state = submitted.current_workflow_task_state
    assert state.task.specific.get_actions(submitted, expired) == []
    reason = withheld_reason(state, expired)
    assert reason.startswith("your licence expired on 27 February 2026")
    with pytest.raises(ReviewRefused, match="licence expired"):
        approve(submitted, expired)


def test_an_expired_licence_cannot_request_changes_either(clock, submitted):
    expired = reviewer(licence_expires=clock.today() - datetime.timedelta(days=1))
    state = submitted.current_workflow_task_state
    with pytest.raises(ReviewRefused, match="licence expired"):
        state.task.specific.on_action(state, expired, "reject", comment="Fix it.")


def test_a_profile_without_a_licence_expiry_cannot_sign(submitted):
    unrecorded = reviewer(licence_expires=None)
    assert "no licence expiry date" in withheld_reason(
        submitted.current_workflow_task_state, unrecorded
    )


def test_a_past_review_is_checked_against_the_licence_on_its_signing_date(
    clock, health_center, editor
):
    lapsed = reviewer(licence_expires=clock.today() - datetime.timedelta(days=100))
    draft = TreatmentArticlePageFactory(parent=health_center, author=editor)
    signed_at = clock.now() - datetime.timedelta(days=200)
    record = sign_off_revision(
        revision=draft.latest_revision, reviewer=lapsed, signed_at=signed_at, imported=True
    )
    assert record.signed_at == signed_at

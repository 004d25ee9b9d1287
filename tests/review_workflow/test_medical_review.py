"""The medical review task: who may decide, what a decision records, and what goes live."""

import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from wagtail.models import GroupApprovalTask, PageLogEntry, Workflow, WorkflowState, WorkflowTask

from health_content.models import TreatmentArticlePage
from review_workflow.models import MedicalSignOff, ReviewerProfile, SignOffRecordError
from review_workflow.publishing.decisions import ReviewRefused
from review_workflow.publishing.publication import add_months
from review_workflow.records import review_facts
from tests.factories import attestation_data, signed_off_article


def fresh(page):
    return TreatmentArticlePage.objects.get(pk=page.pk)


def edit(article, author, summary="An edited lead paragraph."):
    page = fresh(article)
    page.summary = summary
    return page.save_revision(user=author)


def submit(article, submitter):
    page = fresh(article)
    return page.get_workflow().start(page, submitter)


def decide(article, user, action, comment=""):
    page = fresh(article)
    task = page.current_workflow_task
    extra = attestation_data() if action == "approve" else {}
    task.on_action(page.current_workflow_task_state, user, action, comment=comment, **extra)


def action_names(article, user):
    page = fresh(article)
    return [name for name, _, _ in page.current_workflow_task.get_actions(page, user)]


@pytest.fixture
def article(health_center, medical_workflow, rosa):
    return signed_off_article(parent=health_center, reviewer=rosa)


def test_approval_publishes_the_approved_revision_with_dates_and_snapshot(
    article, health_center, editor, rosa
):
    health_center.review_interval_months = 6
    health_center.save_revision().publish()
    revision = edit(article, editor)
    submit(article, editor)
    decide(article, rosa, "approve")
    page = fresh(article)
    today = timezone.now().date()
    assert page.live_revision_id == revision.pk and page.summary == "An edited lead paragraph."
    assert page.last_reviewed == today and page.last_updated == today
    assert page.next_review_due == add_months(today, 6)
    sign_off = MedicalSignOff.objects.get(revision_id=revision.pk)
    assert (sign_off.reviewer_name, sign_off.reviewer_credentials) == ("Dr Rosa Okafor", "MD, FRCP")
    assert [v.version for v in review_facts.published_versions(page)] == [2, 1]
    assert review_facts.draft_review_status(page) == "published"


def test_a_reviewer_without_publish_permission_completes_the_review(article, editor, rosa):
    assert not fresh(article).permissions_for_user(rosa).can_publish()
    revision = edit(article, editor)
    submit(article, editor)
    decide(article, rosa, "approve")
    assert fresh(article).live_revision_id == revision.pk


@override_settings(WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT=False)
def test_finishing_publishes_the_approved_revision_not_a_later_draft(article, editor, rosa):
    approved = edit(article, editor, summary="Reviewed wording.")
    submit(article, editor)
    later = edit(article, editor, summary="Later, unreviewed wording.")
    decide(article, rosa, "approve")
    page = fresh(article)
    assert page.live_revision_id == approved.pk != later.pk
    assert page.summary == "Reviewed wording."
    assert page.latest_revision_id == later.pk


def test_an_edit_after_submission_needs_a_new_review(article, editor, rosa):
    live_before = fresh(article).live_revision_id
    edit(article, editor, summary="Submitted wording.")
    submit(article, editor)
    later = edit(article, editor, summary="Edited during review.")
    decide(article, rosa, "approve")
    page = fresh(article)
    assert page.live_revision_id == live_before
    assert page.current_workflow_task_state.revision_id == later.pk
    assert review_facts.draft_review_status(page) == "in medical review"


def test_the_author_of_a_change_is_offered_no_approve_action(article, editor, rosa, sam):
    edit(article, sam)
    submit(article, editor)
    assert action_names(article, sam) == ["reject"]
    assert "approve" in action_names(article, rosa)


def test_a_forged_approval_by_the_author_is_refused(article, editor, sam):
    edit(article, sam)
    submit(article, editor)
    with pytest.raises(ReviewRefused, match="wrote or submitted"):
        decide(article, sam, "approve")
    assert not MedicalSignOff.objects.filter(reviewer=sam).exists()
    assert fresh(article).current_workflow_task_state.status == "in_progress"


def test_the_submitter_cannot_sign_off(article, editor, rosa):
    edit(article, editor)
    submit(article, rosa)
    assert "approve" not in action_names(article, rosa)
    with pytest.raises(ReviewRefused):
        decide(article, rosa, "approve")


def test_an_inactive_reviewer_profile_cannot_sign_off(article, editor, sam):
    ReviewerProfile.objects.filter(user=sam).update(is_active=False)
    edit(article, editor)
    submit(article, editor)
    assert action_names(article, sam) == []
    with pytest.raises(ReviewRefused, match="active medical reviewer"):
        decide(article, sam, "approve")


def test_requesting_changes_without_a_comment_is_refused(article, editor, rosa):
    edit(article, editor)
    submit(article, editor)
    with pytest.raises(ReviewRefused, match="comment is required"):
        decide(article, rosa, "reject", comment="   ")
    assert fresh(article).current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_requesting_changes_records_the_decision_and_sends_the_article_back(article, editor, rosa):
    edit(article, editor)
    submit(article, editor)
    decide(article, rosa, "reject", comment="Cite the 2024 guideline.")
    page = fresh(article)
    record = MedicalSignOff.objects.get(decision="changes_requested")
    assert record.comment == "Cite the 2024 guideline."
    assert review_facts.draft_review_status(page) == "changes requested"
    assert PageLogEntry.objects.filter(
        page_id=page.pk, action="review_workflow.changes_requested"
    ).exists()


def test_a_sign_off_is_logged_in_the_page_history(article):
    entry = PageLogEntry.objects.get(page_id=article.pk, action="review_workflow.sign_off")
    assert entry.data["reviewer"] == "Dr Rosa Okafor, MD, FRCP"


def test_a_second_decision_on_a_decided_review_is_already_decided(article, editor, rosa, sam):
    edit(article, editor)
    submit(article, editor)
    state = fresh(article).current_workflow_task_state
    decide(article, rosa, "approve")
    with pytest.raises(ReviewRefused, match="already decided"):
        state.task.specific.on_action(state, sam, "approve", **attestation_data())
    assert MedicalSignOff.objects.filter(task_state_id=state.pk).count() == 1


def test_a_workflow_without_a_medical_task_approves_but_publishes_nothing(
    health_center, editor, superuser
):
    from tests.factories import TreatmentArticlePageFactory
    from tests.review_workflow.conftest import refusals

    draft = TreatmentArticlePageFactory(parent=health_center, author=editor)
    workflow = Workflow.objects.create(name="Plain moderation")
    task = GroupApprovalTask.objects.create(name="Moderators")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    workflow.start(draft, editor)
    page = fresh(draft)
    page.current_workflow_task.on_action(page.current_workflow_task_state, superuser, "approve")
    assert not fresh(draft).live
    assert refusals(draft) == 1


def test_deleting_the_reviewer_keeps_their_sign_off(article, rosa):
    rosa_id = rosa.pk
    rosa.delete()  # the database refuses any change to the sign-off: nothing cascades to it
    record = MedicalSignOff.objects.get(revision_id=article.live_revision_id)
    assert record.reviewer_id == rosa_id
    assert record.reviewer_name == "Dr Rosa Okafor"
    assert review_facts.live_sign_off(article).reviewer.credentials == "MD, FRCP"


def test_purge_revisions_keeps_every_sign_off_and_publication(article, rosa, sam, editor):
    first_revision = article.live_revision_id
    edit(article, editor)
    submit(article, editor)
    decide(article, sam, "approve")
    edit(article, editor, summary="A draft after the last review.")
    before = list(MedicalSignOff.objects.values_list("pk", "revision_id", "fingerprint"))
    call_command("purge_revisions", stdout=open("/dev/null", "w"))
    assert list(MedicalSignOff.objects.values_list("pk", "revision_id", "fingerprint")) == before
    first = MedicalSignOff.objects.get(revision_id=first_revision)
    assert first.reviewed_content["summary"] == "A short lead paragraph."
    assert len(review_facts.published_versions(article)) == 2


def test_deleting_the_page_keeps_its_sign_offs(article):
    page_id = article.pk
    fresh(article).delete()
    assert MedicalSignOff.objects.filter(page_id=page_id).count() == 1


def test_sign_off_records_cannot_be_changed_or_deleted(article):
    record = MedicalSignOff.objects.get(revision_id=article.live_revision_id)
    record.comment = "rewritten"
    for attempt in (
        record.save,
        record.delete,
        lambda: MedicalSignOff.objects.update(comment="x"),
        lambda: MedicalSignOff.objects.all().delete(),
    ):
        with pytest.raises(SignOffRecordError):
            attempt()


def test_review_due_lists_overdue_articles_and_starts_their_review(article, capsys):
    overdue = datetime.date(2020, 1, 1)
    TreatmentArticlePage.objects.filter(pk=article.pk).update(next_review_due=overdue)
    call_command("review_due", "--start-workflows")
    out = capsys.readouterr().out
    assert "2020-01-01" in out and article.title in out and "submitted" in out
    assert fresh(article).workflow_in_progress


def test_a_reviewer_outside_the_medical_reviewers_group_cannot_sign_off(article, editor, sam):
    sam.groups.clear()
    edit(article, editor)
    submit(article, editor)
    with pytest.raises(ReviewRefused, match="active medical reviewer"):
        decide(article, sam, "approve")


def test_deactivating_the_reviewers_user_keeps_their_sign_offs_and_stops_new_ones(
    article, editor, rosa
):
    rosa.is_active = False
    rosa.save()
    record = MedicalSignOff.objects.get(revision_id=article.live_revision_id)
    assert record.reviewer_id == rosa.pk and record.reviewer_name == "Dr Rosa Okafor"
    edit(article, editor)
    submit(article, editor)
    with pytest.raises(ReviewRefused):
        decide(article, rosa, "approve")


def test_whoever_resubmits_after_changes_requested_cannot_sign_off(article, editor, rosa, sam):
    edit(article, editor)
    submit(article, editor)
    decide(article, rosa, "reject", comment="Add the dosage.")
    edit(article, editor, summary="With the dosage.")
    fresh(article).current_workflow_state.resume(user=sam)
    assert "approve" not in action_names(article, sam)
    assert "approve" in action_names(article, rosa)

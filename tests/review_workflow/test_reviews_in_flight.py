"""The reviewer's desk (issue 22): reviews survive the reviewed content changing under them,
and the reviewer sees the reviewed content's diff, outside parts included, where they sign."""

import re
from html import unescape

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from wagtail.models import Revision, WorkflowState

from health_content.models import ContentSource, TreatmentArticlePage
from review_workflow.admin.dashboard import approvals_text
from review_workflow.models import (
    ArticlePublication,
    AuditEntry,
    MedicalSignOff,
)
from review_workflow.publishing.decisions import ReviewAlreadyDecided, request_changes
from review_workflow.records import triggers
from tests.factories import TreatmentArticlePageFactory, attestation_data
from tests.review_workflow.test_admin_paths import article_form

NEW_ATTRIBUTION = "Written by the spine clinic's physiotherapists, checked in 2026."


def fresh(page):
    return TreatmentArticlePage.objects.get(pk=page.pk)


def approve(article, user):
    state = fresh(article).current_workflow_task_state
    state.task.specific.on_action(state, user, "approve", **attestation_data())


def can_approve(article, user) -> bool:
    page = fresh(article)
    return "approve" in [name for name, _, _ in page.current_workflow_task.get_actions(page, user)]


def change_attribution(article, text=NEW_ATTRIBUTION):
    """An administrator edits the content source the article shows (outside the page)."""
    source = ContentSource.objects.get(pk=fresh(article).source_id)
    source.attribution = text
    source.save()


# 1. Reviews survive the world changing under them


def test_an_approval_of_content_changed_mid_review_stops_counting_and_may_be_given_again(
    in_review, rosa, sam
):
    approve(in_review, rosa)
    state = fresh(in_review).current_workflow_task_state
    assert approvals_text(state) == "1 of 2 approvals"
    change_attribution(in_review)
    assert approvals_text(state) == "0 of 2 approvals"
    assert can_approve(in_review, rosa)
    approve(in_review, rosa)  # refused before: "was already recorded … it counts once"
    assert fresh(in_review).live_revision_id != fresh(in_review).latest_revision_id
    approve(in_review, sam)
    live = fresh(in_review)
    assert live.live_revision_id == live.latest_revision_id
    publication = ArticlePublication.objects.filter(page_id=live.pk).order_by("-version").first()
    signed = MedicalSignOff.objects.approved().filter(
        revision_id=live.live_revision_id, fingerprint=publication.fingerprint
    )
    assert {s.reviewer_id for s in signed} == {rosa.pk, sam.pk}
    assert publication.sign_off.reviewed_content["source"]["attribution"] == NEW_ATTRIBUTION


def test_a_request_for_changes_after_approving_earlier_content_is_recorded(in_review, rosa):
    approve(in_review, rosa)
    change_attribution(in_review)
    state = fresh(in_review).current_workflow_task_state
    request_changes(task_state=state, reviewer=rosa, comment="The new attribution is wrong.")
    assert fresh(in_review).current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES


def test_the_same_content_is_still_decided_once_per_reviewer(in_review, rosa):
    approve(in_review, rosa)
    with pytest.raises(ReviewAlreadyDecided, match="counts once"):
        approve(in_review, rosa)


def test_the_database_allows_one_decision_per_reviewer_per_content_in_a_review(in_review, rosa):
    approve(in_review, rosa)
    first = MedicalSignOff.objects.get(reviewer=rosa)
    fields = {f.attname: getattr(first, f.attname) for f in MedicalSignOff._meta.concrete_fields}
    fields["id"] = None
    with pytest.raises(IntegrityError), transaction.atomic():
        MedicalSignOff.objects.create(**fields)
    MedicalSignOff.objects.create(**{**fields, "fingerprint": "f" * 64})


def test_reviewers_are_told_why_earlier_approvals_no_longer_count(client, in_review, rosa, sam):
    approve(in_review, rosa)
    change_attribution(in_review)
    client.force_login(sam)
    dashboard = unescape(client.get(reverse("wagtailadmin_home")).content.decode())
    assert "0 of 2 approvals" in dashboard
    assert "Dr Rosa Okafor approved this review on" in dashboard
    assert "Source · attribution" in dashboard and "no longer count" in dashboard
    client.force_login(rosa)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[in_review.pk]), follow=True)
    said = unescape(" ".join(str(m) for m in edit.context["messages"]))
    assert "The content changed during this review" in said
    assert "You cannot approve" not in said


def test_after_a_new_draft_is_resubmitted_reviewers_are_told_and_may_approve_it(
    client, in_review, editor, rosa
):
    approve(in_review, rosa)
    page = fresh(in_review)
    page.current_workflow_state.cancel(user=editor)
    page.summary = "Most back pain eases within six weeks; keep moving gently."
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    assert can_approve(in_review, rosa)
    client.force_login(rosa)
    dashboard = unescape(client.get(reverse("wagtailadmin_home")).content.decode())
    assert "Dr Rosa Okafor approved an earlier version on" in dashboard
    assert "(Summary)" in dashboard and "0 of 2 approvals" in dashboard


def test_cancel_workflow_saves_no_draft_in_the_name_of_the_reviewer_cancelling(
    client, in_review, editor, rosa
):
    data = article_form(slug=in_review.slug, summary="Typed by the reviewer before cancelling.")
    data.update(
        {"action-cancel-workflow": "true", "loaded_revision_id": str(in_review.latest_revision_id)}
    )
    client.force_login(rosa)
    client.post(reverse("wagtailadmin_pages:edit", args=[in_review.pk]), data)
    page = fresh(in_review)
    assert page.current_workflow_state is None
    assert not Revision.objects.filter(object_id=str(page.pk), user=rosa).exists()
    page.get_workflow().start(page, editor)  # resubmitted: not withheld from her as her own
    assert can_approve(page, rosa)


# 2. The diff of the reviewed content


def test_the_reviewed_content_is_compared_part_by_part_and_whole_for_a_first_publication():
    from review_workflow.rules.reviewed_changes import changed_labels, compare_reviewed

    before = {"title": "Back pain", "source": {"attribution": "By the team."}, "body": []}
    after = {"title": "Back pain", "source": {"attribution": "By the clinic."}, "body": []}
    assert changed_labels(before, after) == ["Source · attribution"]
    first = compare_reviewed(None, after)
    assert all(change.changed and change.before == "" for change in first if change.after)


def workflow_action_html(client, page, action="approve") -> str:
    state = fresh(page).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk])
    return unescape(client.get(url).json()["html"])


def test_the_sign_off_form_shows_the_reviewed_content_diff_with_an_outside_change(
    client, in_review, rosa
):
    change_attribution(in_review)
    client.force_login(rosa)
    html = workflow_action_html(client, in_review)
    assert "What you are signing: the reviewed content" in html
    assert "Compared with the live, signed version 1" in html
    assert "Source · attribution" in html and "Summary" in html
    assert re.search(r'<ins class="addition">[^<]*physiotherapists[^<]*</ins>', html)
    assert '<del class="deletion">From the editorial team.</del>' in html


def test_a_first_publication_shows_the_whole_reviewed_content(
    client, health_center, medical_workflow, editor, rosa
):
    draft = TreatmentArticlePageFactory(parent=health_center, author=editor, title="Knee pain")
    draft.get_workflow().start(draft, editor)
    client.force_login(rosa)
    html = workflow_action_html(client, draft)
    assert "this is a first publication, so the whole reviewed content is shown" in html
    assert "<ins" in html and "Knee pain" in html


def test_the_review_changes_screen_shows_the_diff_to_a_reviewer(client, in_review, rosa):
    change_attribution(in_review)
    client.force_login(rosa)
    response = client.get(reverse("review_workflow_review_changes", args=[in_review.pk]))
    assert response.status_code == 200
    assert "physiotherapists" in unescape(response.content.decode())


def test_a_sign_off_records_the_live_signed_version_it_was_compared_with(
    in_review, rosa, sam, health_center, medical_workflow, editor
):
    live_before = ArticlePublication.objects.get(page_id=in_review.pk)
    approve(in_review, rosa)
    sign_off = MedicalSignOff.objects.get(reviewer=rosa)
    assert sign_off.compared_with_id == live_before.pk
    entry = AuditEntry.objects.filter(event="sign_off").order_by("-position").first()
    assert entry.data["compared_with"]["version"] == live_before.version
    draft = TreatmentArticlePageFactory(parent=health_center, author=editor)
    draft.get_workflow().start(draft, editor)
    approve(draft, sam)
    assert MedicalSignOff.objects.get(page_id=draft.pk).compared_with_id is None


def test_the_compared_with_column_is_append_only_in_the_database(in_review, rosa):
    approve(in_review, rosa)
    assert triggers.installed(connection)
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE review_workflow_medicalsignoff SET compared_with_id = NULL")

"""Medical reviews assigned to named reviewers with a due date (issue 22): who may assign,
what the assigned reviewer sees and hears, overdue assignments in the digest and the report,
each change in the audit trail."""

import datetime
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse

from review_workflow.admin.reminders import send_reminders
from review_workflow.models import AuditEntry, ReviewAssignment, ReviewerProfile
from review_workflow.records import audit
from tests.factories import reviewer
from tests.review_workflow.test_reviews_in_flight import can_approve


def assign(client, page, user, reviewers, due):
    client.force_login(user)
    return client.post(
        reverse("review_workflow_assign_reviewers", args=[page.pk]),
        {"reviewers": [r.pk for r in reviewers], "due": due.isoformat()},
    )


@pytest.fixture
def outbox(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    return mail


def test_the_submitter_assigns_a_named_reviewer_who_is_told_and_sees_it(
    client, outbox, in_review, editor, rosa, sam, django_capture_on_commit_callbacks
):
    due = datetime.date.today() + datetime.timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        response = assign(client, in_review, editor, [sam], due)
    assert response.status_code == 302
    assignment = ReviewAssignment.objects.get()
    assert (assignment.reviewer, assignment.due, assignment.assigned_by) == (sam, due, editor)
    sent = [m for m in outbox.outbox if sam.email in m.to and "assigned to you" in m.subject]
    assert len(sent) == 1 and f"due {due:%Y-%m-%d}" in sent[0].subject
    client.force_login(sam)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert f"Assigned to you, due {due:%Y-%m-%d}" in dashboard
    assert can_approve(in_review, rosa)  # others in the group can still act
    entry = AuditEntry.objects.get(event="review_assigned")
    assert entry.data["reviewer"] == sam.username and entry.data["due"] == due.isoformat()
    assert audit.verify().intact


def test_changing_and_removing_an_assignment_goes_into_the_audit_trail(
    client, in_review, editor, sam
):
    due = datetime.date.today() + datetime.timedelta(days=5)
    assign(client, in_review, editor, [sam], due)
    assign(client, in_review, editor, [sam], due + datetime.timedelta(days=2))
    assign(client, in_review, editor, [], due)
    events = list(AuditEntry.objects.order_by("position").values_list("event", flat=True))
    assert events[-3:] == ["review_assigned", "review_assignment_due_changed", "review_unassigned"]
    assert not ReviewAssignment.objects.exists()
    assert audit.verify().intact


def test_only_the_submitter_or_a_lead_reviewer_may_assign(client, in_review, rosa, sam):
    due = datetime.date.today() + datetime.timedelta(days=5)
    assert assign(client, in_review, rosa, [sam], due).status_code in (302, 403)
    assert not ReviewAssignment.objects.exists()
    ReviewerProfile.objects.filter(user=rosa).update(is_lead=True)
    assign(client, in_review, rosa, [sam], due)
    assert ReviewAssignment.objects.get().assigned_by == rosa


def test_a_due_date_in_the_past_is_a_form_error(client, in_review, editor, sam):
    response = assign(client, in_review, editor, [sam], datetime.date(2020, 1, 1))
    assert response.status_code == 200
    assert "The due date cannot be in the past." in response.content.decode()
    assert not ReviewAssignment.objects.exists()


def test_overdue_assignments_are_in_the_reminder_digest_and_the_reviews_report(
    client, outbox, clock, in_review, editor, sam, superuser
):
    due = clock.today() + datetime.timedelta(days=2)
    assign(client, in_review, editor, [sam], due)
    clock.travel(days=5)
    outbox.outbox = []
    send_reminders()
    to_sam = [m.body for m in outbox.outbox if sam.email in m.to]
    to_editor = [m.body for m in outbox.outbox if editor.email in m.to]
    assert any(f"assigned to you, overdue: due {due}" in body for body in to_sam)
    assert any("is overdue: due" in body and sam.get_full_name() in body for body in to_editor)
    client.force_login(superuser)
    report = unescape(client.get(reverse("review_workflow_reviews_due")).content.decode())
    assert "Assigned review overdue" in report and sam.get_full_name() in report


def test_an_assignment_can_name_only_reviewers_who_may_decide(client, in_review, editor):
    outsider = reviewer(display_name="Dr Lapsed", licence_expires=datetime.date(2020, 1, 1))
    due = datetime.date.today() + datetime.timedelta(days=5)
    response = assign(client, in_review, editor, [outsider], due)
    assert response.status_code == 200 and not ReviewAssignment.objects.exists()


def test_the_assignment_screen_is_refused_to_people_without_a_part_in_the_review(client, in_review):
    stranger = reviewer(display_name="Dr Other")
    ReviewerProfile.objects.filter(user=stranger).update(is_lead=False)
    client.force_login(stranger)
    response = client.get(reverse("review_workflow_assign_reviewers", args=[in_review.pk]))
    assert response.status_code != 200

"""Reminder digests: reviewers hear what awaits them, editors what is due, in review or sent
back; each person gets at most one e-mail a day, however often or wherever the job runs."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from cms.scheduled_jobs import run_due_jobs
from health_content.models import TreatmentArticlePage
from review_workflow.admin.reminders import send_reminders
from review_workflow.models import ReminderDigest
from tests.factories import TreatmentArticlePageFactory, signed_off_article


class Outbox:
    """Django's test outbox, read when asked (Django may replace the list between sends)."""

    def clear(self):
        mail.outbox = []

    def __iter__(self):
        return iter(mail.outbox)

    def __eq__(self, other):
        return list(mail.outbox) == other


@pytest.fixture
def outbox(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    box = Outbox()
    box.clear()
    return box


@pytest.fixture
def awaiting(health_center, medical_workflow, editor):
    draft = TreatmentArticlePageFactory(parent=health_center, author=editor, title="Neck pain")
    draft.owner = editor
    draft.save()
    draft.get_workflow().start(draft, editor)
    return draft


def mails_to(outbox, user) -> list:
    """The reminder digests (not Wagtail's workflow notifications) sent to ``user``."""
    return [
        message
        for message in outbox
        if user.email in message.to and message.subject.startswith("Medical review:")
    ]


def test_reviewers_and_editors_get_one_digest_each(outbox, awaiting, editor, rosa, sam):
    outbox.clear()
    run = send_reminders()
    assert run.sent == 3
    for person in (editor, rosa, sam):
        assert len(mails_to(outbox, person)) == 1
    assert "Neck pain: awaiting your review" in mails_to(outbox, rosa)[0].body
    assert "Neck pain: in medical review" in mails_to(outbox, editor)[0].body


def test_a_second_run_the_same_day_sends_nothing(outbox, awaiting, clock, rosa):
    send_reminders()
    outbox.clear()
    clock.travel(hours=5)
    run = send_reminders()
    assert (run.sent, run.already_sent, mails_to(outbox, rosa)) == (0, 2, [])


def test_the_next_day_brings_the_next_digest(outbox, awaiting, clock, rosa):
    send_reminders()
    clock.travel(days=1)
    outbox.clear()
    send_reminders()
    assert len(mails_to(outbox, rosa)) == 1
    assert ReminderDigest.objects.filter(recipient=rosa).count() == 2


def test_editors_hear_about_overdue_and_due_soon_articles(outbox, clock, health_center, editor):
    article = signed_off_article(parent=health_center, author=editor, title="Low back pain")
    TreatmentArticlePage.objects.filter(pk=article.pk).update(
        owner=editor, next_review_due=clock.today() - datetime.timedelta(days=2)
    )
    soon = signed_off_article(parent=health_center, author=editor, title="Knee pain")
    TreatmentArticlePage.objects.filter(pk=soon.pk).update(
        next_review_due=clock.today() + datetime.timedelta(days=10)
    )
    send_reminders()
    body = mails_to(outbox, editor)[0].body
    assert "Low back pain: overdue: review due 2026-02-28" in body
    assert "Knee pain: due soon: review due 2026-03-12" in body


def test_a_reviewer_who_cannot_approve_is_not_reminded_to(
    outbox, health_center, medical_workflow, editor, rosa, sam
):
    draft = TreatmentArticlePageFactory(parent=health_center, author=sam)
    draft.get_workflow().start(draft, editor)
    send_reminders()
    assert "awaiting your review" in mails_to(outbox, rosa)[0].body
    assert "awaiting your review" not in mails_to(outbox, sam)[0].body


def test_a_failed_send_is_retried_on_the_next_run(outbox, awaiting, rosa, settings):
    settings.EMAIL_BACKEND = "tests.review_workflow.test_reminders.FailingBackend"
    with pytest.raises(ConnectionError):
        send_reminders()
    assert not ReminderDigest.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_reminders()
    assert len(mails_to(outbox, rosa)) == 1


class FailingBackend:
    """An e-mail backend whose server is down (Django's backend interface, not a mock)."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionError("SMTP server unreachable")


def test_the_scheduler_runs_the_reminders_once_a_day(outbox, awaiting, rosa):
    for _ in range(3):
        run_due_jobs()
    assert len(mails_to(outbox, rosa)) == 1


def test_the_command_reports_what_it_sent(outbox, awaiting, rosa):
    out = StringIO()
    call_command("send_review_reminders", stdout=out)
    assert "Sent 2 reminder digest(s); 0 already sent today." in out.getvalue()

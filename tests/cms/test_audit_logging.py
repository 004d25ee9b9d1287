"""Refused publishes, sign-offs and publications are written to the JSON logs."""

import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from wagtail.log_actions import LogContext
from wagtail.signals import page_published

from review_workflow.publishing.decisions import publish_signed_off
from tests.factories import TreatmentArticlePageFactory, UserFactory, reviewer

pytestmark = pytest.mark.django_db


def audit_lines(caplog, action):
    return [r for r in caplog.records if r.name == "cms.audit" and r.msg == action]


def test_a_refused_publish_is_logged_with_page_revision_and_user(health_center, caplog):
    article = TreatmentArticlePageFactory(parent=health_center)
    editor = UserFactory(is_superuser=True)  # refused for superusers too
    revision = article.save_revision(user=editor)
    # In the admin, Wagtail's middleware names the acting user for the audit log this way.
    with caplog.at_level(logging.INFO, logger="cms.audit"), pytest.raises(PermissionDenied):
        with LogContext(user=editor):
            revision.publish(user=editor)
    line = audit_lines(caplog, "review_workflow.publish_refused")[-1]
    assert line.levelname == "WARNING"
    assert (line.page_id, line.revision_id, line.user_id) == (article.pk, revision.pk, editor.pk)
    assert line.reason


def test_a_sign_off_and_its_publication_are_logged_once_committed(
    health_center, caplog, django_capture_on_commit_callbacks
):
    article = TreatmentArticlePageFactory(parent=health_center)
    signer = reviewer()
    revision = article.save_revision()
    with caplog.at_level(logging.INFO, logger="cms.audit"):
        with django_capture_on_commit_callbacks(execute=True):
            record = publish_signed_off(revision=revision, reviewer=signer)
    [signed] = audit_lines(caplog, "review_workflow.sign_off")
    assert (signed.page_id, signed.revision_id, signed.user_id) == (
        article.pk,
        revision.pk,
        signer.pk,
    )
    assert signed.sign_off_id == record.pk and signed.username == signer.get_username()
    [published] = audit_lines(caplog, "wagtail.publish")
    assert (published.page_id, published.revision_id) == (article.pk, revision.pk)


def test_a_sign_off_rolled_back_with_its_publish_is_not_logged(
    health_center, caplog, django_capture_on_commit_callbacks
):
    article = TreatmentArticlePageFactory(parent=health_center)

    @receiver(page_published)
    def fail(sender, **kwargs):
        raise RuntimeError("a receiver broke mid-publish")

    try:
        with caplog.at_level(logging.INFO, logger="cms.audit"):
            with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
                publish_signed_off(revision=article.save_revision(), reviewer=reviewer())
    finally:
        page_published.disconnect(fail)
    assert audit_lines(caplog, "review_workflow.sign_off") == []
    assert audit_lines(caplog, "wagtail.publish") == []

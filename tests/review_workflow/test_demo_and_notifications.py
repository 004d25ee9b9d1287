"""The demo site is reviewed like real content, shows every review state on first run, and
reviewers hear about new submissions."""

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import WorkflowPage

from health_content.models import HealthCenterPage, TreatmentArticlePage
from review_workflow.admin.editor import withheld_reason
from review_workflow.contract import CURRENT_TRANSLATION, OUTDATED_TRANSLATION, translation_follows
from review_workflow.models import ArticlePublication, MedicalSignOff, ReviewAssignment
from review_workflow.records import audit, review_facts
from review_workflow.rules.due import LABELS, due_counts, review_state
from review_workflow.rules.policy import approval_progress, policy_for
from review_workflow.rules.review_status import OVERDUE
from tests.cms.test_settings import settings_value
from tests.factories import TreatmentArticlePageFactory, attestation_data


def load_demo():
    call_command("load_demo", stdout=open("/dev/null", "w"))


def test_load_demo_publishes_every_article_under_two_distinct_sign_offs(db):
    load_demo()
    articles = TreatmentArticlePage.objects.live().filter(locale__language_code="en")
    assert articles.count() == 3
    for article in articles:
        assert review_facts.live_sign_off(article) is not None
        live = MedicalSignOff.objects.approved().filter(revision_id=article.live_revision_id)
        assert {s.reviewer_name for s in live} == {"Dr Rosa Okafor", "Dr Sam Lindqvist"}
        assert article.last_reviewed and article.next_review_due and article.last_updated


def test_load_demo_signs_off_the_seed_article_in_spanish_by_reviewers_who_review_in_it(db):
    load_demo()
    original = TreatmentArticlePage.objects.get(slug="upper-middle-back-pain-treatment")
    spanish = TreatmentArticlePage.objects.get(
        translation_key=original.translation_key, locale__language_code="es"
    )
    live = MedicalSignOff.objects.approved().filter(revision_id=spanish.live_revision_id)
    assert {s.reviewer_name for s in live} == {"Dr Rosa Okafor", "Dra. Lucía Herrera"}
    assert {s.locale for s in live} == {"es"}
    assert translation_follows(spanish).status == CURRENT_TRANSLATION


def test_load_demo_leaves_a_spanish_translation_out_of_date_with_its_update_in_review(db):
    load_demo()
    original = TreatmentArticlePage.objects.get(slug="neck-pain-treatment")
    spanish = TreatmentArticlePage.objects.get(
        translation_key=original.translation_key, locale__language_code="es"
    )
    assert translation_follows(spanish).status == OUTDATED_TRANSLATION
    assert spanish.live and spanish.workflow_in_progress


def test_load_demo_shows_an_overdue_and_a_due_soon_article(db):
    load_demo()
    assert due_counts() == due_counts().__class__(overdue=1, due_soon=1)
    overdue = TreatmentArticlePage.objects.get(slug="upper-middle-back-pain-treatment")
    assert review_state(overdue.next_review_due) == LABELS[OVERDUE] == "Overdue"


def test_load_demo_leaves_an_article_waiting_for_its_second_approval(db):
    load_demo()
    article = TreatmentArticlePage.objects.get(slug="neck-pain-treatment")
    state = article.current_workflow_task_state
    reviewed = state.revision.as_object()
    progress = approval_progress(
        state.revision_id,
        MedicalSignOff.objects.get(revision_id=state.revision_id).fingerprint,
        policy_for(reviewed),
    )
    assert (len(progress.approvals), progress.remaining) == (1, 1)
    assert article.live_revision_id != state.revision_id


def test_the_demo_reviewer_with_an_expired_licence_is_told_why_they_cannot_approve(
    db, django_user_model
):
    load_demo()
    state = TreatmentArticlePage.objects.get(slug="neck-pain-treatment").current_workflow_task_state
    expired = django_user_model.objects.get(username="reviewer3")
    assert "licence expired on" in withheld_reason(state, expired)
    first = django_user_model.objects.get(username="reviewer")
    assert "already approved" in withheld_reason(state, first)
    assert withheld_reason(state, django_user_model.objects.get(username="reviewer2")) is None


def test_the_demo_history_is_an_intact_audit_chain(db):
    load_demo()
    result = audit.verify()
    publications = ArticlePublication.objects.count()
    assignments = ReviewAssignment.objects.count()  # each one assigned: an entry
    assert result.intact
    assert result.entries == MedicalSignOff.objects.count() + publications + assignments


@override_settings(CMS_ENV="production")
def test_load_demo_is_refused_with_production_settings(db, django_user_model):
    with pytest.raises(CommandError, match="production settings"):
        load_demo()
    assert not django_user_model.objects.filter(username="admin").exists()


def test_load_demo_sends_no_workflow_email(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    load_demo()
    assert mail.outbox == []


def test_load_demo_assigns_the_medical_review_workflow_to_every_health_center(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    for center in HealthCenterPage.objects.all():
        assert WorkflowPage.objects.get(page=center).workflow.name == "Medical review"


def test_submitting_an_article_emails_the_medical_reviewers(
    health_center, medical_workflow, editor, rosa, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    draft = TreatmentArticlePageFactory(parent=health_center, author=editor)
    draft.get_workflow().start(draft, editor)
    assert any(rosa.email in message.to for message in mail.outbox)


def test_the_approved_email_links_to_the_page_on_the_public_origin(
    health_center, medical_workflow, editor, rosa, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # The host's settings as they load with PUBLIC_BASE_URL=http://127.0.0.1:8392 in the
    # environment (make demo PORT=8392): e-mail links are built on what that gives.
    origin = "http://127.0.0.1:8392"
    settings.WAGTAILADMIN_BASE_URL = settings_value(
        "s.WAGTAILADMIN_BASE_URL", PUBLIC_BASE_URL=origin
    )
    HealthCenterPage.objects.filter(pk=health_center.pk).update(required_approvals=1)
    draft = TreatmentArticlePageFactory(parent=health_center, author=editor)
    draft.get_workflow().start(draft, editor)
    mail.outbox.clear()
    state = TreatmentArticlePage.objects.get(pk=draft.pk).current_workflow_task_state
    state.task.specific.on_action(state, rosa, "approve", **attestation_data())
    approved = [m for m in mail.outbox if editor.email in m.to and "Signed off" in m.subject]
    assert approved, [m.subject for m in mail.outbox]
    page_url = f"{origin}{draft.get_url_parts()[2]}"
    for message in approved:
        assert page_url in message.body and "http://localhost" not in message.body
        html = message.alternatives[0][0] if message.alternatives else ""
        assert "http://localhost" not in html

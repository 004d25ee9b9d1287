"""An unsigned translation never goes live, by any path (issue 21): wagtail-localize's
"Publish" (which submits it for medical review instead), its publish and sync, scheduled
go-live, the shell, and a copy for translation of a live page."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision, WorkflowState
from wagtail_localize.models import Translation, TranslationSource

from health_content.models import TreatmentArticlePage
from review_workflow.contract import MedicalSignOffRequired
from review_workflow.models import ArticlePublication
from tests.factories import locale, translation_of

pytestmark = pytest.mark.django_db


def fresh(page):
    return TreatmentArticlePage.objects.get(pk=page.pk)


def localize(article, user=None) -> Translation:
    """A wagtail-localize translation of ``article`` into Spanish, its draft page made."""
    source, _ = TranslationSource.get_or_create_from_instance(article)
    translation = Translation.objects.create(source=source, target_locale=locale("es"))
    translation.save_target(user=user, publish=False)
    return translation


def spanish_page(article) -> TreatmentArticlePage:
    return TreatmentArticlePage.objects.get(
        translation_key=article.translation_key, locale__language_code="es"
    )


def test_a_copy_for_translation_of_a_live_article_is_a_draft(article):
    translation = article.copy_for_translation(locale("es"), copy_parents=True)
    assert not fresh(translation).live
    assert not ArticlePublication.objects.filter(page_id=translation.pk).exists()


def test_wagtail_localizes_publish_of_an_unsigned_translation_is_refused(
    article, django_capture_on_commit_callbacks
):
    translation = localize(article)
    with pytest.raises(MedicalSignOffRequired):
        with django_capture_on_commit_callbacks(execute=True):
            translation.save_target(publish=True)
    assert not spanish_page(article).live


def test_the_shells_save_revision_publish_of_a_translation_is_refused(article):
    page = translation_of(article)
    with pytest.raises(MedicalSignOffRequired):
        page.save_revision().publish()
    assert not fresh(page).live


def test_a_scheduled_translation_does_not_go_live_unsigned(article):
    page = translation_of(article)
    past = timezone.now() - timedelta(minutes=5)
    Revision.objects.filter(pk=page.latest_revision_id).update(approved_go_live_at=past)
    call_command("publish_scheduled", stdout=io.StringIO())
    assert not fresh(page).live


def test_the_translation_editors_publish_submits_the_translation_for_medical_review(
    client, superuser, article, medical_workflow
):
    localize(article, user=superuser)
    page = spanish_page(article)
    client.force_login(superuser)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.post(url, {"action": "publish"}, follow=True)
    text = " ".join(str(message) for message in response.context["messages"])
    assert "submitted for medical review" in text
    page = fresh(page)
    assert not page.live
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_the_translation_editor_of_a_reviewed_page_opens(client, superuser, article):
    localize(article, user=superuser)
    client.force_login(superuser)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[spanish_page(article).pk]))
    assert response.status_code == 200
    assert b"wagtail-localize" in response.content or b"TranslationEditor" in response.content

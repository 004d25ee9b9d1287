"""Disclaimer fallback and versioning, and the last-updated stamp on publish."""

import datetime

from django.utils import timezone

from health_content.models import Disclaimer, TreatmentArticlePage
from health_content.models.snippets import BUILT_IN_DISCLAIMER_TEXT
from health_content.rendering import render_article
from review_workflow.decisions import publish_signed_off
from tests.factories import DisclaimerFactory, reviewer


def test_article_without_a_disclaimer_uses_the_site_default(article):
    default = Disclaimer.objects.get(is_site_default=True)
    assert render_article(article)["disclaimer"]["text"] == default.text


def test_a_chosen_disclaimer_wins_over_the_default(article):
    chosen = DisclaimerFactory(text="Special wording.")
    article.disclaimer = chosen
    assert render_article(article)["disclaimer"]["text"] == "Special wording."


def test_built_in_disclaimer_is_used_when_none_exist(article):
    Disclaimer.objects.all().delete()
    article.refresh_from_db()
    assert render_article(article)["disclaimer"] == {
        "title": "Medical disclaimer",
        "text": BUILT_IN_DISCLAIMER_TEXT,
        "version": 0,
    }


def test_deleting_a_chosen_disclaimer_falls_back_to_the_default(article):
    chosen = DisclaimerFactory()
    article.disclaimer = chosen
    article.save()
    chosen.delete()
    article.refresh_from_db()
    assert render_article(article)["disclaimer"]["title"] == "Standard medical disclaimer"


def test_disclaimer_version_increases_only_when_text_changes(db):
    disclaimer = DisclaimerFactory()
    disclaimer.title = "Renamed"
    disclaimer.save()
    assert disclaimer.version == 1
    disclaimer.text = "New wording."
    disclaimer.save()
    assert disclaimer.version == 2


def test_only_one_disclaimer_is_the_site_default(db):
    DisclaimerFactory(is_site_default=True)
    assert Disclaimer.objects.filter(is_site_default=True).count() == 1


def test_publishing_unchanged_content_keeps_last_updated(article):
    publish_signed_off(revision=article.save_revision(), reviewer=reviewer())
    TreatmentArticlePage.objects.filter(pk=article.pk).update(
        last_updated=datetime.date(2020, 1, 1)
    )
    page = TreatmentArticlePage.objects.get(pk=article.pk)
    publish_signed_off(revision=page.save_revision(), reviewer=reviewer())
    page.refresh_from_db()
    assert page.last_updated == datetime.date(2020, 1, 1)


def test_publishing_changed_content_moves_last_updated(article):
    TreatmentArticlePage.objects.filter(pk=article.pk).update(
        last_updated=datetime.date(2020, 1, 1)
    )
    page = TreatmentArticlePage.objects.get(pk=article.pk)
    page.summary = "A new lead paragraph."
    publish_signed_off(revision=page.save_revision(), reviewer=reviewer())
    page.refresh_from_db()
    assert page.last_updated == timezone.now().date()


def test_a_draft_made_before_a_review_does_not_restore_old_review_dates(article):
    draft = article.save_revision()
    TreatmentArticlePage.objects.filter(pk=article.pk).update(
        last_reviewed=datetime.date(2026, 5, 1)
    )
    page = TreatmentArticlePage.objects.get(pk=article.pk)
    draft.refresh_from_db()
    assert draft.as_object().last_reviewed == datetime.date(2026, 5, 1)
    assert page.last_reviewed == datetime.date(2026, 5, 1)

"""Disclaimers and their kept versions, and the last-updated stamp on publish."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from health_content.models import Disclaimer, DisclaimerVersion, TreatmentArticlePage
from health_content.models.snippets import DEFAULT_DISCLAIMER_TEXT
from review_workflow.publishing.decisions import publish_signed_off
from tests.factories import DisclaimerFactory, reviewer


def shown(article) -> dict:
    return article.get_disclaimer_version().as_data()


def test_article_without_a_disclaimer_uses_the_site_default(article):
    default = Disclaimer.objects.get(is_site_default=True)
    assert shown(article)["text"] == default.text


def test_a_chosen_disclaimer_wins_over_the_default(article):
    article.disclaimer = DisclaimerFactory(text="Special wording.")
    assert shown(article)["text"] == "Special wording."


def test_deleting_every_disclaimer_brings_the_standard_one_back(article):
    Disclaimer.objects.all().delete()
    article.refresh_from_db()
    assert shown(article) == {
        "title": "Standard medical disclaimer",
        "text": DEFAULT_DISCLAIMER_TEXT,
        "version": 1,
    }
    assert Disclaimer.objects.get().is_site_default


def test_deleting_a_chosen_disclaimer_falls_back_to_the_default(article):
    chosen = DisclaimerFactory()
    article.disclaimer = chosen
    article.save()
    chosen.delete()
    article.refresh_from_db()
    assert shown(article)["title"] == "Standard medical disclaimer"


def test_the_version_increases_when_the_words_readers_see_change(db):
    disclaimer = DisclaimerFactory()
    disclaimer.is_site_default = True
    disclaimer.save()
    assert disclaimer.version == 1
    disclaimer.text = "New wording."
    disclaimer.save()
    assert disclaimer.version == 2
    disclaimer.title = "Renamed"
    disclaimer.save()
    assert disclaimer.version == 3


def test_every_wording_is_kept_as_a_version(db):
    disclaimer = DisclaimerFactory(text="First wording.")
    disclaimer.text = "Second wording."
    disclaimer.save()
    versions = DisclaimerVersion.objects.filter(disclaimer=disclaimer).order_by("number")
    assert [(v.number, v.text) for v in versions] == [(1, "First wording."), (2, "Second wording.")]


def test_a_kept_version_cannot_be_changed_or_deleted(db):
    version = DisclaimerFactory().current_version()
    version.text = "Rewritten history."
    with pytest.raises(ValidationError):
        version.save()
    with pytest.raises(ValidationError):
        version.delete()


def test_only_one_disclaimer_is_the_site_default(db):
    DisclaimerFactory(is_site_default=True)
    assert Disclaimer.objects.filter(is_site_default=True).count() == 1


def test_publishing_unchanged_content_keeps_last_updated(article, time_travel):
    first = article.last_updated
    time_travel(days=40)
    page = TreatmentArticlePage.objects.get(pk=article.pk)
    publish_signed_off(revision=page.save_revision(), reviewer=reviewer())
    page.refresh_from_db()
    assert page.last_updated == first
    assert page.last_reviewed == first + datetime.timedelta(days=40)


def test_publishing_changed_content_moves_last_updated(article, time_travel):
    now = time_travel(days=40)
    page = TreatmentArticlePage.objects.get(pk=article.pk)
    page.summary = "A new lead paragraph."
    publish_signed_off(revision=page.save_revision(), reviewer=reviewer())
    page.refresh_from_db()
    assert page.last_updated == now.date()


def test_a_draft_made_before_a_review_does_not_restore_old_review_dates(article):
    draft = article.save_revision()
    TreatmentArticlePage.objects.filter(pk=article.pk).update(
        last_reviewed=datetime.date(2026, 5, 1)
    )
    page = TreatmentArticlePage.objects.get(pk=article.pk)
    draft.refresh_from_db()
    assert draft.as_object().last_reviewed == datetime.date(2026, 5, 1)
    assert page.last_reviewed == datetime.date(2026, 5, 1)


def test_reading_the_disclaimer_an_article_shows_writes_nothing(article):
    # Even right after every disclaimer was deleted: the standard one came back with the delete.
    Disclaimer.objects.all().delete()
    article.refresh_from_db()
    with CaptureQueriesContext(connection) as queries:
        shown(article)
    assert [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")] == []

"""Translations are reviewed on their own (issue 21): the sign-off records the locale and the
original's version it was made from; a new version of the original outdates the translation."""

import pytest

from review_workflow.contract import (
    CURRENT_TRANSLATION,
    OUTDATED_TRANSLATION,
    translation_follows,
    translation_original,
    translation_outdated,
    translations_follow,
)
from review_workflow.models import ArticlePublication, MedicalSignOff
from review_workflow.publishing.decisions import ReviewRefused, publish_signed_off
from review_workflow.rules.attestation import Attestation
from tests.factories import (
    reviewer,
    signed_off_translation,
    spanish_reviewer,
    translation_of,
)

pytestmark = pytest.mark.django_db


def publish_new_version(article, summary="A reworded lead paragraph."):
    """Sign off and publish a new version of ``article`` (an original) with other content."""
    article.summary = summary
    revision = article.save_revision()
    publish_signed_off(revision=revision, reviewer=reviewer(), attestation=Attestation.affirmed())
    return ArticlePublication.objects.filter(page_id=article.pk).order_by("-version").first()


def test_a_translation_sign_off_records_its_locale_and_the_originals_live_version(article):
    original_version = ArticlePublication.objects.get(page_id=article.pk)
    translation = signed_off_translation(article)
    sign_off = MedicalSignOff.objects.get(page_id=translation.pk)
    assert (sign_off.locale, sign_off.original_publication_id, sign_off.original_fingerprint) == (
        "es",
        original_version.pk,
        original_version.fingerprint,
    )


def test_a_translations_publication_follows_the_version_its_sign_off_was_made_from(article):
    translation = signed_off_translation(article)
    publication = ArticlePublication.objects.get(page_id=translation.pk)
    sign_off = publication.sign_off
    assert (publication.locale, publication.original_publication_id) == (
        "es",
        sign_off.original_publication_id,
    )


def test_an_originals_sign_off_records_the_default_locale_and_no_original(article):
    sign_off = MedicalSignOff.objects.get(page_id=article.pk)
    assert (sign_off.locale, sign_off.original_publication_id) == ("en", None)


def test_the_original_of_a_translation_is_the_default_locale_page(article):
    translation = translation_of(article)
    assert translation_original(translation) == article
    assert translation_original(article) is None


def test_a_reviewer_without_the_pages_language_is_refused_with_the_reason(article):
    translation = translation_of(article)
    english_only = reviewer(languages=["en"])
    with pytest.raises(ReviewRefused, match="Spanish, which is not among your review languages"):
        publish_signed_off(
            revision=translation.latest_revision,
            reviewer=english_only,
            attestation=Attestation.affirmed(),
        )
    assert not MedicalSignOff.objects.filter(page_id=translation.pk).exists()


def test_a_live_translation_of_the_live_original_is_current(article):
    translation = signed_off_translation(article)
    follows = translation_follows(translation)
    assert (follows.status, follows.original_page_id, follows.outdated_since) == (
        CURRENT_TRANSLATION,
        article.pk,
        None,
    )


def test_publishing_a_new_original_version_outdates_its_live_translation(article):
    translation = signed_off_translation(article)
    newer = publish_new_version(article)
    follows = translation_follows(translation.pk)
    assert (follows.status, follows.original_version, follows.latest_original_version) == (
        OUTDATED_TRANSLATION,
        newer.version - 1,
        newer.version,
    )
    assert follows.outdated_since == newer.published_at


def test_publishing_a_new_original_version_sends_translation_outdated_after_commit(
    article, django_capture_on_commit_callbacks
):
    translation = signed_off_translation(article)
    heard = []

    def hear(sender, **kwargs):
        heard.append(kwargs)

    translation_outdated.connect(hear)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            newer = publish_new_version(article)
    finally:
        translation_outdated.disconnect(hear)
    assert [
        (k["translation_page_id"], k["original_page_id"], k["original_version"]) for k in heard
    ] == [(translation.pk, article.pk, newer.version)]


def test_an_original_republished_with_the_same_content_leaves_its_translation_current(article):
    translation = signed_off_translation(article)
    publish_new_version(article, summary=article.summary)
    assert translation_follows(translation).status == CURRENT_TRANSLATION


def test_originals_are_not_translations_in_the_bulk_form(article):
    translation = signed_off_translation(article)
    follows = translations_follow([article.pk, translation.pk])
    assert list(follows) == [translation.pk]


def test_a_spanish_reading_reviewer_signs_off_a_translation(article):
    translation = translation_of(article)
    publish_signed_off(
        revision=translation.latest_revision,
        reviewer=spanish_reviewer(),
        attestation=Attestation.affirmed(),
    )
    translation.refresh_from_db()
    assert translation.live

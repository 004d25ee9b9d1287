"""``verify_published`` catches any stored document that is not exactly what was signed."""

import io

import orjson
import pytest
from django.core.management import CommandError, call_command

from frontend_api.models import PublishedArticle, VerificationRun
from frontend_api.store.verification import verify_store
from health_content.models import TreatmentArticlePage
from tests.factories import TreatmentArticlePageFactory


def run() -> str:
    out = io.StringIO()
    call_command("verify_published", stdout=out, stderr=out)
    return out.getvalue()


def tamper(article, **changes) -> None:
    row = PublishedArticle.objects.get(pk=article.pk)
    document = orjson.loads(bytes(row.detail))
    document.update(changes)
    PublishedArticle.objects.filter(pk=article.pk).update(detail=orjson.dumps(document))


def test_a_store_written_only_by_sign_offs_passes(make_article):
    make_article(title="One")
    make_article(title="Two")
    assert "Checked 2 stored articles: 0 mismatches." in run()
    assert VerificationRun.objects.get().checked == 2


def test_a_tampered_summary_fails_the_check_naming_the_article(published_article):
    tamper(published_article, summary="Take 4000 mg of anything.")
    with pytest.raises(CommandError, match="1 mismatches"):
        run()
    [mismatch] = verify_store().mismatches
    assert mismatch.page_id == published_article.pk
    assert mismatch.problem.startswith("its ETag")


def test_a_tampered_document_with_a_matching_etag_is_still_caught(published_article):
    from frontend_api.store.writer import etag_of

    tamper(published_article, summary="Take 4000 mg of anything.")
    detail = bytes(PublishedArticle.objects.get(pk=published_article.pk).detail)
    PublishedArticle.objects.filter(pk=published_article.pk).update(etag=etag_of(detail))
    [mismatch] = verify_store().mismatches
    assert mismatch.problem == "'summary' differs from the signed content"


def test_a_tampered_envelope_is_caught(published_article):
    from frontend_api.store.writer import etag_of

    tamper(published_article, last_reviewed="2030-01-01")
    detail = bytes(PublishedArticle.objects.get(pk=published_article.pk).detail)
    PublishedArticle.objects.filter(pk=published_article.pk).update(etag=etag_of(detail))
    [mismatch] = verify_store().mismatches
    assert "not what its sign-off composes to" in mismatch.problem


def test_a_fingerprint_that_is_not_the_sign_offs_is_caught(published_article):
    PublishedArticle.objects.filter(pk=published_article.pk).update(fingerprint="0" * 64)
    [mismatch] = verify_store().mismatches
    assert "fingerprints" in mismatch.problem


def test_a_live_revision_that_is_not_the_signed_one_is_caught(published_article):
    unsigned = published_article.save_revision()
    TreatmentArticlePage.objects.filter(pk=published_article.pk).update(live_revision=unsigned)
    [mismatch] = verify_store().mismatches
    assert "is not the signed one" in mismatch.problem


def test_an_article_made_live_without_a_sign_off_is_reported(health_center):
    draft = TreatmentArticlePageFactory(parent=health_center)
    TreatmentArticlePage.objects.filter(pk=draft.pk).update(live=True)
    [mismatch] = verify_store().mismatches
    assert mismatch.page_id == draft.pk
    assert "readers get nothing" in mismatch.problem


# Everything readers get, not only the document (issue 20): the search row, the columns that
# withhold an article, and the media files the document points to.


def test_a_forged_search_row_is_caught_naming_the_part(published_article):
    from frontend_api.search.models import SearchEntry

    SearchEntry.objects.filter(article_id=published_article.pk).update(
        body="Take TEN TIMES the usual dose.", center_title="Forged Center"
    )
    [mismatch] = verify_store().mismatches
    assert mismatch.page_id == published_article.pk
    assert mismatch.problem == "its search row's 'center_title' is not what its sign-off gives"
    with pytest.raises(CommandError, match="1 mismatches"):
        run()


def test_a_forged_search_body_alone_is_caught(published_article):
    from frontend_api.search.models import SearchEntry

    SearchEntry.objects.filter(article_id=published_article.pk).update(body="Forged words.")
    [mismatch] = verify_store().mismatches
    assert mismatch.problem == "its search row's 'body' is not what its sign-off gives"


def test_a_forged_expiry_that_withdraws_a_live_article_is_caught(published_article):
    from django.utils import timezone

    past = timezone.now() - timezone.timedelta(days=1)
    PublishedArticle.objects.filter(pk=published_article.pk).update(expires_at=past)
    [mismatch] = verify_store().mismatches
    assert mismatch.page_id == published_article.pk
    assert mismatch.problem.startswith("its stored 'expires_at' (")
    assert mismatch.problem.endswith("is not the records' (None)")


def test_a_forged_review_due_date_is_caught(published_article):
    PublishedArticle.objects.filter(pk=published_article.pk).update(next_review_due="2000-01-01")
    [mismatch] = verify_store().mismatches
    assert mismatch.problem.startswith("its stored 'next_review_due' (2000-01-01)")


@pytest.fixture
def pictured_article(make_article, settings, tmp_path):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    settings.MEDIA_ROOT = tmp_path
    image = get_image_model().objects.create(title="Spine", file=get_test_image_file())
    return make_article(hero_image=image, hero_image_alt="A spine")


def served_image_file(article):
    from frontend_api.store.media import rendition_storage, storage_name

    document = orjson.loads(bytes(PublishedArticle.objects.get(pk=article.pk).detail))
    name = storage_name(document["hero_image"]["url"])
    assert rendition_storage().exists(name)
    return name


def test_a_pictured_article_passes_with_its_media(pictured_article):
    assert verify_store().ok


def test_a_deleted_rendition_file_is_caught(pictured_article):
    from frontend_api.store.media import rendition_storage

    rendition_storage().delete(served_image_file(pictured_article))
    [mismatch] = verify_store().mismatches
    assert mismatch.page_id == pictured_article.pk
    assert "is missing" in mismatch.problem
    assert mismatch.problem.startswith("the image file pinned/")


def test_a_rendition_file_with_other_bytes_is_caught(pictured_article):
    from frontend_api.store.media import rendition_storage

    name = served_image_file(pictured_article)
    path = rendition_storage().path(name)
    with open(path, "ab") as handle:
        handle.write(b"not what was signed")
    [mismatch] = verify_store().mismatches
    assert "not the" in mismatch.problem and "recorded at publish" in mismatch.problem


def test_an_article_the_records_say_was_withdrawn_but_still_stored_is_caught(published_article):
    from review_workflow.contract import withdraw

    # A withdrawal recorded without the store removing the row (a script, a failed job).
    withdraw([published_article.pk], reason="unpublished")
    [mismatch] = verify_store().mismatches
    assert mismatch.problem.startswith("its records say it was withdrawn (version 2)")

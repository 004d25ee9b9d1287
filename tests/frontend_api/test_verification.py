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

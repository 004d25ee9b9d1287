"""The contract the API builds on: review facts for live, signed-off pages."""

from datetime import UTC, date

from health_content.models import TreatmentArticlePage
from health_content.rendering import render_article
from review_workflow.models import MedicalSignOff
from review_workflow.publishing.decisions import publish_signed_off
from review_workflow.records import review_facts
from review_workflow.rules.fingerprint import digest
from tests.factories import TreatmentArticlePageFactory, reviewer, signed_off_article


def test_signed_off_article_is_live_with_review_dates(health_center):
    article = signed_off_article(parent=health_center)
    signed = MedicalSignOff.objects.get(revision_id=article.live_revision_id)
    assert article.live
    assert article.last_reviewed == signed.signed_at.astimezone(UTC).date()
    assert article.next_review_due == article.last_reviewed.replace(
        year=article.last_reviewed.year + 1
    )
    assert article.last_updated == article.last_reviewed


def test_the_sign_off_fingerprint_is_the_digest_of_the_render_function(published_article):
    signed = MedicalSignOff.objects.get(revision_id=published_article.live_revision_id)
    assert signed.fingerprint == digest(render_article(published_article))


def test_live_sign_off_snapshots_the_reviewer(health_center):
    signer = reviewer(display_name="Dr Rosa Okafor", credentials="MD, FACP")
    article = signed_off_article(parent=health_center, reviewer=signer)
    facts = review_facts.live_sign_off(article)
    assert facts.reviewer == review_facts.ReviewerFacts("Dr Rosa Okafor", "MD, FACP")
    assert facts.revision_id == article.live_revision_id
    assert facts.signed_at.tzinfo is not None


def test_live_sign_offs_answers_for_many_pages_in_one_query(
    health_center, django_assert_num_queries
):
    pages = [signed_off_article(parent=health_center) for _ in range(3)]
    with django_assert_num_queries(1):
        facts = review_facts.live_sign_offs([page.pk for page in pages])
    assert set(facts) == {page.pk for page in pages}


def test_published_versions_lists_publications_newest_first(published_article):
    second = publish_signed_off(revision=published_article.save_revision(), reviewer=reviewer())
    versions = review_facts.published_versions(published_article.pk)
    assert [v.version for v in versions] == [2, 1]
    assert versions[0].revision_id == second.revision_id
    assert isinstance(versions[0].last_reviewed, date)


def test_draft_review_status_of_a_published_article_is_published(published_article):
    assert review_facts.draft_review_status(published_article) == "published"


def test_draft_review_status_of_a_new_draft_is_not_submitted(health_center):
    draft = TreatmentArticlePageFactory(parent=health_center)
    assert review_facts.draft_review_status(draft) == "not submitted"


def test_draft_review_status_of_a_signed_off_unpublished_draft(health_center):
    from review_workflow.publishing.decisions import sign_off_revision

    draft = TreatmentArticlePageFactory(parent=health_center)
    sign_off_revision(revision=draft.latest_revision, reviewer=reviewer())
    assert review_facts.draft_review_status(draft) == "approved, not yet published"


def test_a_stale_sign_off_does_not_count_as_approved(published_article):
    published_article.summary = "A newer draft."
    published_article.save_revision()
    page = TreatmentArticlePage.objects.get(pk=published_article.pk)
    assert review_facts.draft_review_status(page) == "not submitted"
    assert review_facts.live_sign_off(page) is not None

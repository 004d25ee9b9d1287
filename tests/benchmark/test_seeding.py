"""Seeded articles are what the product would hold: live, signed off, published, searchable."""

import io
from datetime import UTC

import pytest
from django.core.management import call_command
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from bench import corpus, library
from bench.seeding import seed_articles
from frontend_api.models import PublishedArticle
from frontend_api.store.verification import verify_store
from health_content.models import (
    HealthCenterPage,
    HealthHomePage,
    ImportedArticle,
    TreatmentArticlePage,
)
from review_workflow.models import ArticlePublication, MedicalSignOff, ReviewerProfile
from review_workflow.publishing.guard import approved_sign_off
from review_workflow.publishing.publication import add_months
from review_workflow.records.review_facts import live_sign_offs, published_versions
from review_workflow.rules.fingerprint import digest

COUNT = 30  # more than the related-article anchors of all centers (3 x 8)


@pytest.fixture
def seeded(db):
    report = seed_articles(COUNT, batch_size=4)
    assert report.created == COUNT
    return list(TreatmentArticlePage.objects.order_by("path"))


def test_seeding_creates_live_articles_under_every_synthetic_health_center(seeded):
    centers = HealthCenterPage.objects.filter(slug__in=[spec.slug for spec in corpus.CENTERS])
    assert centers.count() == len(corpus.CENTERS)
    assert len(seeded) == COUNT
    assert all(article.live for article in seeded)
    assert {article.get_parent().specific_class for article in seeded} == {HealthCenterPage}


def test_seeded_pages_form_a_consistent_page_tree(seeded):
    assert Page.find_problems() == ([], [], [], [], [])
    for center in HealthCenterPage.objects.all():
        assert center.numchild == center.get_children().count()


def test_every_seeded_article_has_an_approved_sign_off_of_its_live_revision(seeded):
    pks = [article.pk for article in seeded]
    assert set(live_sign_offs(pks)) == set(pks)


def test_each_sign_off_fingerprint_is_the_digest_of_the_article_as_stored(seeded):
    for article in seeded:
        fingerprint = digest(article.get_reviewed_content())
        assert approved_sign_off(article.live_revision_id, fingerprint) is not None


def test_every_seeded_article_is_stored_as_its_sign_off_says(seeded):
    assert PublishedArticle.objects.count() == COUNT
    assert verify_store().mismatches == []


def test_the_live_revision_renders_the_same_content_as_the_page(seeded):
    for article in seeded[:4]:
        from_revision = article.live_revision.as_object()
        assert from_revision.get_reviewed_content() == article.get_reviewed_content()


def test_review_dates_follow_from_the_sign_off(seeded):
    for article in seeded:
        sign_off = MedicalSignOff.objects.get(revision_id=article.live_revision_id)
        reviewed_on = sign_off.signed_at.astimezone(UTC).date()
        interval = article.get_parent().specific.review_interval_months
        assert article.last_reviewed == reviewed_on == article.last_updated
        assert article.next_review_due == add_months(reviewed_on, interval)


def test_each_seeded_article_has_one_published_version_naming_its_reviewer(seeded):
    versions = published_versions(seeded[0].pk)
    assert [version.version for version in versions] == [1]
    assert versions[0].reviewer.credentials
    assert ArticlePublication.objects.count() == COUNT


def test_seeded_articles_are_found_by_wagtail_search(seeded):
    wanted = seeded[-1]
    hits = TreatmentArticlePage.objects.live().search(wanted.condition, operator="and")
    assert wanted.pk in {hit.pk for hit in hits}


def test_later_articles_link_to_live_related_articles(seeded):
    linking = [article for article in seeded if article.body[-1].block_type == "related_articles"]
    assert linking
    related = linking[0].get_reviewed_content()["body"][-1]["value"]["articles"]
    assert related and all(item["url_path"] for item in related)


def test_seeding_again_adds_articles_with_new_slugs(seeded):
    seed_articles(3)
    assert TreatmentArticlePage.objects.count() == COUNT + 3
    for center in HealthCenterPage.objects.all():
        slugs = list(TreatmentArticlePage.objects.child_of(center).values_list("slug", flat=True))
        assert len(slugs) == len(set(slugs))
    assert Page.find_problems() == ([], [], [], [], [])


def test_seeded_index_rows_are_what_wagtail_indexing_writes(seeded):
    def rows():
        entries = IndexEntry.objects.filter(object_id__in=[str(a.pk) for a in seeded])
        return {e.object_id: (str(e.title), str(e.body), str(e.autocomplete)) for e in entries}

    seeded_rows = rows()
    get_search_backend().add_bulk(TreatmentArticlePage, TreatmentArticlePage.objects.all())
    assert len(seeded_rows) == COUNT
    assert rows() == seeded_rows


# A second locale ---------------------------------------------------------------------------------

FEW = 12  # a few articles, half of them translated


@pytest.fixture
def translated(db):
    report = seed_articles(FEW, translated=0.5, batch_size=4)
    wanted = library.translations(list(range(1, FEW + 1)), 0.5)
    assert report.created == FEW and report.translated == len(wanted) > 0
    return wanted


def test_the_spanish_home_and_centers_are_translations_of_the_english_ones(translated):
    centers = HealthCenterPage.objects.filter(locale__language_code="es")
    assert centers.count() == len(corpus.CENTERS)
    for center in centers:
        english = center.get_translation(Locale.objects.get(language_code="en"))
        assert center.live and center.slug == english.slug
        assert center.title == library.SPANISH_CENTERS[center.slug][0]
        assert center.get_parent().specific_class is HealthHomePage


def test_the_chosen_share_is_translated_under_the_spanish_centers(translated):
    for planned in translated:
        original = ImportedArticle.objects.get(source_key=planned.original_key).page
        page = TreatmentArticlePage.objects.get(imported_from__source_key=planned.source_key)
        assert page.live and page.locale.language_code == "es"
        assert page.translation_key == original.translation_key
        assert page.get_parent().translation_key == original.get_parent().translation_key
    assert Page.find_problems() == ([], [], [], [], [])


def test_each_translation_is_signed_off_in_spanish_against_its_original(translated):
    spanish = TreatmentArticlePage.objects.filter(locale__language_code="es")
    assert ReviewerProfile.objects.get(user__username="reviewer").reviews_in("es")
    for page in spanish:
        sign_off = MedicalSignOff.objects.get(page_id=page.pk)
        original = page.get_translation(Locale.objects.get(language_code="en"))
        followed = ArticlePublication.objects.get(page_id=original.pk)
        assert (sign_off.locale, sign_off.original_publication_id) == ("es", followed.pk)
        assert sign_off.signed_at > MedicalSignOff.objects.get(page_id=original.pk).signed_at


def test_a_library_with_translations_passes_both_verifiers(translated):
    assert verify_store().mismatches == []
    assert PublishedArticle.objects.filter(locale="es").count() == len(translated)
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "Audit trail intact" in out.getvalue()


def test_translating_later_adds_the_share_of_the_articles_seeded_before(db):
    seed_articles(FEW, batch_size=4)
    assert not TreatmentArticlePage.objects.filter(locale__language_code="es").exists()
    report = seed_articles(0, translated=0.5)
    assert report.translated == len(library.translations(list(range(1, FEW + 1)), 0.5))
    assert seed_articles(0, translated=0.5).translated == 0  # each once

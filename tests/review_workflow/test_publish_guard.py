"""The publish guard on code paths: nothing unsigned or stale goes live, and refusals are logged.

Each test proves the article stays off-line (or keeps its previous live content) and that the
refusal is a ``review_workflow.publish_refused`` entry in the page's history. Writes to a live
page row that bring no new version live are not refused: readers get the stored document, and
the tests show it does not change.
"""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.actions.copy_page import CopyPageAction
from wagtail.actions.create_alias import CreatePageAliasAction
from wagtail.actions.move_page import MovePageAction
from wagtail.models import Page, Revision

from frontend_api.models import PublishedArticle
from health_content.models import TreatmentArticlePage
from review_workflow.publishing.decisions import publish_signed_off, sign_off_revision
from review_workflow.publishing.guard import MedicalSignOffRequired
from tests.factories import (
    ContentSourceFactory,
    HealthCenterPageFactory,
    TreatmentArticlePageFactory,
    reviewer,
)
from tests.review_workflow.conftest import refusals


def fresh(page):
    return TreatmentArticlePage.objects.get(pk=page.pk)


def test_revision_publish_of_an_unsigned_draft_is_refused_and_logged(health_center):
    draft = TreatmentArticlePageFactory(parent=health_center)
    with pytest.raises(MedicalSignOffRequired, match="no approved medical sign-off"):
        draft.latest_revision.publish()
    assert not fresh(draft).live
    assert refusals(draft) == 1


def test_page_publish_of_an_unsigned_revision_is_refused_for_superusers_too(
    health_center, superuser
):
    draft = TreatmentArticlePageFactory(parent=health_center)
    with pytest.raises(MedicalSignOffRequired):
        draft.publish(draft.latest_revision, user=superuser)
    assert not fresh(draft).live
    assert refusals(draft) == 1


def test_a_new_unsigned_revision_of_a_live_article_leaves_the_live_content(published_article):
    live_revision = published_article.live_revision_id
    published_article.summary = "Unreviewed wording."
    with pytest.raises(MedicalSignOffRequired):
        published_article.save_revision().publish()
    page = fresh(published_article)
    assert page.live_revision_id == live_revision
    assert page.summary != "Unreviewed wording."
    assert refusals(published_article) == 1


def test_a_sign_off_goes_stale_when_the_content_changes_after_approval(health_center):
    source = ContentSourceFactory(name="Spine Society")
    draft = TreatmentArticlePageFactory(parent=health_center, source=source)
    sign_off_revision(revision=draft.latest_revision, reviewer=reviewer())
    source.name = "Renamed after the review"
    source.save()
    with pytest.raises(MedicalSignOffRequired, match="covers different content"):
        draft.latest_revision.publish()
    assert not fresh(draft).live
    assert refusals(draft) == 1


def test_a_page_added_live_is_created_as_a_draft(health_center):
    page = TreatmentArticlePage(
        title="Straight to live",
        slug="straight-to-live",
        summary="Lead.",
        condition="Back pain",
        body=[{"type": "section", "value": {"heading": "H", "text": "<p>T</p>"}}],
    )
    health_center.add_child(instance=page)  # Page.live defaults to True
    assert not TreatmentArticlePage.objects.get(slug="straight-to-live").live
    assert not PublishedArticle.objects.filter(pk=page.pk).exists()


def test_editing_the_live_row_changes_nothing_readers_get(published_article):
    stored = PublishedArticle.objects.get(pk=published_article.pk).detail
    published_article.title = "Edited straight on the live row"
    published_article.save()
    assert PublishedArticle.objects.get(pk=published_article.pk).detail == stored


def test_save_of_a_live_page_with_unchanged_content_is_allowed(published_article):
    published_article.seo_title = "Promote tab only"
    published_article.save()
    assert fresh(published_article).seo_title == "Promote tab only"
    assert refusals(published_article) == 0


def test_unpublishing_is_always_allowed(published_article):
    published_article.unpublish()
    assert not fresh(published_article).live


def test_publish_scheduled_checks_the_sign_off_at_go_live_time(health_center):
    unsigned = TreatmentArticlePageFactory(parent=health_center)
    signed = TreatmentArticlePageFactory(parent=health_center)
    sign_off_revision(revision=signed.latest_revision, reviewer=reviewer())
    past = timezone.now() - datetime.timedelta(minutes=5)
    Revision.objects.filter(pk__in=[unsigned.latest_revision_id, signed.latest_revision_id]).update(
        approved_go_live_at=past
    )
    call_command("publish_scheduled", stdout=open("/dev/null", "w"), stderr=open("/dev/null", "w"))
    assert not fresh(unsigned).live
    assert refusals(unsigned) == 1
    assert not Revision.objects.get(pk=unsigned.latest_revision_id).approved_go_live_at
    assert fresh(signed).live


def test_copy_with_keep_live_leaves_the_copy_as_a_draft(published_article, health_center):
    copy = CopyPageAction(
        published_article,
        to=health_center,
        update_attrs={"title": "Copy", "slug": "copy-of-article"},
        keep_live=True,
    ).execute()
    assert not TreatmentArticlePage.objects.get(slug="copy-of-article").live
    assert not PublishedArticle.objects.filter(pk=copy.pk).exists()


def test_moving_a_draft_and_publishing_it_elsewhere_is_refused(health_center):
    draft = TreatmentArticlePageFactory(parent=health_center)
    elsewhere = HealthCenterPageFactory(parent=health_center.get_parent())
    MovePageAction(draft, elsewhere, pos="last-child").execute(skip_permission_checks=True)
    with pytest.raises(MedicalSignOffRequired):
        Revision.objects.get(pk=draft.latest_revision_id).publish()
    moved = fresh(draft)
    assert not moved.live and moved.get_parent().pk == elsewhere.pk
    assert refusals(draft) == 1


def test_moving_a_live_signed_off_article_keeps_it_live(published_article):
    elsewhere = HealthCenterPageFactory(parent=published_article.get_parent().get_parent())
    MovePageAction(published_article, elsewhere, pos="last-child").execute(
        skip_permission_checks=True
    )
    assert fresh(published_article).live


def test_an_alias_of_a_signed_off_article_is_live_but_never_served(published_article):
    # The API serves each article once, at its own path; an alias is a Wagtail routing aid.
    elsewhere = HealthCenterPageFactory(parent=published_article.get_parent().get_parent())
    alias = CreatePageAliasAction(published_article, parent=elsewhere).execute()
    assert alias.live
    assert not PublishedArticle.objects.filter(pk=alias.pk).exists()


def test_content_made_live_without_a_sign_off_is_never_served(health_center):
    legacy = TreatmentArticlePageFactory(parent=health_center)
    # A raw row update, as a script or an import might do: no sign-off, no stored document.
    Page.objects.filter(pk=legacy.pk).update(live=True, live_revision=legacy.latest_revision)
    elsewhere = HealthCenterPageFactory(parent=health_center.get_parent())
    alias = CreatePageAliasAction(fresh(legacy), parent=elsewhere).execute()
    assert not PublishedArticle.objects.filter(pk__in=[legacy.pk, alias.pk]).exists()


def test_publishing_a_new_signed_off_revision_updates_live_aliases(published_article):
    elsewhere = HealthCenterPageFactory(parent=published_article.get_parent().get_parent())
    alias = CreatePageAliasAction(published_article, parent=elsewhere).execute()
    published_article.summary = "Reviewed new lead."
    publish_signed_off(revision=published_article.save_revision(), reviewer=reviewer())
    assert fresh(alias).summary == "Reviewed new lead."


def test_publish_scheduled_is_one_command_whatever_the_app_order():
    # The sign-off is checked in the page type's publish (the publish service), which
    # Wagtail's own command calls: no app overrides it, so INSTALLED_APPS order decides nothing.
    from django.core.management import get_commands

    assert get_commands()["publish_scheduled"] == "wagtail"


def test_saving_the_base_page_row_with_a_new_title_changes_nothing_readers_get(
    published_article,
):
    stored = PublishedArticle.objects.get(pk=published_article.pk).detail
    row = Page.objects.get(pk=published_article.pk)  # not the specific class
    row.title = "Renamed through the base class"
    row.save()
    assert PublishedArticle.objects.get(pk=published_article.pk).detail == stored


def test_the_publish_service_refuses_the_proof_of_another_revision(published_article):
    from review_workflow.models import MedicalSignOff
    from review_workflow.publishing.guard import SignedVersion
    from review_workflow.publishing.service import publish_signed_revision

    live = published_article.live_revision_id
    draft = fresh(published_article).save_revision()
    signed = MedicalSignOff.objects.approved().filter(revision_id=live).first()
    proof = SignedVersion(live, signed, signed.fingerprint)
    with pytest.raises(ValueError, match="proof is of revision"):
        publish_signed_revision(draft, user=None, proof=proof)
    assert fresh(published_article).live_revision_id == live


def test_a_save_that_bypasses_the_publish_service_is_still_checked(published_article):
    # The guard's backstop: a shell making an unsigned revision live, outside the service.
    page = fresh(published_article)
    page.summary = "Never reviewed."
    page.live_revision = page.save_revision()
    with pytest.raises(MedicalSignOffRequired):
        page.save()
    assert fresh(published_article).summary != "Never reviewed."


def test_a_signed_publish_that_bypasses_the_service_is_still_recorded_and_stored(health_center):
    # Wagtail's action run directly (as its admin API does): the guard lets the signed revision
    # through, and the publish is recorded and stored once Wagtail announces it.
    from wagtail.actions.publish_page_revision import PublishPageRevisionAction

    from review_workflow.models import ArticlePublication

    draft = TreatmentArticlePageFactory(parent=health_center)
    sign_off_revision(revision=draft.latest_revision, reviewer=reviewer())
    PublishPageRevisionAction(draft.latest_revision).execute()
    record = ArticlePublication.objects.get(page_id=draft.pk)
    assert record.revision_id == fresh(draft).live_revision_id == draft.latest_revision_id
    assert PublishedArticle.objects.get(pk=draft.pk).publication_id == record.pk

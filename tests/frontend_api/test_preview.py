"""GET /api/v1/preview/: signed, expiring tokens; the draft, never cached, never signed off."""

import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.signing import Signer, b62_encode
from wagtail_headless_preview.models import PagePreview

from health_content.models import TreatmentArticlePage

from .conftest import new_draft

CONTENT_TYPE = "health_content.treatmentarticlepage"


def draft_preview(article, **changes) -> str:
    """What the admin's Preview button stores: the edited page and a fresh token."""
    page = TreatmentArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(page, name, value)
    return page.create_page_preview().token


def old_token(article, seconds_ago: int) -> str:
    """A genuine token signed ``seconds_ago``, stored like the package stores one."""
    signer = TreatmentArticlePage.get_preview_signer()
    stamp = b62_encode(int(time.time()) - seconds_ago)
    token = Signer.sign(signer, f"id={article.pk}{signer.sep}{stamp}")
    page = TreatmentArticlePage.objects.get(pk=article.pk)
    PagePreview.objects.create(
        token=token,
        content_type=ContentType.objects.get_for_model(TreatmentArticlePage),
        content_json=page.to_json(),
    )
    return token


def preview(api, token, content_type=CONTENT_TYPE):
    return api.get("/api/v1/preview/", {"content_type": content_type, "token": token})


def assert_private(response):
    assert response["Cache-Control"] == "no-store"
    assert response["X-Robots-Tag"] == "noindex"


def test_preview_shows_the_changed_draft(api, published_article):
    response = preview(api, draft_preview(published_article, title="Draft title"))
    assert response.status_code == 200
    data = response.json()
    assert data["title"] == "Draft title"
    assert data["preview"] is True
    assert data["id"] == published_article.pk
    assert_private(response)


def test_preview_has_the_detail_shape_plus_preview_fields(api, published_article):
    live = api.get(f"/api/v1/articles/{published_article.pk}/").json()
    draft = preview(api, draft_preview(published_article)).json()
    assert set(draft) == set(live) | {"preview", "draft_status"}


def test_preview_never_claims_a_sign_off(api, published_article):
    data = preview(api, draft_preview(published_article, summary="Changed advice")).json()
    assert data["reviewed_by"] is None
    assert data["last_reviewed"] is None and data["next_review_due"] is None
    assert data["review"]["last_reviewed"] is None
    assert "reviewedBy" not in data["json_ld"] and "lastReviewed" not in data["json_ld"]


def test_preview_reports_a_draft_not_yet_submitted(api, published_article):
    new_draft(published_article, title="Unsubmitted")
    data = preview(api, draft_preview(published_article)).json()
    assert data["draft_status"] == "not submitted"


def test_preview_reports_an_approved_draft_without_claiming_its_sign_off(api, published_article):
    from review_workflow.publishing.decisions import sign_off_revision
    from tests.factories import reviewer

    sign_off_revision(revision=new_draft(published_article, title="Approved"), reviewer=reviewer())
    data = preview(api, draft_preview(published_article)).json()
    assert data["draft_status"] == "approved, not yet published"
    assert data["reviewed_by"] is None


def test_unsaved_changes_are_not_submitted_even_if_the_latest_revision_is_live(
    api, published_article
):
    data = preview(api, draft_preview(published_article, summary="Edited in the form")).json()
    assert data["draft_status"] == "not submitted"


def test_previewing_the_unchanged_live_revision_reports_it_published(api, published_article):
    data = preview(api, draft_preview(published_article)).json()
    assert (data["draft_status"], data["review_status"]) == ("published", "current")


def test_a_forged_token_is_404_in_the_error_shape(api, published_article):
    token = draft_preview(published_article)
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = preview(api, forged)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert_private(response)


def test_an_expired_token_is_404(api, published_article):
    assert preview(api, old_token(published_article, seconds_ago=2 * 60 * 60)).status_code == 404


def test_a_token_within_its_lifetime_works(api, published_article):
    assert preview(api, old_token(published_article, seconds_ago=30 * 60)).status_code == 200


def test_the_token_lifetime_is_configurable(api, published_article, settings):
    settings.FRONTEND_API = {"PREVIEW_TOKEN_MAX_AGE": 3 * 60 * 60}
    assert preview(api, old_token(published_article, seconds_ago=2 * 60 * 60)).status_code == 200


@pytest.mark.parametrize(
    "content_type", ["health_content.healthcenterpage", "wagtailcore.page", "nope.nothing"]
)
def test_a_token_for_another_content_type_is_404(api, published_article, content_type):
    assert preview(api, draft_preview(published_article), content_type).status_code == 404


def test_purging_deletes_expired_previews_only(published_article):
    fresh = draft_preview(published_article, title="Fresh")
    old_token(published_article, seconds_ago=2 * 60 * 60)
    call_command("purge_expired_previews")
    assert list(PagePreview.objects.values_list("token", flat=True)) == [fresh]


def test_the_admin_preview_opens_the_front_end_with_a_token(rf, published_article):
    page = TreatmentArticlePage.objects.get(pk=published_article.pk)
    response = page.serve_preview(rf.get("/admin/"), page.default_preview_mode)
    html = response.rendered_content if hasattr(response, "rendered_content") else response.content
    html = html.decode() if isinstance(html, bytes) else html
    assert f"content_type={CONTENT_TYPE}" in html and "token=" in html


def unsaved_draft(parent, title: str) -> TreatmentArticlePage:
    """A new article as the admin's create view previews it: never saved, placed in the tree."""
    page = TreatmentArticlePage(title=title, slug="new-article", summary="New.", condition="Pain")
    page.depth = parent.depth + 1
    page.path = (
        parent.get_last_child()._inc_path()
        if not parent.is_leaf()
        else page._get_path(parent.path, page.depth, 1)
    )
    return page


def test_two_previews_of_one_page_in_the_same_second_never_share_a_token(
    api, published_article, time_machine
):
    # An editor's unsaved title must never be what an administrator previewing the same page
    # in the same second sees (the package's token is only the page id and the second).
    time_machine.move_to("2026-11-28 10:00:00+00:00", tick=False)
    editors = draft_preview(published_article, title="Editor's unsaved title")
    admins = draft_preview(published_article, title="Administrator's view")
    assert editors != admins
    assert preview(api, editors).json()["title"] == "Editor's unsaved title"
    assert preview(api, admins).json()["title"] == "Administrator's view"
    assert PagePreview.objects.count() == 2


def test_two_new_drafts_under_one_center_in_the_same_second_keep_their_own_previews(
    api, published_article, time_machine
):
    time_machine.move_to("2026-11-28 10:00:00+00:00", tick=False)
    center = published_article.get_parent()
    first = unsaved_draft(center, "First new draft").create_page_preview().token
    second = unsaved_draft(center, "Second new draft").create_page_preview().token
    assert first != second
    assert preview(api, first).json()["title"] == "First new draft"
    assert preview(api, second).json()["title"] == "Second new draft"


def test_a_unique_token_is_still_signed(api, published_article):
    token = draft_preview(published_article)
    identifier, _, signature = token.partition(":")
    tampered = identifier.replace("nonce=", "nonce=x") + ":" + signature
    PagePreview.objects.filter(token=token).update(token=tampered)
    assert preview(api, tampered).status_code == 404

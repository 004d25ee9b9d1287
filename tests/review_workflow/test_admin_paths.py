"""Publish paths in the admin and the admin API: a clear refusal, logged, nothing goes live."""

import pytest
from django.urls import reverse
from wagtail.models import Page, Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from health_content.models import TreatmentArticlePage
from review_workflow.models import MedicalSignOff
from tests.factories import ContentSourceFactory, TreatmentArticlePageFactory, reviewer
from tests.review_workflow.conftest import refusals


def fresh(page):
    return TreatmentArticlePage.objects.get(pk=page.pk)


def article_form(slug="new-article", summary="A lead paragraph.", **extra):
    """The edit form of a complete article: red flags, a cited reference and a source."""
    option = {
        "name": "Rest",
        "description": rich_text("<p>Rest.</p>"),
        "evidence_note": "",
        "reference_numbers": "1",
    }
    data = nested_form_data(
        {
            "title": "Neck pain: treatment",
            "slug": slug,
            "summary": summary,
            "condition": "Neck pain",
            "body": streamfield(
                [
                    ("section", {"heading": "Overview", "text": rich_text("<p>Rest.</p>")}),
                    (
                        "treatment_tier",
                        {
                            "heading": "Mild pain",
                            "intro": rich_text(""),
                            "options": streamfield([("", option)]),
                            "closing_note": rich_text(""),
                        },
                    ),
                    (
                        "callout",
                        {
                            "kind": "red_flags",
                            "title": "See a doctor",
                            "text": rich_text("<p>Now.</p>"),
                        },
                    ),
                ]
            ),
            "references": streamfield(
                [("reference", {"text": "A study.", "url": "", "doi": "", "pubmed_id": ""})]
            ),
            "source": ContentSourceFactory().pk,
            "comments": inline_formset([]),
        }
    )
    data.update(extra)
    return data


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_admin_publish_on_edit_is_refused_with_a_message(admin_client, published_article):
    live_revision = published_article.live_revision_id
    url = reverse("wagtailadmin_pages:edit", args=[published_article.pk])
    response = admin_client.post(
        url,
        article_form(slug=published_article.slug, summary="Unreviewed.", **{"action-publish": "1"}),
        follow=True,
    )
    assert response.status_code == 200
    assert "no approved medical sign-off" in messages_of(response)
    page = fresh(published_article)
    assert page.live_revision_id == live_revision and page.summary != "Unreviewed."
    assert page.get_latest_revision().as_object().summary == "Unreviewed."  # the draft is kept
    assert refusals(published_article) == 1


def test_admin_publish_on_create_leaves_a_draft(admin_client, health_center):
    url = reverse(
        "wagtailadmin_pages:add", args=["health_content", "treatmentarticlepage", health_center.pk]
    )
    response = admin_client.post(url, article_form(**{"action-publish": "1"}), follow=True)
    assert "a new page has no medical sign-off" in messages_of(response)
    page = TreatmentArticlePage.objects.get(slug="new-article")
    assert not page.live
    assert refusals(page) == 1


def test_admin_revert_then_publish_is_refused(admin_client, published_article):
    old = published_article.live_revision
    url = reverse("wagtailadmin_pages:edit", args=[published_article.pk])
    data = article_form(slug=published_article.slug, **{"action-publish": "1", "revision": old.pk})
    response = admin_client.post(url, data, follow=True)
    assert "no approved medical sign-off" in messages_of(response)
    assert fresh(published_article).live_revision_id == old.pk
    assert refusals(published_article) == 1


def test_admin_publish_of_a_signed_off_unchanged_draft_is_still_a_new_revision(
    admin_client, published_article
):
    # The sign-off binds to a revision; publishing from the editor always saves a new one.
    url = reverse("wagtailadmin_pages:edit", args=[published_article.pk])
    before = Revision.objects.count()
    admin_client.post(url, article_form(slug=published_article.slug, **{"action-publish": "1"}))
    assert Revision.objects.count() == before + 1
    assert refusals(published_article) == 1


def test_bulk_publish_with_descendants_publishes_nothing_unsigned(admin_client, health_center):
    draft = TreatmentArticlePageFactory(parent=health_center)
    url = (
        reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
        + f"?id={health_center.pk}"
    )
    response = admin_client.post(url, {"include_descendants": "on"}, follow=True)
    assert "no approved medical sign-off" in messages_of(response)
    assert not fresh(draft).live
    assert refusals(draft) == 1


def test_bulk_publish_of_an_unsigned_article_is_refused(admin_client, health_center):
    draft = TreatmentArticlePageFactory(parent=health_center)
    url = (
        reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish")) + f"?id={draft.pk}"
    )
    admin_client.post(url, {}, follow=True)
    assert not fresh(draft).live
    assert refusals(draft) == 1


def test_admin_copy_with_publish_copies_is_refused(admin_client, published_article, health_center):
    url = reverse("wagtailadmin_pages:copy", args=[published_article.pk])
    response = admin_client.post(
        url,
        {
            "new_title": "Copied",
            "new_slug": "copied",
            "new_parent_page": health_center.pk,
            "publish_copies": "on",
        },
        follow=True,
    )
    assert "need their own medical sign-off" in messages_of(response)
    assert not TreatmentArticlePage.objects.filter(slug="copied", live=True).exists()
    assert refusals(published_article) == 1


def test_admin_api_publish_answers_403_and_logs(admin_client, health_center):
    draft = TreatmentArticlePageFactory(parent=health_center)
    url = reverse("wagtailadmin_api:pages:action", args=[draft.pk, "publish"])
    response = admin_client.generic("POST", url)  # no body: the action takes no input
    assert response.status_code == 403
    assert "no approved medical sign-off" in response.json()["detail"]
    assert not fresh(draft).live
    assert refusals(draft) == 1


def test_reviewer_approves_from_the_admin_and_the_article_goes_live(
    client, published_article, medical_workflow, editor, rosa
):
    page = fresh(published_article)
    page.summary = "Edited."
    revision = page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    state = fresh(page).current_workflow_task_state
    client.force_login(rosa)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk])
    attested = {"reviewed_whole_content": "on", "evidence_current": "on"}
    response = client.post(url, {**attested, "conflict_of_interest": "none", "comment": ""})
    assert response.status_code in (200, 302)
    assert fresh(page).live_revision_id == revision.pk
    assert MedicalSignOff.objects.filter(revision_id=revision.pk, reviewer=rosa).exists()


def test_a_forged_admin_approval_by_the_author_is_forbidden(
    client, published_article, medical_workflow, editor, sam
):
    page = fresh(published_article)
    page.summary = "Edited by a reviewer."
    page.save_revision(user=sam)
    page.get_workflow().start(page, editor)
    state = fresh(page).current_workflow_task_state
    client.force_login(sam)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk])
    response = client.post(url, {"comment": ""})
    # Wagtail's admin answers PermissionDenied with a redirect home and a "no permission" message.
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert not MedicalSignOff.objects.filter(reviewer=sam).exists()


def test_the_request_changes_modal_requires_a_comment(
    client, published_article, medical_workflow, editor, rosa
):
    page = fresh(published_article)
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    state = fresh(page).current_workflow_task_state
    client.force_login(rosa)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", state.pk])
    client.post(url, {"comment": ""}, headers={"x-requested-with": "XMLHttpRequest"})
    assert fresh(page).current_workflow_task_state.status == "in_progress"
    assert not MedicalSignOff.objects.filter(decision="changes_requested").exists()


def test_reviewers_see_awaiting_review_on_the_dashboard(
    client, published_article, medical_workflow, editor, rosa
):
    page = fresh(published_article)
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    client.force_login(rosa)
    response = client.get(reverse("wagtailadmin_home"))
    assert b"Awaiting your medical review" in response.content
    assert page.title.encode() in response.content


def test_reviews_due_report_lists_overdue_and_due_soon_and_exports_csv(admin_client, health_center):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    due = {"overdue": -3, "soon": 10, "later": 90}
    for slug, days in due.items():
        page = TreatmentArticlePageFactory(parent=health_center, slug=slug, title=slug)
        signed = reviewer()
        from review_workflow.publishing.decisions import publish_signed_off

        publish_signed_off(revision=page.latest_revision, reviewer=signed)
        TreatmentArticlePage.objects.filter(pk=page.pk).update(
            next_review_due=today + datetime.timedelta(days=days)
        )
    url = reverse("review_workflow_reviews_due")
    response = admin_client.get(url, {"health_center": health_center.pk})
    assert b"overdue" in response.content and b"soon" in response.content
    assert b">later<" not in response.content
    export = admin_client.get(url, {"export": "csv"})
    body = b"".join(export.streaming_content) if export.streaming else export.content
    assert b"Overdue" in body and b"Due soon" in body and b"later" not in body


def test_the_sign_off_history_is_linked_from_the_article(admin_client, published_article):
    url = reverse("review_workflow_sign_off_history", args=[published_article.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert b"Approved" in response.content


def test_the_sign_off_log_is_read_only_in_the_admin(admin_client, published_article):
    record = MedicalSignOff.objects.get(revision_id=published_article.live_revision_id)
    edit = reverse("wagtailsnippets_review_workflow_medicalsignoff:edit", args=[record.pk])
    delete = reverse("wagtailsnippets_review_workflow_medicalsignoff:delete", args=[record.pk])
    inspect = reverse("wagtailsnippets_review_workflow_medicalsignoff:inspect", args=[record.pk])
    assert admin_client.get(inspect).status_code == 200
    assert admin_client.get(edit).status_code in (302, 403)
    assert admin_client.post(delete).status_code in (302, 403)
    assert MedicalSignOff.objects.filter(pk=record.pk).exists()
    assert Page.objects.filter(pk=published_article.pk).exists()


def test_the_editor_is_not_offered_publish_on_an_unsigned_article(admin_client, published_article):
    published_article.summary = "An unreviewed draft."
    published_article.save_revision()
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[published_article.pk]))
    assert response.status_code == 200
    assert b'name="action-publish"' not in response.content


def test_the_dashboard_links_the_submitted_revision_to_a_compare_view(
    client, published_article, medical_workflow, editor, rosa
):
    page = fresh(published_article)
    page.summary = "Edited."
    revision = page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    client.force_login(rosa)
    response = client.get(reverse("wagtailadmin_home"))
    compare = reverse(
        "wagtailadmin_pages:revisions_compare",
        args=[page.pk, published_article.live_revision_id, revision.pk],
    )
    assert compare.encode() in response.content
    assert client.get(compare).status_code == 200


def test_the_article_edit_view_links_to_its_sign_off_history(admin_client, published_article):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[published_article.pk]))
    history = reverse("review_workflow_sign_off_history", args=[published_article.pk])
    assert history.encode() in response.content


def test_admin_copy_of_a_health_center_with_its_live_articles_and_publish_is_refused(
    admin_client, published_article, health_center, home
):
    url = reverse("wagtailadmin_pages:copy", args=[health_center.pk])
    response = admin_client.post(
        url,
        {
            "new_title": "Copied center",
            "new_slug": "copied-center",
            "new_parent_page": home.pk,
            "copy_subpages": "on",
            "publish_copies": "on",
        },
        follow=True,
    )
    assert "need their own medical sign-off" in messages_of(response)
    assert not Page.objects.filter(slug="copied-center").exists()
    assert refusals(published_article) == 1

"""The reviewer's desk in Chromium (issue 22): a review survives its content changing under it,
the reviewer sees the reviewed content's diff (outside parts included) where they sign, and an
assigned reviewer sees the assignment and its due date."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from health_content.models import ContentSource, TreatmentArticlePage
from review_workflow.models import ArticlePublication, MedicalSignOff
from tests.browser.admin import log_in
from tests.browser.test_review_flow import open_action_menu
from tests.factories import signed_off_article

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NEW_ATTRIBUTION = "Written by the spine clinic's physiotherapists, checked in 2026."
DEMO_IN_REVIEW = "neck-pain-treatment"


def demo_log_in(tab, live_server, username: str) -> None:
    """Sign a demo user in with the demo's password ("<username>-demo-pass")."""
    tab.goto(f"{live_server.url}/admin/login/")
    tab.fill("input[name=username]", username)
    tab.fill("input[name=password]", f"{username}-demo-pass")
    tab.click("button[type=submit]")
    tab.wait_for_url(f"{live_server.url}/admin/")


def log_out(tab, live_server) -> None:
    tab.context.clear_cookies()
    tab.goto(f"{live_server.url}/admin/login/")


def sign_off_in_the_editor(tab, live_server, page_id: int, expect: str):
    """Open the article, choose Approve, read the diff, tick the attestation and sign."""
    tab.goto(f"{live_server.url}/admin/pages/{page_id}/edit/")
    tab.wait_for_load_state("networkidle")
    open_action_menu(tab)
    tab.get_by_role("button", name="Approve (medical sign-off)").click()
    modal = tab.locator(".modal")
    modal.get_by_text("What you are signing: the reviewed content").wait_for()
    diff = modal.locator(".reviewed-changes__table")
    assert "Source · attribution" in diff.inner_text()
    assert "physiotherapists" in " ".join(diff.locator("ins").all_inner_texts())
    modal.get_by_label("I reviewed the whole article").check()
    modal.get_by_label("To the best of my knowledge").check()
    modal.get_by_label("I have no conflict of interest").check()
    modal.get_by_role("button", name="Sign off").click()
    tab.get_by_text(expect).first.wait_for(timeout=30_000)
    return modal


def test_a_review_in_flight_survives_an_edited_source_and_ends_live_signed_by_two(
    live_server, page, guide_images
):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    article = TreatmentArticlePage.objects.get(slug=DEMO_IN_REVIEW)
    assert MedicalSignOff.objects.filter(task_state__isnull=False, page_id=article.pk).count()
    # An administrator edits the content source's attribution mid-review.
    source = ContentSource.objects.get(pk=article.source_id)
    demo_log_in(page, live_server, "admin")
    page.goto(
        live_server.url
        + reverse("wagtailsnippets_health_content_contentsource:edit", args=[source.pk])
    )
    page.fill("#id_attribution", NEW_ATTRIBUTION)
    page.get_by_role("button", name="Save").first.click()
    page.wait_for_load_state("networkidle")
    assert ContentSource.objects.get(pk=source.pk).attribution == NEW_ATTRIBUTION
    log_out(page, live_server)
    # The reviewer who had approved sees why her approval no longer counts, and approves anew.
    demo_log_in(page, live_server, "reviewer")
    panel = page.locator("#awaiting-medical-review-content, #awaiting-medical-review").first
    # Its own row: the demo has other reviews in flight (a translation's update among them).
    row = panel.locator("tr", has=page.get_by_role("link", name=article.title, exact=True))
    row.get_by_text("0 of 2 approvals").wait_for()
    assert "no longer count" in page.content()
    page.screenshot(path=str(guide_images / "content-changed-during-review.png"))
    sign_off_in_the_editor(page, live_server, article.pk, "It needs 1 more approval")
    log_out(page, live_server)
    # The orthopaedic specialist approves: the change goes live.
    demo_log_in(page, live_server, "reviewer2")
    sign_off_in_the_editor(page, live_server, article.pk, "is now live")
    live = TreatmentArticlePage.objects.get(pk=article.pk)
    publication = ArticlePublication.objects.filter(page_id=article.pk).order_by("-version")[0]
    assert live.live and publication.revision_id == live.live_revision_id
    assert publication.sign_off.reviewed_content["source"]["attribution"] == NEW_ATTRIBUTION
    signers = (
        MedicalSignOff.objects.approved()
        .filter(revision_id=publication.revision_id, fingerprint=publication.fingerprint)
        .values_list("reviewer__username", flat=True)
    )
    assert sorted(signers) == ["reviewer", "reviewer2"]


def test_a_reviewer_sees_the_diff_including_an_outside_change_and_signs(
    live_server, page, guide_images, health_center, medical_workflow, editor, rosa, sam
):
    article = signed_off_article(parent=health_center, reviewer=sam, title="Neck pain: treatment")
    signed = ArticlePublication.objects.get(page_id=article.pk)
    edited = TreatmentArticlePage.objects.get(pk=article.pk)
    edited.summary = "Most neck pain eases within a few weeks with gentle movement."
    edited.save_revision(user=editor)
    edited.get_workflow().start(edited, editor)
    ContentSource.objects.filter(pk=article.source_id).update(attribution=NEW_ATTRIBUTION)
    log_in(page, live_server, rosa)
    page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    page.wait_for_load_state("networkidle")
    open_action_menu(page)
    page.get_by_role("button", name="Approve (medical sign-off)").click()
    modal = page.locator(".modal")
    modal.get_by_text("Compared with the live, signed version 1").wait_for()
    rows = modal.locator(".reviewed-changes__table tbody tr")
    labels = [rows.nth(i).locator("th").inner_text() for i in range(rows.count())]
    assert "Summary" in labels and "Source · attribution" in labels
    assert any("few weeks" in text for text in modal.locator("ins").all_inner_texts())
    page.screenshot(path=str(guide_images / "sign-off-diff.png"))
    modal.get_by_label("I reviewed the whole article").check()
    modal.get_by_label("To the best of my knowledge").check()
    modal.get_by_label("I have no conflict of interest").check()
    modal.get_by_role("button", name="Sign off").click()
    page.get_by_text("is now live").wait_for(timeout=30_000)
    sign_off = MedicalSignOff.objects.get(reviewer=rosa)
    assert sign_off.compared_with_id == signed.pk
    assert sign_off.reviewed_content["source"]["attribution"] == NEW_ATTRIBUTION


def test_an_assigned_reviewer_sees_the_assignment_and_its_due_date(
    live_server, page, guide_images, published_article, medical_workflow, editor, rosa, sam
):
    edited = TreatmentArticlePage.objects.get(pk=published_article.pk)
    edited.summary = "Edited for the assignment."
    edited.save_revision(user=editor)
    edited.get_workflow().start(edited, editor)
    due = datetime.date.today() + datetime.timedelta(days=4)
    # The editor who submitted it assigns Dr Sam Lindqvist, due in four days.
    log_in(page, live_server, editor)
    page.get_by_role("link", name="Assign reviewers").first.click()
    page.get_by_label("Dr Sam Lindqvist").check()
    page.fill("#id_due", due.isoformat())
    page.get_by_role("button", name="Save assignment").click()
    page.get_by_text("assigned to").first.wait_for()
    from review_workflow.models import ReviewAssignment  # new in issue 22

    assert ReviewAssignment.objects.get().reviewer == sam
    log_out(page, live_server)
    log_in(page, live_server, sam)
    page.get_by_text(f"Assigned to you, due {due:%Y-%m-%d}").wait_for()
    page.screenshot(path=str(guide_images / "assigned-to-you.png"))

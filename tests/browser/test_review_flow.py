"""The reviewer's and the editor's flow in the real admin, in Chromium.

Also the regression test of the approve-twice bug (issue 12): on a slow connection, Wagtail's
autosave used to post the edit form a second time, carrying the decision that the comment
dialog had just added to it. The screenshots these tests take illustrate the editor guide:
they go to a temporary folder, and to docs/images/ only when asked (``make docs-images``).
"""

import pytest
from wagtail.models import Revision

from health_content.models import TreatmentArticlePage
from review_workflow.models import MedicalSignOff
from tests.browser.admin import log_in
from tests.factories import TreatmentArticlePageFactory, signed_off_article

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def shot(guide_images):
    """Take a screenshot for the editor guide: ``shot(tab, "name.png")``."""

    def take(tab, name: str) -> None:
        tab.screenshot(path=str(guide_images / name))

    return take


def open_action_menu(tab) -> None:
    tab.locator("[data-w-dropdown-target=toggle]").last.click()


def slow_network(tab, latency_ms: int = 2000) -> None:
    """Every request from now on takes ``latency_ms`` longer, as on a poor connection."""
    session = tab.context.new_cdp_session(tab)
    session.send("Network.enable")
    session.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": latency_ms, "downloadThroughput": -1, "uploadThroughput": -1},
    )


@pytest.fixture
def submitted(health_center, medical_workflow, editor, sam):
    """A live article, edited by the editor and submitted for medical review."""
    article = signed_off_article(parent=health_center, reviewer=sam, title="Neck pain: treatment")
    edited = TreatmentArticlePage.objects.get(pk=article.pk)
    edited.summary = "Most neck pain eases within a few weeks with gentle movement."
    edited.save_revision(user=editor)
    edited.get_workflow().start(edited, editor)
    return TreatmentArticlePage.objects.get(pk=article.pk)


def test_a_reviewer_signs_off_with_the_attestation_form_once_on_a_slow_connection(
    live_server,
    page,
    shot,
    submitted,
    rosa,
):
    decisions = []
    page.on(
        "request",
        lambda request: (
            decisions.append(request.headers.get("accept", ""))
            if request.method == "POST" and "workflow-action-name" in (request.post_data or "")
            else None
        ),
    )
    log_in(page, live_server, rosa)
    page.get_by_text("Awaiting your medical review").wait_for()
    shot(page, "reviewer-dashboard.png")
    page.goto(f"{live_server.url}/admin/pages/{submitted.pk}/edit/")
    page.wait_for_load_state("networkidle")
    open_action_menu(page)
    page.get_by_role("button", name="Approve (medical sign-off)").click()
    modal = page.locator(".modal")
    modal.get_by_text("I reviewed the whole article").wait_for()
    shot(page, "sign-off-form.png")
    modal.get_by_role("button", name="Sign off").click()
    modal.get_by_text("This field is required.").first.wait_for()
    modal.get_by_label("I reviewed the whole article").check()
    modal.get_by_label("To the best of my knowledge").check()
    modal.get_by_label("I have no conflict of interest").check()
    modal.get_by_label("Comment (optional)").fill("Checked against the 2024 guideline.")
    slow_network(page)
    modal.get_by_role("button", name="Sign off").click()
    page.get_by_text("is now live").wait_for(timeout=30_000)
    page.wait_for_timeout(3000)  # room for a stray autosave to arrive, as it used to
    shot(page, "signed-off-message.png")
    assert len(decisions) == 1 and "application/json" not in decisions[0]
    sign_off = MedicalSignOff.objects.get(revision_id=submitted.latest_revision_id)
    assert sign_off.comment == "Checked against the 2024 guideline."
    assert sign_off.conflict_of_interest == "none" and len(sign_off.statements) == 2
    live = TreatmentArticlePage.objects.get(pk=submitted.pk)
    assert live.live_revision_id == sign_off.revision_id == live.latest_revision_id
    assert not Revision.objects.filter(object_id=str(submitted.pk), user=rosa).exists()


def test_a_reviewer_who_wrote_the_change_is_told_why_approve_is_withheld(
    live_server,
    page,
    shot,
    health_center,
    medical_workflow,
    editor,
    sam,
):
    draft = TreatmentArticlePageFactory(parent=health_center, author=sam, title="Knee pain")
    draft.get_workflow().start(draft, editor)
    log_in(page, live_server, sam)
    page.get_by_text("Approve withheld: you wrote or submitted this change").wait_for()
    page.goto(f"{live_server.url}/admin/pages/{draft.pk}/edit/")
    page.get_by_text("You cannot approve this version").wait_for()
    open_action_menu(page)
    assert page.get_by_role("button", name="Request changes").is_visible()
    assert page.get_by_role("button", name="Approve (medical sign-off)").count() == 0
    shot(page, "approve-withheld.png")


def test_an_editor_submitting_an_article_without_its_parts_is_told_what_is_missing(
    live_server,
    page,
    shot,
    health_center,
    medical_workflow,
    editor,
):
    draft = TreatmentArticlePageFactory(
        parent=health_center,
        author=editor,
        title="Take this",
        body=[{"type": "section", "value": {"heading": "Dose", "text": "<p>Take 4000 mg.</p>"}}],
        references=[],
        source=None,
    )
    log_in(page, live_server, editor)
    page.goto(f"{live_server.url}/admin/pages/{draft.pk}/edit/")
    page.wait_for_load_state("networkidle")
    open_action_menu(page)
    page.get_by_role("button", name="Submit to Medical review").click()
    message = page.get_by_text("Before it is submitted for medical review or published")
    message.wait_for()
    text = message.inner_text()
    assert "a red-flags callout" in text and "a cited reference" in text and "a source" in text
    # The edit screen's own requests (autosave) finish and stop before the test reads the
    # database: on SQLite a read during one of them finds the table locked.
    page.wait_for_load_state("networkidle")
    page.goto("about:blank")
    assert not TreatmentArticlePage.objects.get(pk=draft.pk).workflow_in_progress
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "required-parts-message.png")

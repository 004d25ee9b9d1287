"""A translation in the real admin, in Chromium (issue 21): translated with wagtail-localize,
submitted for medical review from its translation editor, signed off by a reviewer who
reviews in Spanish, then served by the API in Spanish."""

import pytest
from django.contrib.auth.models import Permission
from wagtail.models import WorkflowState

from health_content.models import TreatmentArticlePage
from review_workflow.models import MedicalSignOff
from tests.browser.admin import log_in
from tests.factories import signed_off_article, spanish_reviewer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SPANISH_TITLE = "Dolor de cuello: tratamiento"


@pytest.fixture
def revisora(rosa):
    """A reviewer who reviews in Spanish, in the reviewers' group (with admin access)."""
    user = spanish_reviewer(display_name="Dra. Lucía Herrera", credentials="MD")
    user.groups.get().permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def spanish_page(article) -> TreatmentArticlePage:
    return TreatmentArticlePage.objects.get(
        translation_key=article.translation_key, locale__language_code="es"
    )


def translate_the_title(tab, text: str) -> None:
    """In wagtail-localize's translation editor: translate the first segment (the title)."""
    tab.get_by_role("button", name="Translate").first.click()
    tab.locator("textarea").first.fill(text)
    tab.get_by_role("button", name="Save").first.click()
    tab.get_by_text(text).first.wait_for()


def test_a_translation_made_with_wagtail_localize_goes_live_with_its_own_sign_off(
    live_server, page, health_center, medical_workflow, superuser, sam, revisora
):
    article = signed_off_article(parent=health_center, reviewer=sam, title="Neck pain")
    log_in(page, live_server, superuser)
    page.goto(f"{live_server.url}/admin/localize/submit/page/{article.pk}/")
    page.get_by_label("Spanish").check()
    page.locator("input[type=submit][value=Submit]").click()
    page.wait_for_url(f"{live_server.url}/admin/pages/*/edit/")
    page.wait_for_load_state("networkidle")
    translate_the_title(page, SPANISH_TITLE)
    page.get_by_role("button", name="Publish in Spanish").click()
    page.get_by_text("submitted for medical review").wait_for()
    translation = spanish_page(article)
    assert not translation.live
    assert translation.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

    page.context.clear_cookies()
    log_in(page, live_server, revisora)
    page.get_by_text("Awaiting your medical review").wait_for()
    page.get_by_role("button", name="Approve (medical sign-off)").click()
    modal = page.locator(".modal")
    modal.get_by_label("I reviewed the whole article").check()
    modal.get_by_label("To the best of my knowledge").check()
    modal.get_by_label("I have no conflict of interest").check()
    modal.get_by_role("button", name="Sign off").click()
    # The dashboard reloads once the decision is recorded: nothing awaits this reviewer now.
    page.get_by_text("Awaiting your medical review").wait_for(state="detached", timeout=30_000)

    translation = spanish_page(article)
    assert translation.live and translation.title == SPANISH_TITLE
    sign_off = MedicalSignOff.objects.get(revision_id=translation.live_revision_id)
    assert (sign_off.reviewer_id, sign_off.locale) == (revisora.pk, "es")
    response = page.request.get(f"{live_server.url}/api/v1/articles/{translation.pk}/")
    assert response.status == 200
    document = response.json()
    assert (document["title"], document["locale"]) == (SPANISH_TITLE, "es")

    # The reference client: the English article switches to the Spanish one, with its own
    # review facts (its Spanish-reading reviewer) and its status.
    page.goto(f"{live_server.url}/?path=/{health_center.slug}/{article.slug}/")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Spanish").click()
    page.get_by_role("heading", level=1, name=SPANISH_TITLE).wait_for()
    assert page.evaluate("document.documentElement.lang") == "es"
    reviewed = page.locator(".reviewed-by").inner_text()
    assert sign_off.reviewer_name in reviewed  # as the sign-off snapshotted it
    assert page.locator(".translation-status").inner_text().startswith("Translation up to date")

"""The reference front end in a real browser: reading an article, and an editor's preview."""

import json

import pytest
from django.conf import settings as django_settings
from django.test import Client

from health_content.models import ContentSource, Disclaimer
from tests.factories import reference, signed_off_article, treatment_tier

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RED_FLAGS = {
    "type": "callout",
    "value": {
        "kind": "red_flags",
        "title": "When to see your doctor",
        "text": "<p>Get help at once if you cannot control your bladder.</p>",
    },
}


@pytest.fixture
def article(health_center):
    source = ContentSource.objects.create(name="Spine clinic", attribution="From the spine clinic.")
    return signed_off_article(
        parent=health_center,
        title="Treating upper back pain",
        summary="Most upper back pain gets better with simple care.",
        body=[treatment_tier(refs="1", option_name="Heat and ice"), RED_FLAGS],
        references=[reference("Okafor R. Back pain in adults. BMJ, 2024.")],
        source=source,
    )


def test_a_reader_navigates_to_an_article_and_sees_its_review_facts(
    live_server, page, article, artifacts
):
    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="Health centers").get_by_role(
        "link", name=article.get_parent().title
    ).click()
    page.get_by_role("link", name="Treating upper back pain").click()
    page.get_by_role("heading", level=1, name="Treating upper back pain").wait_for()

    reviewed = page.locator(".reviewed-by")
    assert reviewed.inner_text().startswith("Medically reviewed by Dr Reviewer")
    # Credentials and specialty of every approving reviewer (issue 20).
    assert "MD, FACP, Internal medicine on " in reviewed.inner_text()
    assert page.locator(".last-updated").inner_text().startswith("Last updated: ")
    assert page.locator(".next-review").inner_text().startswith("Next review due: ")
    disclaimer = Disclaimer.site_default()
    assert disclaimer.text in page.locator(".disclaimer").inner_text()
    assert page.get_by_role("heading", name="When to see your doctor").is_visible()
    assert "Okafor R. Back pain in adults" in page.locator("#ref-1").inner_text()
    assert "From the spine clinic." in page.locator(".source").inner_text()
    assert "?path=" in page.url
    page.get_by_role("link", name="Reference 1").click()
    assert page.url.endswith("#ref-1")
    page.screenshot(path=str(artifacts / "reference-client-article.png"), full_page=True)


def test_the_article_page_has_landmarks_one_h1_and_structured_data(live_server, page, article):
    path = f"/{article.get_parent().slug}/{article.slug}/"
    page.goto(f"{live_server.url}/?path={path}")
    page.get_by_role("heading", level=1, name="Treating upper back pain").wait_for()
    assert page.get_by_role("main").count() == 1
    assert page.get_by_role("banner").count() == 1
    assert page.get_by_role("contentinfo").count() == 1
    assert page.get_by_role("navigation", name="Breadcrumb").count() == 1
    assert page.locator("h1").count() == 1
    assert page.locator("img:not([alt])").count() == 0
    assert page.locator("html").get_attribute("lang") == "en"
    structured = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert structured["@type"] == "MedicalWebPage"
    assert structured["reviewedBy"][0]["name"].startswith("Dr Reviewer")


def _logged_in_editor_cookie(live_server, django_user_model) -> dict:
    editor = django_user_model.objects.create_superuser("editor-b", "e@example.org", "pw")
    client = Client()
    client.force_login(editor)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    return {"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}


PREVIEW_THE_FORM = """async (url) => {
    const form = document.querySelector('#page-edit-form')
        || document.querySelector('form[method="POST"]');
    const response = await fetch(url, {method: 'POST', body: new FormData(form)});
    return await response.json();
}"""


def test_an_editors_preview_shows_the_changed_draft_under_the_banner(
    live_server, page, article, artifacts, django_user_model
):
    page.context.add_cookies([_logged_in_editor_cookie(live_server, django_user_model)])
    page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    page.fill("#id_title", "Treating upper back pain: new draft")
    preview_url = f"{live_server.url}/admin/pages/{article.pk}/edit/preview/"
    state = page.evaluate(PREVIEW_THE_FORM, preview_url)
    assert state["is_valid"], state

    page.goto(preview_url)
    client = page.frame_locator("iframe")
    banner = client.get_by_role("status")
    banner.get_by_text("Draft preview, not medically reviewed").wait_for()
    heading = client.get_by_role("heading", level=1)
    assert heading.inner_text() == "Treating upper back pain: new draft"
    facts = client.locator(".review-facts").inner_text()
    assert "Not medically reviewed" in facts and "not submitted" in facts
    page.screenshot(path=str(artifacts / "reference-client-preview.png"), full_page=True)


def test_the_preview_of_the_live_signed_version_says_it_is_reviewed(
    live_server, page, article, artifacts, django_user_model
):
    # Issue 22: it used to say "Draft preview, not medically reviewed ... Review status:
    # published" over the very version readers get.
    page.context.add_cookies([_logged_in_editor_cookie(live_server, django_user_model)])
    page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    preview_url = f"{live_server.url}/admin/pages/{article.pk}/edit/preview/"
    assert page.evaluate(PREVIEW_THE_FORM, preview_url)["is_valid"]

    page.goto(preview_url)
    client = page.frame_locator("iframe")
    banner = client.get_by_role("status")
    banner.get_by_text("Preview of the live version, medically reviewed and signed off").wait_for()
    assert "not medically reviewed" not in banner.inner_text().lower()
    assert "Review status: published" not in banner.inner_text()
    facts = client.locator(".review-facts").inner_text()
    assert "Medically reviewed" in facts and "Not medically reviewed" not in facts
    assert "this version is signed off" in facts


def test_a_reader_switches_an_article_to_spanish_and_sees_the_translations_review(
    live_server, page, article, artifacts
):
    from review_workflow.models import MedicalSignOff
    from tests.factories import signed_off_translation

    spanish = signed_off_translation(article, title="Tratamiento del dolor de espalda")
    page.goto(f"{live_server.url}/?path=/{article.get_parent().slug}/{article.slug}/")
    page.get_by_role("heading", level=1, name="Treating upper back pain").wait_for()
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Spanish").click()
    page.get_by_role("heading", level=1, name="Tratamiento del dolor de espalda").wait_for()

    assert page.evaluate("document.documentElement.lang") == "es"
    assert "locale=es" in page.url
    reviewed = page.locator(".reviewed-by").inner_text()
    signer = MedicalSignOff.objects.get(page_id=spanish.pk).reviewer_name
    assert reviewed.startswith(f"Medically reviewed by {signer}")
    assert page.locator(".translation-status").inner_text().startswith("Translation up to date")
    page.screenshot(path=str(artifacts / "reference-client-translation.png"), full_page=True)

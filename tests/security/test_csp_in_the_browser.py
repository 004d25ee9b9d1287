"""The Content-Security-Policy does not break the admin or the reference client in Chromium.

Outside production the policy is sent report-only; Chromium still raises a
``securitypolicyviolation`` event for every violation, so any script, style, image or frame the
policy would block in production fails these tests.
"""

import pytest

from tests.browser.conftest import browser, page  # noqa: F401  (Chromium fixtures)
from tests.factories import UserFactory, signed_off_article

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} at ` +
    `${event.sourceFile || event.documentURI}:${event.lineNumber}`
  );
});
"""


def violations_on(page, url: str) -> list[str]:  # noqa: F811
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__cspViolations")


@pytest.fixture
def recording_page(page):  # noqa: F811
    page.add_init_script(RECORD_VIOLATIONS)
    return page


@pytest.fixture
def logged_in_admin(live_server, recording_page):
    UserFactory(username="ada-admin", is_superuser=True, is_staff=True)
    recording_page.goto(f"{live_server.url}/admin/login/")
    recording_page.fill("input[name=username]", "ada-admin")
    recording_page.fill("input[name=password]", "pass")
    recording_page.click("button[type=submit]")
    recording_page.wait_for_url(f"{live_server.url}/admin/")
    return recording_page


def test_the_policy_is_in_force_on_the_pages_tested(live_server, recording_page):
    response = recording_page.goto(f"{live_server.url}/admin/login/")
    assert "script-src" in response.headers["content-security-policy-report-only"]


def test_the_admin_dashboard_explorer_and_article_editor_raise_no_violation(
    live_server, logged_in_admin, health_center
):
    article = signed_off_article(parent=health_center)
    for path in (
        "/admin/",
        f"/admin/pages/{health_center.pk}/",
        f"/admin/pages/{article.pk}/edit/",
        f"/admin/pages/{article.pk}/history/",
        "/admin/snippets/",
    ):
        assert violations_on(logged_in_admin, f"{live_server.url}{path}") == [], path


def test_the_reference_client_and_api_docs_raise_no_violation(
    live_server, recording_page, health_center
):
    article = signed_off_article(parent=health_center)
    for path in (
        "/",
        f"/?path=/{health_center.slug}/{article.slug}/",
        "/api/v1/docs/",
    ):
        assert violations_on(recording_page, f"{live_server.url}{path}") == [], path

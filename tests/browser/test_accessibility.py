"""Accessibility (issue 22): axe-core in Chromium over every admin view the plugin adds or
changes and over the reference client. No serious or critical violation in what the plugin
renders; Wagtail's own are listed (printed, and written to the test's artifacts), not asserted.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.images.tests.utils import Image, get_test_image_file

from health_content.models import TreatmentArticlePage
from review_workflow.models import MedicalSignOff
from tests.browser.admin import log_in
from tests.browser.axe import assert_accessible, audit
from tests.factories import TreatmentArticlePageFactory, reference, treatment_tier

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# What the plugin renders, by view: its dashboard panels, its templates' content, its forms.
PANELS = [
    "[id^='awaiting-medical-review']",
    "[id^='reviews-due-counts']",
    "[id^='rereview-needed']",
    "[id^='pages-without-review']",
    "[id^='my-articles-in-medical-review']",
    "[id^='webhook-failures']",
]
MAIN = ["#main .nice-padding, #main > div:not(.w-header)"]


@pytest.fixture
def demo(db):
    from django.contrib.auth import get_user_model

    call_command("load_demo", stdout=open("/dev/null", "w"))
    users = get_user_model().objects.filter(username__in=["admin", "editor", "reviewer2"])
    for user in users:
        user.set_password("pass")
        user.save()
    return {user.username: user for user in users}


@pytest.fixture
def report(artifacts):
    return artifacts / "axe.jsonl"


def visit(tab, url: str) -> None:
    tab.goto(url)
    tab.wait_for_load_state("networkidle")


def open_decision(tab, name: str):
    tab.locator("[data-w-dropdown-target=toggle]").last.click()
    tab.get_by_role("button", name=name).click()
    modal = tab.locator(".modal")
    modal.locator("form").wait_for()
    return modal


def test_the_reviewers_views_have_no_serious_or_critical_violations(
    live_server, page, demo, report
):
    log_in(page, live_server, demo["reviewer2"])
    assert_accessible(audit(page, "reviewer's dashboard", PANELS, report))
    article = TreatmentArticlePage.objects.get(slug="neck-pain-treatment")
    edit = f"{live_server.url}/admin/pages/{article.pk}/edit/"
    visit(page, edit)
    modal = open_decision(page, "Approve (medical sign-off)")
    modal.get_by_text("Reading grade").wait_for()
    assert modal.locator("ul.fields").count() == 0
    assert_accessible(audit(page, "sign-off form", [".modal"], report))
    visit(page, edit)
    open_decision(page, "Request changes")
    assert_accessible(audit(page, "request-changes form", [".modal"], report))


def test_the_administrators_views_have_no_serious_or_critical_violations(
    live_server, page, demo, report
):
    log_in(page, live_server, demo["admin"])
    page.get_by_text("You can read these articles but not decide their review").wait_for()
    assert "Review and decide" not in page.content()
    assert_accessible(audit(page, "administrator's dashboard", PANELS, report))
    sign_off = MedicalSignOff.objects.order_by("pk").first()
    views = {
        "reviews due report": reverse("review_workflow_reviews_due"),
        "reviews due, overdue": reverse("review_workflow_reviews_due") + "?due=overdue",
        "audit trail": reverse("review_workflow_audit_trail"),
        "sign-off history": reverse("review_workflow_sign_off_history", args=[sign_off.page_id]),
        "sign-off list": reverse("wagtailsnippets_review_workflow_medicalsignoff:list"),
        "sign-off inspect view": reverse(
            "wagtailsnippets_review_workflow_medicalsignoff:inspect", args=[sign_off.pk]
        ),
        "reviewer profiles": reverse("wagtailsnippets_review_workflow_reviewerprofile:list"),
        "webhook endpoints": reverse("webhook_endpoints:index"),
        "new webhook endpoint": reverse("webhook_endpoints:add"),
        "reading level setting": reverse(
            "wagtailsettings:edit", args=["review_workflow", "readinglevel"]
        ),
    }
    for view, url in views.items():
        visit(page, live_server.url + url)
        assert_accessible(audit(page, view, MAIN, report))


@pytest.fixture
def every_block(health_center, editor):
    image = Image.objects.create(title="Spine", file=get_test_image_file())
    other = TreatmentArticlePageFactory(parent=health_center, title="Neck pain")
    body = [
        {"type": "section", "value": {"heading": "Overview", "text": "<p>Most pain eases.</p>"}},
        {
            "type": "treatment_factors",
            "value": {
                "intro": "Treatment is based on:",
                "factors": ["How bad the pain is.", "Your age.", "Other health problems."],
            },
        },
        treatment_tier(refs="1"),
        {
            "type": "callout",
            "value": {"kind": "red_flags", "title": "See a doctor", "text": "<p>Now.</p>"},
        },
        {"type": "related_articles", "value": {"heading": "Related", "articles": [other.pk]}},
        {"type": "image", "value": {"image": image.pk, "alt_text": "A spine", "caption": "Spine"}},
    ]
    return TreatmentArticlePageFactory(
        parent=health_center, author=editor, body=body, references=[reference()]
    )


def test_the_article_edit_form_with_each_block_has_no_serious_or_critical_violations(
    live_server, page, every_block, editor, report
):
    log_in(page, live_server, editor)
    visit(page, f"{live_server.url}/admin/pages/{every_block.pk}/edit/")
    factors = page.locator("input[name^='body-1-value-factors-'][name$='-value']")
    assert factors.count() == 3 and factors.first.get_attribute("aria-label") == "Factor"
    page.locator(".reading-level").wait_for()
    # The article's own fields, blocks and panels (Wagtail's rich text editor inside them is
    # Wagtail's, listed); Wagtail's header, side panels and action menu are Wagtail's.
    form = ["#tab-content", "#tab-references", "#tab-review", ".reading-level"]
    assert_accessible(audit(page, "article edit form", form, report))


def test_the_reference_client_has_no_serious_or_critical_violations(
    live_server, page, demo, report
):
    article = TreatmentArticlePage.objects.filter(live=True).first()
    visit(page, f"{live_server.url}/")
    assert_accessible(audit(page, "reference client: home", ["body"], report))
    visit(page, f"{live_server.url}/?path=/{article.get_parent().slug}/{article.slug}/")
    page.get_by_role("heading", level=1).wait_for()
    assert_accessible(audit(page, "reference client: article", ["body"], report))

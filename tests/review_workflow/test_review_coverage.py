"""Every reviewed page under the medical review: a health center created after
``setup_medical_review`` gets its workflow, and any page left without one is reported."""

from django.core import checks
from django.urls import reverse
from wagtail.models import WorkflowPage

from health_content.models import HealthCenterPage, TreatmentArticlePage
from review_workflow.models import MedicalReviewTask
from tests.factories import HealthCenterPageFactory
from tests.review_workflow.test_admin_paths import article_form
from tests.review_workflow.test_policy import health_center_form

UNCOVERED = "review_workflow.W002"


def add_center_in_the_admin(client, home) -> HealthCenterPage:
    url = reverse("wagtailadmin_pages:add", args=["health_content", "healthcenterpage", home.pk])
    blank = HealthCenterPage(title="Sleep", slug="sleep", intro="Sleep problems.")
    response = client.post(url, health_center_form(blank, **{"action-publish": "1"}))
    assert response.status_code == 302, response.context and response.context["form"].errors
    return HealthCenterPage.objects.get(slug="sleep")


def submit_article_in_the_admin(client, center) -> TreatmentArticlePage:
    url = reverse(
        "wagtailadmin_pages:add", args=["health_content", "treatmentarticlepage", center.pk]
    )
    response = client.post(url, article_form(slug="insomnia", **{"action-submit": "1"}))
    assert response.status_code == 302
    return TreatmentArticlePage.objects.get(slug="insomnia")


def test_an_article_under_a_center_created_in_the_admin_enters_medical_review(
    client, superuser, editor, home, medical_workflow
):
    client.force_login(superuser)
    center = add_center_in_the_admin(client, home)
    assert WorkflowPage.objects.get(page=center).workflow == medical_workflow
    client.force_login(editor)
    article = submit_article_in_the_admin(client, center)
    assert isinstance(article.current_workflow_task.specific, MedicalReviewTask)
    assert article.current_workflow_state.workflow == medical_workflow


def test_a_center_made_in_the_shell_or_copied_gets_the_workflow_too(
    health_center, medical_workflow
):
    made = HealthCenterPageFactory(parent=health_center.get_parent())
    copied = made.copy(update_attrs={"slug": "copied-center", "title": "Copied"})
    for center in (made, copied):
        assert WorkflowPage.objects.get(page=center).workflow == medical_workflow


def uncovered_warnings() -> list:
    found = checks.run_checks(databases=["default"])
    return [message for message in found if message.id == UNCOVERED]


def test_the_check_names_a_center_and_its_articles_under_no_workflow(
    published_article, medical_workflow
):
    assert uncovered_warnings() == []
    WorkflowPage.objects.filter(page=published_article.get_parent()).delete()
    named = {warning.obj.pk for warning in uncovered_warnings()}
    assert named == {published_article.pk, published_article.get_parent().pk}
    assert "setup_medical_review" in uncovered_warnings()[0].hint


def test_the_dashboard_flags_pages_under_no_workflow(client, superuser, published_article):
    client.force_login(superuser)
    response = client.get(reverse("wagtailadmin_home"))
    assert "Not under medical review" in response.content.decode()
    assert published_article.title in response.content.decode()

"""The demo site is reviewed like real content, and reviewers hear about new submissions."""

from django.core import mail
from django.core.management import call_command
from wagtail.models import WorkflowPage

from health_content.models import HealthCenterPage, TreatmentArticlePage
from review_workflow import review_facts
from review_workflow.models import MedicalSignOff
from tests.factories import TreatmentArticlePageFactory


def test_load_demo_publishes_every_article_under_a_real_sign_off(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    articles = TreatmentArticlePage.objects.live()
    assert articles.exists()
    for article in articles:
        facts = review_facts.live_sign_off(article)
        assert facts.reviewer == review_facts.ReviewerFacts("Dr Rosa Okafor", "MD, FRCP")
        assert article.last_reviewed and article.next_review_due and article.last_updated
    assert MedicalSignOff.objects.approved().count() == articles.count()


def test_load_demo_assigns_the_medical_review_workflow_to_every_health_center(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    for center in HealthCenterPage.objects.all():
        assert WorkflowPage.objects.get(page=center).workflow.name == "Medical review"


def test_submitting_an_article_emails_the_medical_reviewers(
    health_center, medical_workflow, editor, rosa, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    draft = TreatmentArticlePageFactory(parent=health_center, author=editor)
    draft.get_workflow().start(draft, editor)
    assert any(rosa.email in message.to for message in mail.outbox)

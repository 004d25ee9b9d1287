"""The admin speaks medical review (issue 22): e-mails, messages and History say "submitted
for medical review", "changes requested" and "signed off"; e-mails go only to those who can
act; dashboards and the editor offer only what a person can do and say why otherwise."""

import datetime
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from wagtail.models import PageLogEntry

from health_content.models import TreatmentArticlePage
from review_workflow.admin.notifications import connected_notifiers
from review_workflow.checks import check_notifiers, check_template_overrides
from review_workflow.models import ReReviewRequest
from tests.factories import TreatmentArticlePageFactory, attestation_data, reviewer
from tests.review_workflow.test_admin_paths import article_form


def fresh(page):
    return TreatmentArticlePage.objects.get(pk=page.pk)


@pytest.fixture
def lapsed(rosa):
    """A reviewer in the reviewing group whose licence has expired (the demo's reviewer3)."""
    return reviewer(display_name="Dr Lapsed", licence_expires=datetime.date(2000, 1, 1))


@pytest.fixture
def submitted(health_center, medical_workflow, editor, rosa, lapsed, superuser):
    mail.outbox.clear()
    draft = TreatmentArticlePageFactory(parent=health_center, author=editor, title="Neck pain")
    draft.get_workflow().start(draft, editor)
    return fresh(draft)


def texts(message) -> list[str]:
    """Subject, text body and the HTML body when one is sent."""
    return [message.subject, message.body, *(body for body, _ in message.alternatives)]


def recipients() -> set[str]:
    return {address for message in mail.outbox for address in message.to}


@pytest.fixture(params=[False, True], ids=["text", "html"])
def html_mail(request, settings):
    settings.WAGTAILADMIN_NOTIFICATION_USE_HTML = request.param
    return request.param


def test_submitted_email_says_medical_review_and_goes_only_to_reviewers_who_can_act(
    html_mail, submitted, rosa, lapsed, superuser, editor
):
    assert recipients() == {rosa.email}, [m.subject for m in mail.outbox]
    (message,) = mail.outbox
    assert message.subject == 'Submitted for medical review: "Neck pain"'
    assert "has been submitted for medical review by" in message.body
    for text in texts(message):
        assert "moderation" not in text and "for approval" not in text


def test_the_lapsed_reviewer_and_the_administrator_get_no_submitted_email(
    submitted, lapsed, superuser
):
    assert lapsed.email not in recipients() and superuser.email not in recipients()


def test_requesting_changes_emails_changes_requested_not_rejected(
    html_mail, submitted, rosa, editor
):
    mail.outbox.clear()
    state = submitted.current_workflow_task_state
    state.task.specific.on_action(state, rosa, "reject", comment="Add the dose.")
    (message,) = [m for m in mail.outbox if editor.email in m.to]
    assert message.subject == 'Changes requested in medical review: "Neck pain"'
    assert "Changes requested on" in message.body
    assert 'What needs to change: "Add the dose."' in message.body
    assert len(texts(message)) == 2 + html_mail
    for text in texts(message):
        assert "rejected" not in text


def test_the_last_approval_emails_signed_off(submitted, rosa, sam, editor, health_center):
    for person in (rosa, sam):  # as many approvals as the health center's policy asks
        state = fresh(submitted).current_workflow_task_state
        if state is not None:
            state.task.specific.on_action(state, person, "approve", **attestation_data())
    (message,) = [m for m in mail.outbox if editor.email in m.to]
    assert message.subject == 'Signed off in medical review: "Neck pain"'
    assert "has been signed off in medical review" in message.body


def test_history_says_submitted_changes_requested_and_signed_off(
    client, submitted, rosa, superuser
):
    state = submitted.current_workflow_task_state
    state.task.specific.on_action(state, rosa, "reject", comment="Add the dose.")
    client.force_login(superuser)
    history = unescape(
        client.get(reverse("wagtailadmin_pages:history", args=[submitted.pk])).content.decode()
    )
    assert "Submitted for medical review" in history
    assert "Changes requested at 'Medical sign-off'" in history
    assert "Rejected at" not in history and "Workflow: reject" not in history


def test_the_attestation_is_part_of_the_sign_off_not_its_comment(submitted, rosa):
    state = submitted.current_workflow_task_state
    state.task.specific.on_action(state, rosa, "approve", comment="Clear.", **attestation_data())
    entry = PageLogEntry.objects.filter(
        page_id=submitted.pk, action="review_workflow.sign_off"
    ).first()
    assert entry.message.startswith("Signed off (medical review): Dr Rosa Okafor")
    assert "Attested: I reviewed the whole article" in entry.message
    assert entry.comment == "Clear."


def test_submitting_in_the_editor_says_submitted_for_medical_review(
    client, editor, health_center, medical_workflow, rosa
):
    client.force_login(editor)
    url = reverse(
        "wagtailadmin_pages:add", args=["health_content", "treatmentarticlepage", health_center.pk]
    )
    response = client.post(url, article_form(slug="insomnia", **{"action-submit": "1"}))
    assert response.status_code == 302
    # What the next page shows: the messages as stored for it.
    said = [str(message) for message in get_messages(client.get(response.url).wsgi_request)]
    assert any("created and submitted for medical review." in text for text in said), said
    assert not any("moderation" in text for text in said), said


def test_the_administrator_is_not_offered_review_and_decide_and_is_told_why(
    client, submitted, superuser
):
    client.force_login(superuser)
    home = unescape(client.get(reverse("wagtailadmin_home")).content.decode())
    assert "Neck pain" in home
    assert "Review and decide" not in home
    assert "You can read these articles but not decide their review: only an active" in home
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[submitted.pk]), follow=True)
    said = [str(message) for message in get_messages(edit.wsgi_request)]
    assert any("so only Save draft is offered" in text for text in said), said


def test_due_counts_open_the_report_filtered(client, superuser, health_center, settings):
    from tests.factories import signed_off_article

    overdue = signed_off_article(parent=health_center, title="Old advice")
    soon = signed_off_article(parent=health_center, title="Soon advice")
    today = datetime.date.today()
    TreatmentArticlePage.objects.filter(pk=overdue.pk).update(
        next_review_due=today - datetime.timedelta(days=3)
    )
    TreatmentArticlePage.objects.filter(pk=soon.pk).update(
        next_review_due=today + datetime.timedelta(days=3)
    )
    client.force_login(superuser)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    report = reverse("review_workflow_reviews_due")
    assert f'href="{report}?due=overdue"' in home and f'href="{report}?due=due_soon"' in home
    only_overdue = client.get(report, {"due": "overdue"}).content.decode()
    assert "Old advice" in only_overdue and "Soon advice" not in only_overdue
    only_soon = client.get(report, {"due": "due_soon"}).content.decode()
    assert "Soon advice" in only_soon and "Old advice" not in only_soon


def test_the_sign_off_inspect_view_is_readable(client, superuser, submitted, rosa):
    from review_workflow.models import MedicalSignOff

    state = submitted.current_workflow_task_state
    state.task.specific.on_action(state, rosa, "approve", **attestation_data())
    sign_off = MedicalSignOff.objects.get(page_id=submitted.pk)
    client.force_login(superuser)
    url = reverse("wagtailsnippets_review_workflow_medicalsignoff:inspect", args=[sign_off.pk])
    html = unescape(client.get(url).content.decode())
    assert "Internal medicine" in html and "internal_medicine" not in html
    assert "{'" not in html and "['" not in html
    assert "<dt>Title</dt><dd>Neck pain</dd>" in html


def test_the_source_field_says_when_it_is_required(client, superuser, published_article):
    client.force_login(superuser)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[published_article.pk]))
    text = unescape(html.content.decode())
    assert "shown as an attribution line. Optional" not in text
    assert "Required before the article is submitted for medical review" in text


def test_no_re_review_banner_while_the_article_is_in_review(
    client, superuser, published_article, medical_workflow, editor
):
    ReReviewRequest.objects.create(page_id=published_article.pk, reason="the source changed")
    client.force_login(superuser)
    url = reverse("wagtailadmin_pages:edit", args=[published_article.pk])
    said = [str(m) for m in get_messages(client.get(url).wsgi_request)]
    assert any(text.startswith("Re-review needed") for text in said)
    published_article.save_revision(user=editor)
    medical_workflow.start(fresh(published_article), editor)
    said = [str(m) for m in get_messages(client.get(url).wsgi_request)]
    assert not any(text.startswith("Re-review needed") for text in said), said


def test_the_notifiers_and_templates_are_the_reviews():
    assert check_notifiers() == [] and check_template_overrides() == []
    assert len(connected_notifiers()) == 2

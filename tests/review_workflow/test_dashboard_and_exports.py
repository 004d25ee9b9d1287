"""Dashboards by role, the reason Approve is withheld, the sign-off history and its export."""

import csv
import datetime
import io
from html import unescape

import pytest
from django.urls import reverse

from health_content.models import TreatmentArticlePage
from tests.factories import TreatmentArticlePageFactory, attestation_data, signed_off_article


def fresh(page):
    return TreatmentArticlePage.objects.get(pk=page.pk)


@pytest.fixture
def submitted(health_center, medical_workflow, editor):
    draft = TreatmentArticlePageFactory(parent=health_center, author=editor, title="Neck pain")
    draft.owner = editor
    draft.save()
    draft.get_workflow().start(draft, editor)
    return fresh(draft)


def dashboard(client, user) -> str:
    client.force_login(user)
    return unescape(client.get(reverse("wagtailadmin_home")).content.decode())


def test_a_reviewer_sees_one_panel_of_what_awaits_them(client, submitted, rosa):
    page = dashboard(client, rosa)
    assert page.count("Awaiting your medical review") == 1
    assert "Awaiting your review" not in page  # Wagtail's own panel, replaced by ours
    assert "0 of 1 approvals" in page and "Review and decide" in page


def test_the_reviewer_panel_says_why_approve_is_withheld(
    client, health_center, medical_workflow, editor, sam
):
    draft = TreatmentArticlePageFactory(parent=health_center, author=sam)
    draft.get_workflow().start(draft, editor)
    page = dashboard(client, sam)
    assert "Approve withheld: you wrote or submitted this change" in page


def test_the_editor_sees_the_review_state_and_the_change_request_comment(
    client, submitted, editor, rosa
):
    assert "In medical review (0 of 1 approvals)" in dashboard(client, editor)
    state = submitted.current_workflow_task_state
    state.task.specific.on_action(state, rosa, "reject", comment="Cite the 2024 guideline.")
    page = dashboard(client, editor)
    assert "Changes requested" in page and "Cite the 2024 guideline." in page


def test_everyone_sees_due_and_overdue_counts_linking_to_the_report(
    client, clock, health_center, editor
):
    article = signed_off_article(parent=health_center)
    TreatmentArticlePage.objects.filter(pk=article.pk).update(
        next_review_due=clock.today() - datetime.timedelta(days=1)
    )
    page = dashboard(client, editor)
    assert "1</strong> overdue" in page and "0</strong> due within 30 days" in page
    assert reverse("review_workflow_reviews_due") in page


def test_opening_the_editor_shows_the_reason_approve_is_withheld(
    client, health_center, medical_workflow, editor, sam
):
    draft = TreatmentArticlePageFactory(parent=health_center, author=sam)
    draft.get_workflow().start(draft, editor)
    client.force_login(sam)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk]))
    text = unescape(response.content.decode())
    assert "You cannot approve this version: you wrote or submitted this change" in text
    assert "Approve (medical sign-off)" not in text


def test_the_sign_off_history_shows_credentials_and_attestation(client, submitted, rosa, superuser):
    state = submitted.current_workflow_task_state
    data = attestation_data(conflict_of_interest="declared", conflict_details="Consults for X.")
    state.task.specific.on_action(state, rosa, "approve", comment="Fine.", **data)
    client.force_login(superuser)
    url = reverse("review_workflow_sign_off_history", args=[submitted.pk])
    text = unescape(client.get(url).content.decode())
    assert "Internal medicine" in text and "General Medical Council (UK) GMC" in text
    assert "I reviewed the whole article" in text
    assert "Conflicts of interest: Declared: Consults for X." in text
    history = unescape(
        client.get(reverse("wagtailadmin_pages:history", args=[submitted.pk])).content.decode()
    )
    assert "Signed off (medical review): Dr Rosa Okafor, MD, FRCP; Internal medicine" in history


def test_the_sign_off_export_has_a_row_per_sign_off_with_every_fact(
    client, health_center, superuser
):
    signed_off_article(parent=health_center)
    client.force_login(superuser)
    url = reverse("wagtailsnippets_review_workflow_medicalsignoff:list")
    response = client.get(url, {"export": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 1
    row = rows[0]
    assert row["Reviewer"].startswith("Dr Reviewer") and row["Credentials"] == "MD, FACP"
    assert row["Specialty"] == "Internal medicine" and row["Licence expires"] == "2099-12-31"
    assert row["Conflict of interest"] == "None" and len(row["Content fingerprint (SHA-256)"]) == 64

"""The reading grade (issue 22): measured on the article's reader-facing text, shown to editors
in the edit view and to reviewers in the sign-off form against the site's target (a warning,
not a block), and recorded in the sign-off."""

from decimal import Decimal
from html import unescape

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from health_content.models import TreatmentArticlePage
from review_workflow.models import MedicalSignOff, ReadingLevel
from review_workflow.records import triggers
from review_workflow.rules.readability import readability, reading_grade
from tests.factories import TreatmentArticlePageFactory, attestation_data

PLAIN = (
    "Back pain is common. Most people get better in a few weeks. Rest, heat and gentle "
    "walks help. See a doctor if the pain is very bad or you have a fever."
)
HARD = (
    "Pharmacological interventions, notably nonsteroidal anti-inflammatory medications, "
    "demonstrate considerable heterogeneity regarding documented effectiveness across "
    "methodologically diverse randomised investigations evaluating musculoskeletal "
    "symptomatology."
)


def fresh(page):
    return TreatmentArticlePage.objects.get(pk=page.pk)


def test_plain_words_grade_low_and_dense_words_grade_high():
    assert reading_grade(PLAIN) < 6
    assert reading_grade(HARD) > 14


def test_too_little_text_has_no_grade():
    assert reading_grade("Rest helps.") is None


def test_the_reader_text_is_the_articles_prose_without_references(health_center):
    article = TreatmentArticlePageFactory(parent=health_center, summary=PLAIN)
    text = article.get_reader_text()
    assert PLAIN in text and article.title in text
    assert "<p>" not in text
    assert "A study" not in text and "Journal" not in text  # references are not its prose


def test_the_site_setting_sets_the_target(health_center):
    article = TreatmentArticlePageFactory(parent=health_center, summary=HARD)
    assert readability(article).target == 8  # the default
    ReadingLevel.objects.update_or_create(site=article.get_site(), defaults={"target_grade": 30})
    result = readability(article)
    assert result.target == 30 and not result.above_target


def test_the_editor_shows_the_grade_and_warns_above_the_target(client, superuser, health_center):
    article = TreatmentArticlePageFactory(parent=health_center, summary=HARD)
    client.force_login(superuser)
    html = unescape(
        client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    )
    grade = readability(article).grade
    assert grade > 8
    assert f"Reading grade {grade}: above the site's target of grade 8" in html
    assert 'class="help-block help-warning"' in html


@pytest.fixture
def submitted(health_center, medical_workflow, editor):
    draft = TreatmentArticlePageFactory(parent=health_center, author=editor, summary=HARD)
    draft.get_workflow().start(draft, editor)
    return fresh(draft)


def test_the_sign_off_form_shows_the_grade(client, submitted, rosa):
    state = submitted.current_workflow_task_state
    client.force_login(rosa)
    url = reverse("wagtailadmin_pages:workflow_action", args=[submitted.pk, "approve", state.pk])
    html = unescape(client.get(url).json()["html"])
    assert f"Reading grade {readability(submitted).grade}: above the site's target" in html
    assert "does not block it" in html
    assert '<ul class="fields">' not in html


def test_the_sign_off_records_the_grade_it_signed(submitted, rosa):
    state = submitted.current_workflow_task_state
    state.task.specific.on_action(state, rosa, "approve", **attestation_data())
    sign_off = MedicalSignOff.objects.get(page_id=submitted.pk)
    expected = readability(state.revision.as_object()).grade
    assert sign_off.reading_grade == Decimal(str(expected))


def test_the_recorded_grade_cannot_be_changed(submitted, rosa):
    state = submitted.current_workflow_task_state
    state.task.specific.on_action(state, rosa, "approve", **attestation_data())
    assert triggers.installed(connection)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE review_workflow_medicalsignoff SET reading_grade = 1")

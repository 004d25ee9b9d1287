"""The parts a safe treatment article needs: red flags, a cited reference, a source. Required
when submitting for review and when signing off; drafts may lack them; each site chooses."""

from html import unescape

import pytest
from django.urls import reverse
from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from health_content.models import RequiredArticleParts, TreatmentArticlePage
from health_content.required_parts import CITED_REFERENCE, RED_FLAGS, SOURCE
from review_workflow.publishing.decisions import ReviewRefused, sign_off_revision
from tests.factories import TreatmentArticlePageFactory, reviewer, treatment_tier


def bare_article_form(slug="bare-article", **extra):
    """An article whose whole body is one sentence: no red flags, references or source."""
    data = nested_form_data(
        {
            "title": "Take this",
            "slug": slug,
            "summary": "Take 4000 mg of anything.",
            "condition": "Anything",
            "body": streamfield(
                [("section", {"heading": "Dose", "text": rich_text("<p>Take 4000 mg.</p>")})]
            ),
            "references": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    data.update(extra)
    return data


def messages_of(response) -> str:
    return unescape(" ".join(str(m) for m in response.context["messages"]))


def add_url(center):
    return reverse(
        "wagtailadmin_pages:add", args=["health_content", "treatmentarticlepage", center.pk]
    )


def test_submitting_an_article_without_its_parts_names_each_missing_part(
    client, health_center, medical_workflow, editor
):
    client.force_login(editor)
    response = client.post(
        add_url(health_center), bare_article_form(**{"action-submit": "1"}), follow=True
    )
    text = messages_of(response)
    assert RED_FLAGS in text and CITED_REFERENCE in text and SOURCE in text
    assert not TreatmentArticlePage.objects.filter(slug="bare-article").exists()


def test_a_draft_may_lack_the_required_parts(client, health_center, medical_workflow, editor):
    client.force_login(editor)
    client.post(add_url(health_center), bare_article_form())
    page = TreatmentArticlePage.objects.get(slug="bare-article")
    assert not page.workflow_in_progress
    assert page.get_latest_revision_as_object().missing_required_parts() == [
        RED_FLAGS,
        CITED_REFERENCE,
        SOURCE,
    ]


def test_a_reference_nobody_cites_is_not_a_cited_reference(health_center):
    article = TreatmentArticlePageFactory(parent=health_center, body=[treatment_tier(refs="")])
    assert CITED_REFERENCE in article.missing_required_parts()


def test_signing_off_an_article_without_its_parts_is_refused(health_center, editor):
    article = TreatmentArticlePageFactory(parent=health_center, author=editor, source=None)
    with pytest.raises(ReviewRefused, match="missing required parts: a source"):
        sign_off_revision(revision=article.latest_revision, reviewer=reviewer())


def test_a_site_that_does_not_require_a_part_lets_it_be_missing(health_center, editor):
    site = Site.objects.get(is_default_site=True)
    RequiredArticleParts.objects.update_or_create(site=site, defaults={"source": False})
    article = TreatmentArticlePageFactory(parent=health_center, author=editor, source=None)
    assert article.missing_required_parts() == []
    sign_off_revision(revision=article.latest_revision, reviewer=reviewer())

"""Synthetic article bodies are realistic in size and shape, valid, and reproducible."""

import pytest

from bench import corpus
from health_content.models import TreatmentArticlePage

BACK_PAIN = corpus.CENTERS[0]


@pytest.mark.parametrize("variant", range(3))
def test_a_synthetic_body_has_about_fifteen_hundred_words(variant):
    template = corpus.article_template(number=variant + 1, condition="Sciatica")
    assert 1_200 <= corpus.word_count(template) <= 2_000


def test_a_synthetic_body_has_the_shape_of_a_treatment_overview():
    template = corpus.article_template(number=7, condition="Sciatica")
    kinds = [block["type"] for block in template.body]
    assert kinds.count("treatment_tier") == 3
    assert {"treatment_factors", "callout", "section"} <= set(kinds)
    assert len(template.references) >= 6


def test_the_same_template_number_gives_the_same_body():
    first = corpus.article_template(number=42, condition="Gout")
    again = corpus.article_template(number=42, condition="Gout")
    assert first == again


def test_templates_of_one_center_are_distinct_bodies():
    templates = corpus.templates_for(BACK_PAIN, per_condition=3)
    assert len({template.number for template in templates}) == len(templates)
    assert len({str(template.body) for template in templates}) == len(templates)


def test_a_synthetic_article_passes_the_article_models_validation(health_center):
    template = corpus.article_template(number=3, condition="Neck pain")
    article = TreatmentArticlePage(
        title=template.title,
        slug=template.slug(1),
        summary=template.summary,
        condition=template.condition,
        body=template.body,
        references=template.references,
        live=False,
    )
    health_center.add_child(instance=article)  # add_child runs full_clean
    article.refresh_from_db()
    article.full_clean()
    assert len(article.body) == len(template.body)

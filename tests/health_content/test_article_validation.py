"""Article-level rules: cited references must exist, alt text with images, placement in the tree."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.images.tests.utils import Image, get_test_image_file

from health_content.models import TreatmentArticlePage
from tests.factories import TreatmentArticlePageFactory, reference, treatment_tier


def test_citing_a_reference_that_does_not_exist_is_a_body_error(health_center):
    with pytest.raises(ValidationError) as error:
        TreatmentArticlePageFactory(
            parent=health_center,
            body=[treatment_tier(refs="1, 2", option_name="Ice")],
            references=[reference()],
        )
    messages = error.value.message_dict["body"]
    assert any("'Ice' cites reference [2]" in message for message in messages)


def test_citing_existing_references_is_valid(health_center):
    page = TreatmentArticlePageFactory(
        parent=health_center,
        body=[treatment_tier(refs="1, 2")],
        references=[reference(), reference("B")],
    )
    assert page.pk is not None


def test_a_revision_with_a_dangling_reference_fails_full_clean(article):
    article.references = []
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "body" in error.value.message_dict


def test_hero_image_needs_alt_text(article):
    article.hero_image = Image.objects.create(title="hero", file=get_test_image_file())
    article.hero_image_alt = ""
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "hero_image_alt" in error.value.message_dict


def test_articles_are_refused_outside_a_health_center(home):
    # Drafts get only a minimal clean in Wagtail; full validation runs when a page goes live.
    with pytest.raises(ValidationError) as error:
        TreatmentArticlePageFactory(parent=home, live=True)
    assert "health center" in str(error.value)
    assert not TreatmentArticlePage.objects.exists()


def test_articles_may_only_be_created_under_health_centers_in_the_admin():
    assert [m._meta.model_name for m in TreatmentArticlePage.allowed_parent_page_models()] == [
        "healthcenterpage"
    ]


def test_a_health_center_cannot_be_a_move_target_for_its_home(article, home):
    assert not article.can_move_to(home)

"""Each body block validates its input and renders to plain data."""

import pytest
from django.core.exceptions import ValidationError

from health_content import blocks
from health_content.rendering import _render_block_value

RICH = "<p>Some <b>text</b>.</p>"


def clean(block, raw):
    return block.clean(block.to_python(raw))


def test_section_block_renders_heading_and_sanitised_text():
    block = blocks.SectionBlock()
    value = clean(block, {"heading": "Overview", "text": RICH})
    assert _render_block_value("section", value) == {
        "heading": "Overview",
        "text": "<p>Some <b>text</b>.</p>",
    }


def test_section_block_requires_a_heading():
    with pytest.raises(ValidationError):
        clean(blocks.SectionBlock(), {"heading": "", "text": RICH})


def test_treatment_factors_block_renders_its_factors_in_order():
    block = blocks.TreatmentFactorsBlock()
    value = clean(block, {"intro": "Based on:", "factors": ["Severity", "Duration"]})
    assert _render_block_value("treatment_factors", value) == {
        "intro": "Based on:",
        "factors": ["Severity", "Duration"],
    }


def test_treatment_factors_block_needs_at_least_one_factor():
    with pytest.raises(ValidationError):
        clean(blocks.TreatmentFactorsBlock(), {"intro": "Based on:", "factors": []})


def test_treatment_tier_renders_options_with_evidence_and_reference_numbers():
    block = blocks.TreatmentTierBlock()
    raw = {
        "heading": "Surgery",
        "intro": "<p>Rarely needed.</p>",
        "options": [
            {
                "name": "Fusion",
                "description": RICH,
                "evidence_note": "Weak evidence.",
                "reference_numbers": "3, 1",
            }
        ],
        "closing_note": "",
    }
    rendered = _render_block_value("treatment_tier", clean(block, raw))
    assert rendered["heading"] == "Surgery"
    assert rendered["options"] == [
        {
            "name": "Fusion",
            "description": RICH,
            "evidence_note": "Weak evidence.",
            "reference_numbers": [1, 3],
        }
    ]
    assert rendered["closing_note"] == ""


@pytest.mark.parametrize("bad", ["one", "1;2", "1,,2", "-1", "0"])
def test_treatment_option_refuses_malformed_reference_numbers(bad):
    raw = {"name": "X", "description": RICH, "evidence_note": "", "reference_numbers": bad}
    with pytest.raises(ValidationError):
        clean(blocks.TreatmentOptionBlock(), raw)


def test_treatment_tier_needs_at_least_one_option():
    raw = {"heading": "Tier", "intro": "", "options": [], "closing_note": ""}
    with pytest.raises(ValidationError):
        clean(blocks.TreatmentTierBlock(), raw)


@pytest.mark.parametrize("kind", ["red_flags", "see_doctor", "caution", "tip"])
def test_callout_block_renders_each_kind_with_its_label(kind):
    value = clean(blocks.CalloutBlock(), {"kind": kind, "title": "Watch for", "text": RICH})
    rendered = _render_block_value("callout", value)
    assert rendered["kind"] == kind
    assert rendered["kind_label"] == dict(blocks.CalloutBlock.KINDS)[kind]


def test_callout_block_refuses_an_unknown_kind():
    with pytest.raises(ValidationError):
        clean(blocks.CalloutBlock(), {"kind": "panic", "title": "T", "text": RICH})


def test_related_articles_block_renders_live_articles_with_paths(article):
    value = clean(blocks.RelatedArticlesBlock(), {"heading": "See also", "articles": [article.pk]})
    rendered = _render_block_value("related_articles", value)
    assert rendered == {
        "heading": "See also",
        "articles": [
            {"id": article.pk, "title": article.title, "url_path": article.url_path_on_site()}
        ],
    }


def test_related_articles_block_refuses_a_draft_article(article):
    article.unpublish()
    with pytest.raises(ValidationError):
        clean(blocks.RelatedArticlesBlock(), {"heading": "See also", "articles": [article.pk]})


def test_figure_block_requires_alt_text(db):
    from wagtail.images.tests.utils import Image, get_test_image_file

    image = Image.objects.create(title="x", file=get_test_image_file())
    with pytest.raises(ValidationError):
        clean(blocks.FigureBlock(), {"image": image.pk, "alt_text": "", "caption": ""})
    value = clean(
        blocks.FigureBlock(), {"image": image.pk, "alt_text": "A spine", "caption": "Fig 1"}
    )
    rendered = _render_block_value("image", value)
    assert rendered["image"]["alt"] == "A spine"
    assert rendered["image"]["url"].startswith("/media/images/")
    assert rendered["image"]["width"] > 0 and rendered["caption"] == "Fig 1"


def test_reference_block_validates_doi_and_pubmed_id():
    block = blocks.ReferenceBlock()
    ok = {
        "text": "A study.",
        "url": "https://example.org",
        "doi": "10.1000/xyz123",
        "pubmed_id": "123",
    }
    assert clean(block, ok)["doi"] == "10.1000/xyz123"
    with pytest.raises(ValidationError):
        clean(block, {**ok, "doi": "not-a-doi"})
    with pytest.raises(ValidationError):
        clean(block, {**ok, "pubmed_id": "PMID12"})

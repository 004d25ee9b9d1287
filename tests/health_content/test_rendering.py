"""The render function: deterministic, sanitised, with internal links as page paths."""

import json

import pytest

from health_content.models import TreatmentArticlePage
from health_content.rendering import render_article
from review_workflow.rules.fingerprint import canonical_json, digest
from tests.factories import TreatmentArticlePageFactory, reference, treatment_tier


def section(html):
    return {"type": "section", "value": {"heading": "About", "text": html}}


def render_fresh(page):
    return render_article(TreatmentArticlePage.objects.get(pk=page.pk))


def test_rendering_the_same_content_twice_is_byte_identical(article):
    first = canonical_json(render_fresh(article))
    second = canonical_json(render_fresh(article))
    assert first == second


def test_rendering_a_revision_matches_rendering_the_live_page(article):
    revision = article.save_revision()
    assert canonical_json(render_article(revision.as_object())) == canonical_json(
        render_fresh(article)
    )


def test_rendered_article_is_plain_json(article):
    data = render_fresh(article)
    assert json.loads(json.dumps(data)) == data
    assert [block["type"] for block in data["body"]] == ["treatment_tier", "callout"]
    assert data["references"][0]["number"] == 1


@pytest.mark.parametrize(
    "dangerous, forbidden",
    [
        ("<p>Hi<script>alert(1)</script></p>", "<script"),
        ('<p><a href="javascript:alert(1)">click</a></p>', "javascript:"),
        ('<p><img src="x.png" onerror="alert(1)" alt="x"></p>', "onerror"),
        ('<p onclick="steal()">Text</p>', "onclick"),
        ('<p><a href="https://example.org" onmouseover="x()">ok</a></p>', "onmouseover"),
        ("<iframe src='https://evil.example'></iframe>", "<iframe"),
        ('<p style="background:url(javascript:alert(1))">x</p>', "style="),
    ],
)
def test_rich_text_entered_through_the_orm_is_sanitised(health_center, dangerous, forbidden):
    page = TreatmentArticlePageFactory(
        parent=health_center, body=[section(dangerous)], references=[]
    )
    html = render_fresh(page)["body"][0]["value"]["text"]
    assert forbidden not in html.lower()


def test_safe_external_links_survive_sanitising(health_center):
    page = TreatmentArticlePageFactory(
        parent=health_center,
        body=[section('<p><a href="https://example.org/a">A</a></p>')],
        references=[],
    )
    html = render_fresh(page)["body"][0]["value"]["text"]
    assert 'href="https://example.org/a"' in html


def test_internal_page_links_become_page_paths(health_center, article):
    link = f'<p>See <a linktype="page" id="{article.pk}">this</a>.</p>'
    page = TreatmentArticlePageFactory(parent=health_center, body=[section(link)], references=[])
    html = render_fresh(page)["body"][0]["value"]["text"]
    assert f'href="/{health_center.slug}/{article.slug}/"' in html


def test_links_to_unpublished_pages_lose_their_target(health_center, article):
    link = f'<p>See <a linktype="page" id="{article.pk}">this</a>.</p>'
    page = TreatmentArticlePageFactory(parent=health_center, body=[section(link)], references=[])
    article.unpublish()
    html = render_fresh(page)["body"][0]["value"]["text"]
    assert "href" not in html


def test_the_rendered_content_leaves_out_review_facts_and_the_disclaimer(article):
    assert set(render_fresh(article)) == {
        "id", "title", "slug", "summary", "condition", "hero_image", "body", "references",
        "source",
    }  # fmt: skip


def test_the_digest_changes_when_reader_visible_content_changes(article):
    before = digest(render_article(article))
    article.summary = "Changed lead."
    assert digest(render_article(article)) != before


def test_an_empty_field_saved_from_the_editor_keeps_the_digest(health_center):
    """The editor sends ``<p data-block-key="…"></p>`` for a rich text field it showed empty:
    no words changed, so what the reviewer signed off is the same."""
    tier = treatment_tier()
    article = TreatmentArticlePageFactory(parent=health_center, body=[tier])
    before = digest(render_fresh(article))
    tier["value"]["closing_note"] = '<p data-block-key="k3x9a"></p><p>&nbsp;</p>'
    article.body = [tier]
    article.save()
    assert render_fresh(article)["body"][0]["value"]["closing_note"] == ""
    assert digest(render_fresh(article)) == before


def test_the_reviewed_content_is_the_render_function(article):
    assert article.get_reviewed_content() == render_article(article)


def test_references_are_numbered_in_order(health_center):
    page = TreatmentArticlePageFactory(
        parent=health_center,
        body=[treatment_tier(refs="2")],
        references=[reference("A"), reference("B")],
    )
    numbers = [(r["number"], r["text"]) for r in render_fresh(page)["references"]]
    assert numbers == [(1, "A"), (2, "B")]

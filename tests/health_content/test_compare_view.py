"""The admin's compare view reads as editors wrote: choice labels, one list item per line,
and field labels as people spell them."""

from django.urls import reverse
from wagtail.admin.compare import StreamFieldComparison

from health_content.blocks import ReferenceBlock
from health_content.models import ContentSource, TreatmentArticlePage

# Blocks carry ids, as every block saved by the admin does (the compare view matches them up).
FACTORS = {
    "type": "treatment_factors",
    "id": "factors-1",
    "value": {"intro": "Based on:", "factors": ["Age", "Pain"]},
}
CALLOUT = {
    "type": "callout",
    "id": "callout-1",
    "value": {"kind": "red_flags", "title": "Get help", "text": "<p>Numbness.</p>"},
}


def body_comparison(before: list, after: list) -> StreamFieldComparison:
    field = TreatmentArticlePage._meta.get_field("body")
    return StreamFieldComparison(
        field, TreatmentArticlePage(body=before), TreatmentArticlePage(body=after)
    )


def test_a_callout_kind_is_shown_by_its_label_not_its_stored_value():
    html = body_comparison([], [CALLOUT]).htmldiff()
    assert "Red flags" in html
    assert "red_flags" not in html


def test_a_changed_callout_kind_diffs_the_labels():
    changed = {**CALLOUT, "value": {**CALLOUT["value"], "kind": "caution"}}
    html = body_comparison([CALLOUT], [changed]).htmldiff()
    assert "Red flags" in html and "Caution" in html
    assert "red_flags" not in html


def test_list_items_are_shown_one_per_line_not_run_together():
    html = body_comparison([], [FACTORS]).htmldiff()
    assert "<li>Age</li><li>Pain</li>" in html
    assert "AgePain" not in html


def test_reference_and_source_fields_are_labelled_as_people_spell_them():
    labels = {name: block.label for name, block in ReferenceBlock().child_blocks.items()}
    assert (labels["url"], labels["doi"], labels["pubmed_id"]) == ("URL", "DOI", "PubMed ID")
    assert ContentSource._meta.get_field("url").verbose_name == "URL"


def test_the_compare_view_of_two_revisions_shows_labels(admin_client, article):
    first = article.latest_revision
    article.body = [*article.body.raw_data, CALLOUT]
    second = article.save_revision()
    url = reverse("wagtailadmin_pages:revisions_compare", args=[article.pk, first.pk, second.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert b"Red flags" in response.content
    assert b"red_flags" not in response.content

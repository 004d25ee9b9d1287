"""JSON-LD: url, dates, language, image, breadcrumb and publisher, in schema.org's own terms
(checked against a vendored slice of the vocabulary: types, domains and ranges)."""

import json
import re
from pathlib import Path

import pytest
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from .conftest import get_article

VOCABULARY = json.loads((Path(__file__).parent / "data" / "schema_org_terms.json").read_text())
KEYWORDS = {"@context", "@type", "@id"}
DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")


def ancestors(name: str) -> set[str]:
    """A type or data type and everything it is a subclass of."""
    parents = VOCABULARY["types"].get(name, VOCABULARY["datatypes"].get(name))
    assert parents is not None, f"{name} is not a schema.org type we know"
    return {name}.union(*(ancestors(parent) for parent in parents))


def literal_fits(value, ranges: list[str]) -> bool:
    checks = {
        "Text": lambda v: isinstance(v, str),
        "URL": lambda v: isinstance(v, str) and v.startswith(("https://", "http://")),
        "Date": lambda v: isinstance(v, str) and DATE.match(v),
        "DateTime": lambda v: isinstance(v, str) and DATETIME.match(v),
        "Integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "Number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    }
    return any(checks[name](value) for name in ranges if name in checks)


def check_node(node: dict, where: str) -> list[str]:
    """Every problem with one JSON-LD node and the nodes inside it."""
    problems = []
    kinds = ancestors(node["@type"]) if "@type" in node else {"Thing"}
    for prop, value in node.items():
        if prop in KEYWORDS:
            continue
        term = VOCABULARY["properties"].get(prop)
        if term is None:
            problems.append(f"{where}.{prop}: not a schema.org property we use")
            continue
        if not kinds & set(term["domains"]):
            problems.append(f"{where}.{prop}: not a property of {node.get('@type')}")
        for item in value if isinstance(value, list) else [value]:
            problems += check_value(item, term["ranges"], f"{where}.{prop}")
    return problems


def check_value(value, ranges: list[str], where: str) -> list[str]:
    if isinstance(value, dict):
        kinds = ancestors(value["@type"]) if "@type" in value else {"Thing"}
        if not kinds & set(ranges):
            return [f"{where}: a {value.get('@type')} where schema.org expects {ranges}"]
        return check_node(value, where)
    if not literal_fits(value, ranges):
        return [f"{where}: {value!r} is not one of {ranges}"]
    return []


def test_the_checker_catches_terms_outside_the_vocabulary():
    wrong = {
        "@type": "MedicalWebPage",
        "lastReviewd": "2026-01-01",
        "publisher": {"@type": "Person", "logo": "https://x.test/logo.png"},
        "datePublished": "yesterday",
    }
    assert len(check_node(wrong, "json_ld")) == 3


@pytest.fixture
def rich_article(make_article, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.FRONTEND_API = {**settings.FRONTEND_API, "PUBLISHER_LOGO_URL": "/static/logo.png"}
    image = get_image_model().objects.create(title="Spine", file=get_test_image_file())
    reference = {
        "type": "reference",
        "value": {"text": "A trial.", "url": "https://doi.org/10.1/x", "doi": "10.1/x",
                  "pubmed_id": "123"},
    }  # fmt: skip
    return make_article(hero_image=image, hero_image_alt="A spine", references=[reference])


def test_json_ld_has_url_dates_language_image_breadcrumb_and_publisher(api, rich_article):
    data = get_article(api, rich_article).json()
    ld = data["json_ld"]
    assert ld["url"] == f"https://cdn.test{data['url_path']}"
    assert ld["datePublished"].startswith(data["published_at"][:10])
    assert ld["inLanguage"] == "en"
    assert ld["image"]["url"].startswith("https://cdn.test/")
    assert ld["image"]["width"]["value"] == data["hero_image"]["width"]
    crumbs = ld["breadcrumb"]["itemListElement"]
    assert [crumb["position"] for crumb in crumbs] == [1, 2, 3]
    assert crumbs[-1]["item"]["@id"] == ld["url"]
    assert ld["publisher"]["url"] == "https://cdn.test/"
    assert ld["publisher"]["logo"]["url"] == "https://cdn.test/static/logo.png"


def test_json_ld_uses_only_schema_org_terms_with_their_expected_types(api, rich_article):
    ld = get_article(api, rich_article).json()["json_ld"]
    assert ld["@context"] == "https://schema.org"
    assert check_node(ld, "json_ld") == []


def test_the_first_publication_date_stays_when_a_new_version_is_published(api, make_article_on):
    from datetime import date

    article = make_article_on(date(2026, 1, 5), reviewed=date(2026, 3, 1))
    ld = get_article(api, article).json()["json_ld"]
    assert ld["datePublished"].startswith("2026-01-05")
    assert ld["dateModified"] == "2026-01-05"


def test_the_preview_json_ld_claims_no_publication(api, published_article):
    from .test_preview import draft_preview, preview

    ld = preview(api, draft_preview(published_article, title="Draft")).json()["json_ld"]
    assert "datePublished" not in ld and "lastReviewed" not in ld
    assert check_node(ld, "json_ld") == []


def test_json_ld_names_every_approving_reviewer_and_the_author(api, co_signed_article):
    ld = get_article(api, co_signed_article).json()["json_ld"]
    assert [(p["@type"], p["name"], p["hasCredential"]["name"], p["knowsAbout"])
            for p in ld["reviewedBy"]] == [
        ("Person", "Dr Gita General", "MBBS, MRCGP", "General practice"),
        ("Person", "Dr Omar Ortho", "MD, FRCS (Orth)", "Orthopaedics"),
    ]  # fmt: skip
    assert ld["author"] == [{"@type": "Person", "name": "Edna Editor"}]
    assert check_node(ld, "json_ld") == []


def test_an_imported_past_review_is_not_published_after_it_was_reviewed(api, health_center):
    from datetime import timedelta

    from django.utils import timezone

    from review_workflow.publishing.decisions import import_signed_off
    from tests.factories import TreatmentArticlePageFactory, reviewer

    # As the demo imports its history: a review 425 days ago, published into the CMS today.
    article = TreatmentArticlePageFactory(parent=health_center)
    past = timezone.now() - timedelta(days=425)
    import_signed_off(revision=article.latest_revision, reviewer=reviewer(), signed_at=past)
    ld = get_article(api, article).json()["json_ld"]
    assert ld["datePublished"][:10] <= ld["lastReviewed"]
    assert ld["datePublished"][:10] <= ld["dateModified"]


def test_a_translations_json_ld_uses_only_schema_org_terms(api, published_article):
    from tests.factories import signed_off_translation

    translation = signed_off_translation(published_article)
    for page in (published_article, translation):
        ld = get_article(api, page).json()["json_ld"]
        assert ("workTranslation" in ld) != ("translationOfWork" in ld)
        assert check_node(ld, "json_ld") == []

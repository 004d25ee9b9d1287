"""GET /api/v1/articles/<id>/, /find/?path= and /<id>/history/."""

from health_content.models import ContentSource
from health_content.rendering import render_article
from tests.factories import red_flags, reference, treatment_tier

from .conftest import republish


def detail(api, article, **extra):
    return api.get(f"/api/v1/articles/{article.pk}/", **extra)


def related_block(*articles):
    return {
        "type": "related_articles",
        "value": {"heading": "Related articles", "articles": [a.pk for a in articles]},
    }


def test_detail_is_the_rendered_article_plus_api_fields(api, published_article):
    data = detail(api, published_article).json()
    rendered = render_article(type(published_article).objects.get(pk=published_article.pk))
    assert {key: data[key] for key in rendered} == _json_roundtrip(rendered)
    for key in ("url_path", "health_center", "reviewed_by", "breadcrumbs", "related", "json_ld"):
        assert key in data


def _json_roundtrip(value):
    import orjson

    return orjson.loads(orjson.dumps(value))


def test_detail_carries_review_facts_and_reviewer(api, published_article):
    data = detail(api, published_article).json()
    assert data["last_reviewed"] == published_article.last_reviewed.isoformat()
    assert data["next_review_due"] == published_article.next_review_due.isoformat()
    assert data["last_updated"] == published_article.last_updated.isoformat()
    assert data["reviewed_by"]["credentials"] == "MD, FACP"
    assert data["disclaimer"]["version"] >= 0 and data["disclaimer"]["text"]


def test_breadcrumbs_go_home_center_article(api, published_article):
    center = published_article.get_parent()
    crumbs = detail(api, published_article).json()["breadcrumbs"]
    assert [c["url_path"] for c in crumbs] == [
        "/",
        f"/{center.slug}/",
        f"/{center.slug}/{published_article.slug}/",
    ]


def test_json_ld_is_a_medical_web_page_with_reviewer_and_citations(api, make_article):
    source = ContentSource.objects.create(name="Clinic", attribution="From the clinic.")
    article = make_article(
        condition="Sciatica",
        source=source,
        references=[reference("Smith J. Sciatica care. BMJ, 2021.")],
    )
    ld = detail(api, article).json()["json_ld"]
    assert ld["@type"] == "MedicalWebPage"
    assert ld["about"] == {"@type": "MedicalCondition", "name": "Sciatica"}
    assert ld["lastReviewed"] == article.last_reviewed.isoformat()
    assert ld["dateModified"] == article.last_updated.isoformat()
    assert ld["reviewedBy"][0]["@type"] == "Person"
    assert ld["reviewedBy"][0]["hasCredential"]["name"] == "MD, FACP"
    assert ld["citation"][0]["name"] == "Smith J. Sciatica care. BMJ, 2021."
    assert ld["publisher"]["@type"] == "Organization"
    assert ld["medicalAudience"]["@type"] == "MedicalAudience"


def test_related_lists_only_articles_still_served(api, make_article):
    kept, dropped = make_article(title="Kept"), make_article(title="Dropped")
    article = make_article(
        body=[treatment_tier(refs="1"), red_flags(), related_block(kept, dropped)]
    )
    assert [a["title"] for a in detail(api, article).json()["related"]] == ["Kept", "Dropped"]
    dropped.unpublish()
    data = detail(api, article).json()
    assert [a["title"] for a in data["related"]] == ["Kept"]
    block = next(b for b in data["body"] if b["type"] == "related_articles")
    assert [a["title"] for a in block["value"]["articles"]] == ["Kept"]


def test_find_by_path_gives_the_same_document_as_detail(api, published_article):
    path = f"/{published_article.get_parent().slug}/{published_article.slug}/"
    found = api.get("/api/v1/articles/find/", {"path": path})
    assert found.status_code == 200
    assert found.content == detail(api, published_article).content


def test_find_moves_a_path_without_trailing_slash_to_the_canonical_one(api, published_article):
    path = f"/{published_article.get_parent().slug}/{published_article.slug}"
    response = api.get("/api/v1/articles/find/", {"path": path})
    assert response.status_code == 301
    assert response["Location"].endswith(f"/api/v1/articles/find/?path={path}/")


def test_find_unknown_or_partial_paths_is_404(api, published_article):
    center = published_article.get_parent().slug
    for path in ("/", f"/{center}/", f"/{center}/nope/", f"/other/{published_article.slug}/"):
        assert api.get("/api/v1/articles/find/", {"path": path}).status_code == 404


def test_history_lists_published_versions_newest_first(api, published_article):
    republish(published_article, title="Second version")
    versions = api.get(f"/api/v1/articles/{published_article.pk}/history/").json()["versions"]
    assert [v["version"] for v in versions] == [2, 1]
    assert set(versions[0]) == {
        "version", "kind", "published_at", "last_updated", "last_reviewed", "reviewed_by",
        "signed_at",
    }  # fmt: skip
    assert [v["kind"] for v in versions] == ["published", "published"]
    assert set(versions[0]["reviewed_by"]) == {"name", "credentials"}


def test_detail_and_find_are_one_query_each(api, make_article, django_assert_num_queries):
    other = make_article(title="Other")
    article = make_article(body=[treatment_tier(refs="1"), red_flags(), related_block(other)])
    path = f"/{article.get_parent().slug}/{article.slug}/"
    with django_assert_num_queries(1):
        assert detail(api, article).status_code == 200
    with django_assert_num_queries(1):
        assert api.get("/api/v1/articles/find/", {"path": path}).status_code == 200


def test_health_centers_list_and_detail(api, published_article, other_center):
    centers = api.get("/api/v1/health-centers/").json()["results"]
    assert [c["slug"] for c in centers] == sorted(
        [published_article.get_parent().slug, "heart-health"],
        key=lambda slug: {"heart-health": "Heart Health"}.get(slug, "Center"),
    )
    one = api.get("/api/v1/health-centers/heart-health/").json()
    assert one == {
        "id": other_center.pk,
        "slug": "heart-health",
        "title": "Heart Health",
        "intro": other_center.intro,
        "url_path": "/heart-health/",
        "locale": "en",
    }


def test_history_and_health_centers_use_few_queries(
    api, published_article, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        assert api.get(f"/api/v1/articles/{published_article.pk}/history/").status_code == 200
    with django_assert_max_num_queries(4):
        assert api.get("/api/v1/health-centers/").status_code == 200


def test_every_approving_reviewer_and_the_author_are_credited(api, co_signed_article):
    data = detail(api, co_signed_article).json()
    first, second = data["reviewers"]
    assert {key: first[key] for key in first if key != "signed_at"} == {
        "order": 1,
        "name": "Dr Gita General",
        "credentials": "MBBS, MRCGP",
        "specialty": "General practice",
        "conflict_of_interest_declared": False,
    }
    assert {key: second[key] for key in second if key != "signed_at"} == {
        "order": 2,
        "name": "Dr Omar Ortho",
        "credentials": "MD, FRCS (Orth)",
        "specialty": "Orthopaedics",
        "conflict_of_interest_declared": True,
    }
    assert first["signed_at"] <= second["signed_at"]
    # ``reviewed_by`` stays for existing clients: the approval that completed the review.
    assert data["reviewed_by"]["name"] == "Dr Omar Ortho"
    assert data["authors"] == [{"name": "Edna Editor", "type": "person"}]


def test_a_declared_conflict_is_shown_but_its_text_stays_internal(api, co_signed_article):
    text = detail(api, co_signed_article).content.decode()
    assert "brace maker" not in text


def test_the_list_item_names_every_approving_reviewer(api, co_signed_article):
    [item] = api.get("/api/v1/articles/").json()["results"]
    assert item["reviewers"] == [
        {"name": "Dr Gita General", "credentials": "MBBS, MRCGP", "specialty": "General practice"},
        {"name": "Dr Omar Ortho", "credentials": "MD, FRCS (Orth)", "specialty": "Orthopaedics"},
    ]


def test_a_configured_byline_is_credited_instead_of_the_editors(api, settings, health_center):
    from django.core.management import call_command

    from tests.factories import signed_off_article

    article = signed_off_article(parent=health_center)
    byline = "Health library editorial team"
    settings.FRONTEND_API = {**settings.FRONTEND_API, "AUTHOR_BYLINE": byline}
    call_command("backfill_published_articles", "--recompose", verbosity=0)
    data = detail(api, article).json()
    assert data["authors"] == [{"name": byline, "type": "organization"}]
    assert data["json_ld"]["author"] == [{"@type": "Organization", "name": byline}]


def test_the_authors_are_the_editors_of_the_change_the_review_covered(api, health_center):
    from review_workflow.publishing.decisions import publish_signed_off
    from tests.factories import UserFactory, reviewer, signed_off_article

    first = UserFactory(username="ann", first_name="Ann", last_name="First")
    article = signed_off_article(parent=health_center, author=first)
    assert detail(api, article).json()["authors"] == [{"name": "Ann First", "type": "person"}]
    second = UserFactory(username="bo", first_name="", last_name="")  # no name: the username
    page = type(article).objects.get(pk=article.pk).get_latest_revision_as_object()
    page.summary = "A clearer lead paragraph."
    revision = page.save_revision(user=second)
    publish_signed_off(revision=revision, reviewer=reviewer())
    assert detail(api, article).json()["authors"] == [{"name": "bo", "type": "person"}]

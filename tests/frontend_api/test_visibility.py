"""Only live, public, signed-off articles under live health centers on the requesting site."""

import pytest
from wagtail.models import Page, PageViewRestriction, Site

from health_content.models import TreatmentArticlePage
from tests.factories import HealthCenterPageFactory, HealthHomePageFactory, signed_off_article

from .conftest import new_draft

NEVER_EXISTED = 999_999


def urls(article):
    path = f"/{article.get_parent().slug}/{article.slug}/"
    return [
        f"/api/v1/articles/{article.pk}/",
        f"/api/v1/articles/{article.pk}/history/",
        f"/api/v1/articles/find/?path={path}",
    ]


def assert_absent(api, article):
    listed = [item["id"] for item in api.get("/api/v1/articles/").json()["results"]]
    assert article.pk not in listed
    gone = api.get(f"/api/v1/articles/{NEVER_EXISTED}/").json()
    for url in urls(article):
        response = api.get(url)
        assert response.status_code == 404
        body = response.json()
        assert (body["status"], body["title"], body["detail"]) == (
            gone["status"],
            gone["title"],
            gone["detail"],
        )


def test_a_draft_is_absent(api, health_center):
    from tests.factories import TreatmentArticlePageFactory

    assert_absent(api, TreatmentArticlePageFactory(parent=health_center))


def test_an_unpublished_article_is_absent(api, published_article):
    published_article.unpublish()
    assert_absent(api, published_article)


def test_a_live_page_without_a_sign_off_is_absent(api, health_center):
    from tests.factories import TreatmentArticlePageFactory

    article = TreatmentArticlePageFactory(parent=health_center)
    # Bypass every publish path: the row says live, but no sign-off covers the revision.
    TreatmentArticlePage.objects.filter(pk=article.pk).update(
        live=True, live_revision=article.latest_revision
    )
    assert_absent(api, article)


def test_a_private_article_is_absent(api, published_article):
    PageViewRestriction.objects.create(
        page=published_article, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert_absent(api, published_article)


def test_an_article_under_a_private_center_is_absent(api, published_article):
    PageViewRestriction.objects.create(
        page=published_article.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    assert_absent(api, published_article)
    assert (
        api.get(f"/api/v1/health-centers/{published_article.get_parent().slug}/").status_code == 404
    )


def test_an_article_under_an_unpublished_center_is_absent(api, published_article):
    published_article.get_parent().unpublish()
    assert_absent(api, published_article)


def test_an_article_on_another_site_is_absent(api, published_article):
    other_home = HealthHomePageFactory(parent=Page.get_first_root_node(), title="Other site")
    Site.objects.create(hostname="other.example", root_page=other_home)
    other_center = HealthCenterPageFactory(parent=other_home)
    elsewhere = signed_off_article(parent=other_center)
    assert_absent(api, elsewhere)
    on_other = api.get(f"/api/v1/articles/{elsewhere.pk}/", HTTP_HOST="other.example")
    assert on_other.status_code == 200
    assert (
        api.get(f"/api/v1/articles/{published_article.pk}/", HTTP_HOST="other.example").status_code
        == 404
    )


def test_a_new_draft_never_leaks_into_the_live_article(api, published_article):
    new_draft(published_article, title="Unreviewed new title")
    assert (
        api.get(f"/api/v1/articles/{published_article.pk}/").json()["title"]
        == published_article.title
    )
    listed = api.get("/api/v1/articles/").json()["results"]
    assert [item["title"] for item in listed] == [published_article.title]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/articles/0/",
        "/api/v1/articles/999999999999999999/",
        "/api/v1/articles/99999999999999999999999/",
    ],
)
def test_ids_that_cannot_exist_are_404_in_the_error_shape(db, api, url):
    response = api.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"

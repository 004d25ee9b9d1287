"""No string in a response can close a script element: <, > and & are \\u003c, \\u003e, \\u0026
in every JSON body, stored documents included."""

import orjson
from django.core.management import call_command

from frontend_api.models import PublishedArticle
from frontend_api.store.writer import etag_of

HOSTILE = "Back pain </script><script>alert(1)</script> & <b>more</b>"


def assert_script_safe(response):
    assert response.status_code < 500
    for char in (b"<", b">", b"&"):
        assert char not in response.content, (response.request["PATH_INFO"], char)


def test_every_article_response_escapes_html_characters(api, make_article):
    article = make_article(title=HOSTILE, summary=HOSTILE)
    center = article.get_parent().slug
    detail = api.get(f"/api/v1/articles/{article.pk}/")
    assert_script_safe(detail)
    assert b"\\u003c/script\\u003e" in detail.content
    data = detail.json()
    assert data["title"] == HOSTILE and data["json_ld"]["headline"] == HOSTILE
    for url in (
        "/api/v1/articles/",
        f"/api/v1/articles/{article.pk}/history/",
        f"/api/v1/articles/find/?path=/{center}/{article.slug}/",
        "/api/v1/",
        "/api/v1/schema/",
    ):
        assert_script_safe(api.get(url))
    assert api.get("/api/v1/articles/").json()["results"][0]["title"] == HOSTILE


def test_the_preview_escapes_html_characters(api, published_article):
    from .test_preview import draft_preview, preview

    response = preview(api, draft_preview(published_article, title=HOSTILE))
    assert_script_safe(response)
    assert response.json()["json_ld"]["name"] == HOSTILE


def test_problem_documents_escape_html_characters(db, api):
    assert_script_safe(api.get("/api/v1/articles/?%3Cscript%3E=1"))
    assert_script_safe(api.get("/api/v1/%3Cscript%3E/"))


def test_recompose_rewrites_documents_stored_before_escaping(api, make_article):
    article = make_article(title=HOSTILE)
    row = PublishedArticle.objects.get(pk=article.pk)
    raw = orjson.dumps(orjson.loads(bytes(row.detail)), option=orjson.OPT_SORT_KEYS)
    assert b"</script>" in raw
    PublishedArticle.objects.filter(pk=article.pk).update(detail=raw, etag=etag_of(raw))
    call_command("backfill_published_articles", "--recompose", stdout=None)
    assert_script_safe(api.get(f"/api/v1/articles/{article.pk}/"))
    call_command("verify_published")

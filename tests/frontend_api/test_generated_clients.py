"""Generated clients against a live server: every endpoint through an openapi-python-client
package generated from the served schema (typed parse of real responses, errors included), an
older client that meets a body block type it does not know, and openapi-typescript types that
real responses must satisfy under ``tsc --strict`` (when Node and npm are present)."""

import json
import subprocess
from copy import deepcopy

import httpx
import pytest
from pytest_django.live_server_helper import LiveServer

from tests.factories import signed_off_translation, treatment_tier

from .clients import free_client_port, python_client, typescript_tools
from .test_preview import unsaved_draft
from .test_schemathesis import EVERY_TEXT_BLOCK

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # Generating clients and type-checking (tsc) take a minute; what they check (the served
    # schema against real responses) does not depend on the database.
    pytest.mark.end_to_end,
]
CONTENT_TYPE = "health_content.treatmentarticlepage"


@pytest.fixture
def server(settings):
    settings.FRONTEND_API = {**settings.FRONTEND_API, "THROTTLE_RATE": None}
    live = LiveServer(f"127.0.0.1:{free_client_port()}")
    yield live.url
    live.stop()


@pytest.fixture
def content(make_article):
    first = make_article(title="Physical therapy")
    block = {"type": "related_articles", "value": {"heading": "See also", "articles": [first.pk]}}
    second = make_article(
        title="Medicines", body=[*EVERY_TEXT_BLOCK, treatment_tier(refs="1"), block]
    )
    token = second.get_latest_revision_as_object().create_page_preview().token
    new_token = unsaved_draft(second.get_parent(), "New page").create_page_preview().token
    spanish = signed_off_translation(second, title="Medicamentos")
    return {"article": second, "center": second.get_parent().slug, "token": token,
            "new_token": new_token, "spanish": spanish}  # fmt: skip


def connect(gen, server: str, **headers):
    """A generated client that raises on any status the schema does not document. Connections
    close after each answer, so none is left open when the server stops."""
    headers = {"Connection": "close", **headers}
    return gen.Client(base_url=server, raise_on_unexpected_status=True, headers=headers)


def served_schema(server: str) -> dict:
    return httpx.get(f"{server}/api/v1/schema/", headers={"Connection": "close"}).json()


def test_every_endpoint_parses_typed_through_the_generated_python_client(server, content):
    gen = python_client(served_schema(server), "health_api_client")
    op, models = gen.operation, gen.models
    client = connect(gen, server)
    article, center = content["article"], content["center"]

    root = op("default", "api_root").sync(client=client)
    assert isinstance(root, models.ApiRoot) and root.schema.endswith("/api/v1/schema/")

    page = op("articles", "articles_list").sync(client=client, page_size=1)
    assert isinstance(page, models.ArticlePage)
    assert isinstance(page.results[0], models.ArticleSummary) and page.next_ is not None
    assert isinstance(page.results[0].review_status, models.ReviewStatusEnum)

    detail = op("articles", "articles_retrieve").sync(id=article.pk, client=client)
    assert isinstance(detail, models.Article) and detail.title == "Medicines"
    kinds = {type(block).__name__ for block in detail.body}
    assert {"SectionBlock", "TreatmentFactorsBlock", "CalloutBlock", "TreatmentTierBlock",
            "RelatedArticlesBlock"} <= kinds  # fmt: skip
    assert "OtherBlock" not in kinds
    # Every approving reviewer and the authors, typed (issue 20).
    [signer] = detail.reviewers
    assert isinstance(signer, models.ApprovingReviewer) and signer.order == 1
    assert signer.specialty == "Internal medicine" and signer.conflict_of_interest_declared is False
    assert isinstance(detail.authors, list)
    assert isinstance(page.results[0].reviewers[0], models.ReviewerSummary)

    found = op("articles", "articles_find").sync(client=client, path=f"/{center}/{article.slug}/")
    assert isinstance(found, models.Article) and found.id == article.pk
    # Locales (issue 21): the list and find in Spanish, the translations typed.
    spanish = content["spanish"]
    es = models.ArticlesListLocale("es")
    in_spanish = op("articles", "articles_list").sync(client=client, locale=es)
    assert [item.id for item in in_spanish.results] == [spanish.pk]
    assert in_spanish.results[0].locale == "es"
    found_es = op("articles", "articles_find").sync(
        client=client, path=f"/{center}/{spanish.slug}/", locale=models.ArticlesFindLocale("es")
    )
    assert found_es.id == spanish.pk and found_es.translation_follows.original_id == article.pk
    [translation] = detail.translations
    assert isinstance(translation, models.Translation) and translation.locale == "es"
    history = op("articles", "articles_history").sync(id=article.pk, client=client)
    assert isinstance(history, models.ArticleHistory) and history.versions
    centers = op("health_centers", "health_centers_list").sync(client=client)
    assert isinstance(centers, models.HealthCenterList)
    one = op("health_centers", "health_centers_retrieve").sync(slug=center, client=client)
    assert isinstance(one, models.HealthCenter) and one.slug == center

    draft = op("preview", "preview_retrieve").sync(
        client=client, content_type=CONTENT_TYPE, token=content["token"]
    )
    assert isinstance(draft, models.Preview) and draft.id == article.pk
    new = op("preview", "preview_retrieve").sync(
        client=client, content_type=CONTENT_TYPE, token=content["new_token"]
    )
    assert isinstance(new, models.Preview) and new.id is None


def test_errors_parse_as_problems_through_the_generated_python_client(server, content):
    gen = python_client(served_schema(server), "health_api_client")
    op, models = gen.operation, gen.models
    client = connect(gen, server)
    article, center = content["article"], content["center"]

    missing = op("articles", "articles_retrieve").sync_detailed(id=10**17, client=client)
    assert missing.status_code == 404 and isinstance(missing.parsed, models.Problem)
    past_end = op("articles", "articles_list").sync_detailed(client=client, page=500)
    assert past_end.status_code == 404 and isinstance(past_end.parsed, models.Problem)
    assert isinstance(past_end.parsed.errors[0], models.ParameterError)
    moved = op("articles", "articles_find").sync_detailed(
        client=client, path=f"/{center}/{article.slug}"
    )
    assert moved.status_code == 301 and moved.headers["Location"].endswith(f"{article.slug}/")

    first = op("articles", "articles_retrieve").sync_detailed(id=article.pk, client=client)
    conditional = connect(gen, server, **{"If-None-Match": first.headers["ETag"]})
    assert op("articles", "articles_retrieve").sync_detailed(
        id=article.pk, client=conditional
    ).status_code == 304  # fmt: skip
    stale = connect(gen, server, **{"If-Match": '"an-old-version"'})
    failed = op("articles", "articles_retrieve").sync_detailed(id=article.pk, client=stale)
    assert failed.status_code == 412 and isinstance(failed.parsed, models.Problem)


def without_block(schema: dict, name: str) -> dict:
    """The schema as it was before the block type ``name`` existed."""
    older = deepcopy(schema)
    body = older["components"]["schemas"]["BodyBlock"]
    body["anyOf"] = [ref for ref in body["anyOf"] if not ref["$ref"].endswith(f"/{name}")]
    return older


def test_a_client_that_does_not_know_a_new_block_type_still_parses_the_article(server, content):
    # A client generated before callouts existed meets one in a live article.
    older = python_client(without_block(served_schema(server), "CalloutBlock"), "older_client")
    client = connect(older, server)
    article = content["article"]
    detail = older.operation("articles", "articles_retrieve").sync(id=article.pk, client=client)
    models = older.models
    unknown = [block for block in detail.body if isinstance(block, models.OtherBlock)]
    assert [block.type_ for block in unknown] == ["callout"]
    assert unknown[0].value["kind"] == "red_flags"
    assert any(isinstance(block, models.SectionBlock) for block in detail.body)


TYPESCRIPT_CHECK = """import type {{ components }} from "./schema";
type Schemas = components["schemas"];
export const root: Schemas["ApiRoot"] = {root};
export const page: Schemas["ArticlePage"] = {page};
export const article: Schemas["Article"] = {article};
export const history: Schemas["ArticleHistory"] = {history};
export const centers: Schemas["HealthCenterList"] = {centers};
export const preview: Schemas["Preview"] = {preview};
export const newPage: Schemas["Preview"] = {new_page};
export const notFound: Schemas["Problem"] = {not_found};
export const badQuery: Schemas["Problem"] = {bad_query};
"""


def test_real_responses_satisfy_the_openapi_typescript_types_under_strict_tsc(
    server, content, tmp_path
):
    tools = typescript_tools()
    if tools is None:
        pytest.skip("Node and npm are not installed (CI installs Debian's nodejs and npm)")
    (tmp_path / "openapi.json").write_text(json.dumps(served_schema(server)))
    generate = [str(tools / "openapi-typescript"), "openapi.json", "-o", "schema.ts"]
    result = subprocess.run(generate, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    article, center = content["article"], content["center"]
    query = f"content_type={CONTENT_TYPE}&token="
    urls = {
        "root": "/api/v1/",
        "page": "/api/v1/articles/",
        "article": f"/api/v1/articles/{article.pk}/",
        "history": f"/api/v1/articles/{article.pk}/history/",
        "centers": "/api/v1/health-centers/",
        "preview": f"/api/v1/preview/?{query}{content['token']}",
        "new_page": f"/api/v1/preview/?{query}{content['new_token']}",
        "not_found": f"/api/v1/articles/find/?path=/{center}/nothing/",
        "bad_query": "/api/v1/articles/?page=0",
    }
    close = {"Connection": "close"}
    bodies = {name: httpx.get(f"{server}{url}", headers=close).text for name, url in urls.items()}
    (tmp_path / "check.ts").write_text(TYPESCRIPT_CHECK.format(**bodies))
    tsc = [str(tools / "tsc"), "--strict", "--noEmit", "--target", "es2022", "check.ts"]
    result = subprocess.run(tsc, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr

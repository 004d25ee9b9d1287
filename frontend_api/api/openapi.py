"""OpenAPI documentation: response shapes, the error shape, the schema and docs views, and the
drf-spectacular settings those views apply to themselves (``SCHEMA_SETTINGS``).

The views build their JSON as plain data (it is cached as bytes); these serializers only
describe it for drf-spectacular. The schemathesis test checks live responses against them,
so a drift between the two fails the suite.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.settings import patched_settings
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import serializers

from review_workflow.contract import DRAFT_STATUSES, REVIEW_STATUSES

from ..safe_json import escape
from .openapi_blocks import BODY_BLOCK, ImageSerializer
from .policies import ApiPolicies, RevalidatedDocument

PROBLEM_MEDIA_TYPE = "application/problem+json"
TITLE = "Health content API"


def review_status_field(**kwargs) -> serializers.ChoiceField:
    options = {
        "help_text": "Whether the medical review is current, due soon or overdue today: it "
        "changes with the date alone, and the ETag with it.",
        **kwargs,
    }
    return serializers.ChoiceField(choices=list(REVIEW_STATUSES), **options)


class ParameterErrorSerializer(serializers.Serializer):
    """One rejected query parameter and why."""

    parameter = serializers.CharField()
    detail = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details: the one error shape of the API."""

    type = serializers.CharField(help_text="Always 'about:blank': the status says it all.")
    title = serializers.CharField(help_text="The HTTP reason phrase.")
    status = serializers.IntegerField()
    detail = serializers.CharField(help_text="What went wrong, for a developer.")
    instance = serializers.CharField(help_text="The path that was requested.")
    errors = ParameterErrorSerializer(
        many=True, required=False, help_text="With 400s: each bad parameter."
    )


class ReviewerSerializer(serializers.Serializer):
    """The medical reviewer whose approval completed the review of the live version (the last
    to sign; snapshot at sign-off). Kept for clients from before ``reviewers``, which names
    every approving reviewer."""

    name = serializers.CharField()
    credentials = serializers.CharField()
    signed_at = serializers.DateTimeField()


class ApprovingReviewerSerializer(serializers.Serializer):
    """One approving reviewer of the live version, as recorded when they signed."""

    order = serializers.IntegerField(
        help_text="Place among the version's approvals: 1 signed first; the last one "
        "completed the review (the one `reviewed_by` names)."
    )
    name = serializers.CharField()
    credentials = serializers.CharField()
    specialty = serializers.CharField(
        allow_blank=True, help_text="The reviewer's specialty as readers read it, e.g. "
        "'Orthopaedics'; empty when none was recorded."
    )  # fmt: skip
    signed_at = serializers.DateTimeField()
    conflict_of_interest_declared = serializers.BooleanField(
        allow_null=True,
        help_text="Whether the reviewer declared a conflict of interest when signing (the "
        "declaration itself is not published); null: not recorded (an imported past review).",
    )


class ReviewerSummarySerializer(serializers.Serializer):
    """An approving reviewer, as a list item names them."""

    name = serializers.CharField()
    credentials = serializers.CharField()
    specialty = serializers.CharField(allow_blank=True)


class AuthorSerializer(serializers.Serializer):
    """Who wrote the live version: an editor, or the site's configured byline."""

    name = serializers.CharField()
    type = serializers.ChoiceField(
        choices=["person", "organization"],
        help_text="person: an editor who wrote the version; organization: the byline the site "
        "credits instead (FRONTEND_API['AUTHOR_BYLINE']).",
    )


TRANSLATION_STATUSES = ["current", "outdated"]


def locale_field(**kwargs) -> serializers.CharField:
    return serializers.CharField(
        help_text="The article's language: its locale's language code, e.g. 'en', 'es'.", **kwargs
    )


def translation_status_field(**kwargs) -> serializers.ChoiceField:
    options = {
        "allow_null": True,
        "help_text": "A translation's: current (it follows its original's newest version) or "
        "outdated (the original has a newer version since it was signed off); null for an "
        "original.",
        **kwargs,
    }
    return serializers.ChoiceField(choices=TRANSLATION_STATUSES, **options)


class TranslationSerializer(serializers.Serializer):
    """Another language's served version of the same article (never an unsigned one)."""

    id = serializers.IntegerField()
    locale = locale_field()
    title = serializers.CharField()
    url_path = serializers.CharField(help_text="Path in its locale's tree (find it with `locale`).")
    api_path = serializers.CharField(allow_null=True, help_text="e.g. /api/v1/articles/42/")
    translation_status = translation_status_field()


class TranslationFollowsSerializer(serializers.Serializer):
    """Which version of its original a translation was signed off against."""

    original_id = serializers.IntegerField(help_text="The original article's id.")
    version = serializers.IntegerField(help_text="The original's version it follows.")
    outdated_since = serializers.DateTimeField(
        allow_null=True, help_text="When the original's first newer version was published."
    )


class HealthCenterRefSerializer(serializers.Serializer):
    """The health center an article belongs to."""

    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()


class ArticleSummarySerializer(serializers.Serializer):
    """An article in a list."""

    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    url_path = serializers.CharField(
        allow_null=True, help_text="Path on the site, e.g. /back-pain/rest/"
    )
    health_center = HealthCenterRefSerializer()
    last_updated = serializers.DateField(allow_null=True)
    last_reviewed = serializers.DateField(allow_null=True)
    next_review_due = serializers.DateField(allow_null=True)
    reviewed_by = ReviewerSerializer(allow_null=True)
    reviewers = ReviewerSummarySerializer(
        many=True, help_text="Every approving reviewer of the live version, in order of signing."
    )
    review_status = review_status_field()
    locale = locale_field()
    translation_status = translation_status_field()
    excerpt = serializers.CharField(
        required=False,
        help_text="With `search` only: a short excerpt of the article where the words matched "
        "(about 24 words, fragments joined by ' … '). HTML-escaped text whose only markup is "
        "`<mark>` and `</mark>` around each matched word; insert it as HTML as it is.",
    )


class CenterCountSerializer(serializers.Serializer):
    """How many articles of one health center the search finds."""

    slug = serializers.CharField()
    title = serializers.CharField()
    count = serializers.IntegerField()


class SearchFacetsSerializer(serializers.Serializer):
    """Counts of the search's matches, by health center."""

    health_center = CenterCountSerializer(
        many=True,
        help_text="Every health center with matches, most matches first. The counts apply "
        "every filter but `health_center` itself, so a front end can offer the other centers.",
    )


class SearchSuggestionSerializer(serializers.Serializer):
    """A "did you mean" suggestion: the query with misspelt words corrected."""

    query = serializers.CharField(help_text="The corrected query, e.g. 'physiotherapy'.")
    searched = serializers.BooleanField(
        help_text="True: the reader's query found nothing, so these results are the "
        "suggestion's (say 'Showing results for …'). False: the results are the reader's "
        "query's; offer the suggestion as a link."
    )


class SearchInfoSerializer(serializers.Serializer):
    """What a search adds to the page."""

    count = serializers.IntegerField(help_text="How many articles match (every filter applied).")
    facets = SearchFacetsSerializer()
    suggestion = SearchSuggestionSerializer(
        allow_null=True,
        help_text="Given when the query finds fewer than 3 articles and a closer word finds "
        "one the reader may read; null otherwise.",
    )


class ArticlePageSerializer(serializers.Serializer):
    """A page of articles. Follow ``next`` until it is null; a search also says how many
    articles match (``search.count``)."""

    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    search = SearchInfoSerializer(
        required=False, help_text="With `search` only: the count, facets and any suggestion."
    )
    results = ArticleSummarySerializer(many=True)


class ReferenceSerializer(serializers.Serializer):
    """A numbered citation; treatment options cite it by ``number``."""

    number = serializers.IntegerField()
    text = serializers.CharField()
    url = serializers.CharField(allow_blank=True)
    doi = serializers.CharField(allow_blank=True)
    pubmed_id = serializers.CharField(allow_blank=True)


class SourceSerializer(serializers.Serializer):
    """Who the content comes from."""

    name = serializers.CharField()
    attribution = serializers.CharField()
    url = serializers.CharField(allow_blank=True)


class DisclaimerSerializer(serializers.Serializer):
    """The medical disclaimer shown under the article, with its version."""

    title = serializers.CharField()
    text = serializers.CharField()
    version = serializers.IntegerField()


class ReviewDatesSerializer(serializers.Serializer):
    """The review facts as the render function gives them."""

    last_reviewed = serializers.DateField(allow_null=True)
    next_review_due = serializers.DateField(allow_null=True)
    last_updated = serializers.DateField(allow_null=True)


class LinkSerializer(serializers.Serializer):
    """A titled link to a page on the site."""

    title = serializers.CharField()
    url_path = serializers.CharField(allow_null=True)


class RelatedArticleSerializer(LinkSerializer):
    """A related article that is live and served by this API."""

    id = serializers.IntegerField()


class ArticleSerializer(serializers.Serializer):
    """A whole article: content, review facts, place on the site, links and JSON-LD."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    slug = serializers.CharField()
    summary = serializers.CharField()
    condition = serializers.CharField()
    hero_image = ImageSerializer(allow_null=True)
    body = BODY_BLOCK
    references = ReferenceSerializer(many=True)
    source = SourceSerializer(allow_null=True)
    disclaimer = DisclaimerSerializer()
    review = ReviewDatesSerializer()
    url_path = serializers.CharField(allow_null=True)
    health_center = HealthCenterRefSerializer()
    last_updated = serializers.DateField(allow_null=True)
    last_reviewed = serializers.DateField(allow_null=True)
    next_review_due = serializers.DateField(allow_null=True)
    reviewed_by = ReviewerSerializer(allow_null=True)
    reviewers = ApprovingReviewerSerializer(
        many=True,
        help_text="Every approving reviewer of the live version, in order of signing (empty in "
        "a preview).",
    )
    authors = AuthorSerializer(many=True, help_text="Who wrote the live version.")
    published_at = serializers.DateTimeField(allow_null=True)
    breadcrumbs = LinkSerializer(many=True)
    related = RelatedArticleSerializer(many=True)
    json_ld = serializers.DictField(help_text="schema.org MedicalWebPage, ready for a script tag.")
    review_status = review_status_field()
    locale = locale_field()
    translations = TranslationSerializer(
        many=True,
        help_text="The other languages' served versions of this article (the original "
        "included, for a translation), by locale.",
    )
    translation_status = translation_status_field()
    translation_follows = TranslationFollowsSerializer(
        allow_null=True, help_text="A translation's original version; null for an original."
    )


class PreviewSerializer(ArticleSerializer):
    """A draft: never signed off as it stands, so review facts and reviewer are null."""

    id = serializers.IntegerField(
        allow_null=True, help_text="Null for a new page that was never saved."
    )
    preview = serializers.BooleanField()
    draft_status = serializers.ChoiceField(
        choices=list(DRAFT_STATUSES),
        help_text="Where the previewed content is in medical review.",
    )
    review_status = review_status_field(
        allow_null=True,
        help_text="The live version's review status when the previewed content "
        "is the live version; null otherwise.",
    )


class ReviewerNameSerializer(serializers.Serializer):
    """Who signed off a version, as recorded at sign-off."""

    name = serializers.CharField()
    credentials = serializers.CharField()


class PublishedVersionSerializer(serializers.Serializer):
    """One published version of an article and who signed it off."""

    version = serializers.IntegerField()
    kind = serializers.ChoiceField(
        choices=["published", "reissued"],
        help_text="published: a newly signed version; reissued: the same signed content with "
        "a new disclaimer version (or served again).",
    )
    published_at = serializers.DateTimeField()
    last_updated = serializers.DateField(allow_null=True)
    last_reviewed = serializers.DateField(allow_null=True)
    reviewed_by = ReviewerNameSerializer(allow_null=True)
    signed_at = serializers.DateTimeField(allow_null=True)


class ArticleHistorySerializer(serializers.Serializer):
    """The public review trail of an article, newest version first."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    locale = locale_field()
    review_status = review_status_field()
    versions = PublishedVersionSerializer(many=True)


class HealthCenterSerializer(serializers.Serializer):
    """A topic hub such as 'Back Pain'."""

    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()
    intro = serializers.CharField(allow_blank=True)
    url_path = serializers.CharField(allow_null=True)
    locale = serializers.CharField(help_text="Its language (a content language code).")


class HealthCenterListSerializer(serializers.Serializer):
    """All health centers of the site."""

    results = HealthCenterSerializer(many=True)


class ApiRootSerializer(serializers.Serializer):
    """Where the API's endpoints are; ``{id}`` and ``{slug}`` are filled in by the client."""

    articles = serializers.URLField()
    article = serializers.CharField(help_text="URL template with {id}.")
    article_history = serializers.CharField(help_text="URL template with {id}.")
    article_find = serializers.URLField()
    health_centers = serializers.URLField()
    health_center = serializers.CharField(help_text="URL template with {slug}.")
    preview = serializers.URLField()
    schema = serializers.URLField(help_text="This OpenAPI document.")
    docs = serializers.URLField(help_text="Interactive documentation (Swagger UI).")


def _problem(description: str) -> OpenApiResponse:
    return OpenApiResponse(ProblemSerializer, description=description)


NOT_MODIFIED = OpenApiResponse(description="Not modified: your copy (ETag/date) is current.")
COMMON_ERRORS = {
    (400, PROBLEM_MEDIA_TYPE): _problem(
        "A query parameter is unknown, repeated, malformed, out of range or holds a NUL "
        "character; `errors` names each. Also: a Host header whose port is not a TCP port."
    ),
    (405, PROBLEM_MEDIA_TYPE): _problem("Only GET, HEAD and OPTIONS; see Allow."),
    (429, PROBLEM_MEDIA_TYPE): _problem("Too many requests; see Retry-After."),
    (500, PROBLEM_MEDIA_TYPE): _problem("Server error."),
    (503, PROBLEM_MEDIA_TYPE): _problem(
        "The database is unreachable for a moment; see Retry-After."
    ),
}
NOT_FOUND = {(404, PROBLEM_MEDIA_TYPE): _problem("No such published article or page.")}
LIST_NOT_FOUND = {
    (404, PROBLEM_MEDIA_TYPE): _problem(
        "No such page of results: past the last one, or beyond the paging limit; `errors` "
        "names `page`."
    )
}
ARTICLE_ID = OpenApiParameter(
    "id",
    {"type": "integer", "minimum": 1, "maximum": 10**18 - 1},
    OpenApiParameter.PATH,
    description="The article id, in plain digits (other spellings are redirected).",
)
CENTER_SLUG = OpenApiParameter(
    "slug",
    {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
    OpenApiParameter.PATH,
    description="The health center's slug.",
)
NO_NUL = "^[^\\u0000]*$"
ISO_DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


class PublicAutoSchema(AutoSchema):
    """Operations of the anonymous public API, as the server enforces them.

    No ``security`` requirement (drf-spectacular writes ``[{}]`` for AllowAny, which makes
    generated clients ask for an authenticated client), and every free-text query parameter
    says that NUL characters are refused.
    """

    def get_auth(self):
        auths = super().get_auth()
        return [] if auths == [{}] else auths

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        for parameter in (operation or {}).get("parameters", []):
            schema = parameter.get("schema", {})
            if schema.get("type") != "string" or {"enum", "pattern"} & set(schema):
                continue
            schema["pattern"] = ISO_DATE if schema.get("format") == "date" else NO_NUL
        return operation


def api_operation(**kwargs: Any) -> Callable[[Callable], Callable]:
    """``extend_schema`` for the API's views, built on the API's own ``PublicAutoSchema``.

    drf-spectacular builds a decorated method's schema on the host's
    ``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]`` when the module is imported; a site made by
    ``wagtail start`` leaves DRF's there, which cannot document anything (the schema view
    answered 500). Starting from ours, the document needs no host setting.
    """

    def decorate(method: Callable) -> Callable:
        method.kwargs = {"schema": PublicAutoSchema}
        return extend_schema(**kwargs)(method)

    return decorate


PRECONDITION_FAILED = {
    (412, PROBLEM_MEDIA_TYPE): _problem(
        "If-Match or If-Unmodified-Since does not hold for the current representation."
    )
}
MOVED_PERMANENTLY = {
    (301, PROBLEM_MEDIA_TYPE): _problem(
        "Another spelling of a canonical URL: follow Location to the one URL of the document."
    )
}


def published(schema, not_found: dict | None = None) -> dict:
    """Responses of an endpoint that serves published content: the document, a redirect from
    another spelling of its URL, revalidation, and the problems (``not_found``: what its 404
    means, if not "no such article")."""
    return {
        200: schema,
        **MOVED_PERMANENTLY,
        304: NOT_MODIFIED,
        **PRECONDITION_FAILED,
        **COMMON_ERRORS,
        **(not_found or NOT_FOUND),
    }


OTHER_BLOCK = {
    "type": "object",
    "description": "A body block of a type added after your client was generated: skip it "
    "(or show `value` generically). Known types keep their shape; new types may be added "
    "at any time without a new API version.",
    "properties": {
        "type": {"type": "string"},
        "id": {"type": ["string", "null"]},
        "value": {},
    },
    "required": ["type", "id", "value"],
}


def open_body_blocks(result, **kwargs):
    """drf-spectacular postprocessing hook: body blocks are open to additions.

    A closed ``oneOf`` with a discriminator makes a generated client raise on the first block
    type it does not know; ``anyOf`` the known shapes or ``OtherBlock`` lets it parse known
    blocks typed and keep unknown ones as plain data.
    """
    schemas = result.get("components", {}).get("schemas", {})
    body = schemas.get("BodyBlock")
    if body and "oneOf" in body:
        schemas["OtherBlock"] = OTHER_BLOCK
        body.pop("discriminator", None)
        body["anyOf"] = [*body.pop("oneOf"), {"$ref": "#/components/schemas/OtherBlock"}]
    return result


def public_api_only(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: document this API's endpoints, not Wagtail's admin
    API, nor the document and its viewer (whatever the host's schema settings and
    ``DEFAULT_SCHEMA_CLASS``: DRF's, in a site made by ``wagtail start``, cannot inspect them)."""
    mount = reverse("frontend_api:root")  # wherever the host mounts ``frontend_api.urls``
    return [
        (path, regex, method, callback)
        for path, regex, method, callback in endpoints
        if path.startswith(mount) and not issubclass(callback.cls, SchemaView | DocsView)
    ]


class ScriptSafeOpenApiJsonRenderer(OpenApiJsonRenderer):
    """The schema as JSON with ``<``, ``>`` and ``&`` escaped, like every other API body."""

    def render(self, data, media_type=None, renderer_context=None) -> bytes:
        return escape(super().render(data, media_type, renderer_context))


# The API's drf-spectacular settings. Its schema and docs views apply them to themselves, so a
# site that installs the plugin gets this document without any SPECTACULAR_SETTINGS of its own
# (and a host's settings for other schemas cannot change it).
WEBHOOK_EVENTS = (
    "ARTICLE_PUBLISHED",
    "ARTICLE_UNPUBLISHED",
    "ARTICLE_MOVED",
    "ARTICLE_RE_REVIEW_NEEDED",
    "ARTICLE_REVIEW_STATUS_CHANGED",
    "TRANSLATION_STALE",
    "DISCLAIMER_VERSION_CHANGED",
    "AUDIT_CHECKPOINT",
)
SCHEMA_SETTINGS: dict[str, Any] = {
    "TITLE": TITLE,
    "DESCRIPTION": "Published, medically reviewed treatment articles for decoupled front ends. "
    "Errors are RFC 9457 problem documents; see docs/api.md.",
    "VERSION": "1.0.0",
    "PREPROCESSING_HOOKS": ["frontend_api.api.openapi.public_api_only"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "frontend_api.api.openapi.open_body_blocks",
    ],
    # OpenAPI 3.1 for its ``webhooks`` section: what the CMS posts to front ends.
    "OAS_VERSION": "3.1.0",
    "WEBHOOKS": [f"frontend_api.webhooks.openapi.{name}" for name in WEBHOOK_EVENTS],
}
# The docs page loads Swagger UI from drf-spectacular-sidecar's static files, never a CDN.
DOCS_SETTINGS: dict[str, Any] = {"SWAGGER_UI_DIST": "SIDECAR", "SWAGGER_UI_FAVICON_HREF": "SIDECAR"}


def schema_settings() -> dict[str, Any]:
    """``SCHEMA_SETTINGS`` with the path prefix of wherever the host mounts the API (operation
    ids and tags are named from the path after it)."""
    return {**SCHEMA_SETTINGS, "SCHEMA_PATH_PREFIX": reverse("frontend_api:root").rstrip("/")}


class SchemaView(RevalidatedDocument, ApiPolicies, SpectacularAPIView):
    """The OpenAPI 3 document, JSON by default (``?format=yaml`` for YAML)."""

    renderer_classes = [ScriptSafeOpenApiJsonRenderer, OpenApiYamlRenderer]
    authentication_classes: list = []

    @property
    def custom_settings(self) -> dict[str, Any]:
        return schema_settings()


class DocsView(RevalidatedDocument, ApiPolicies, SpectacularSwaggerSplitView):
    """Swagger UI from drf-spectacular-sidecar: no CDN, no inline script."""

    authentication_classes: list = []
    title = TITLE

    def get(self, request, *args, **kwargs):
        with patched_settings(DOCS_SETTINGS):
            return super().get(request, *args, **kwargs)

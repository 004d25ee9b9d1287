"""Query-string validation: an allow-list per endpoint, one value per name, typed values.

Each endpoint declares its parameters as a DRF serializer (which also documents them in the
OpenAPI schema). Anything the serializer does not name, any repeated name, and any NUL
character is refused before the serializer sees it, so every problem is a 400 naming the
parameter.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote_plus

from rest_framework import serializers
from wagtail.coreutils import get_content_languages

from review_workflow.contract import REVIEW_STATUSES

from ..conf import api_settings
from .problems import InvalidQuery

ORDERING_FIELDS = ("title", "last_updated", "last_reviewed")
ORDERING_CHOICES = [*ORDERING_FIELDS, *(f"-{name}" for name in ORDERING_FIELDS)]


PLAIN_NUMBER = re.compile(r"(0|[1-9][0-9]*)\Z")
PLAIN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


class PlainIntegerField(serializers.IntegerField):
    """An integer with one spelling: ASCII digits, no sign, leading zero, separator or decimals
    (``1_0``, ``٥``, ``1.0``, ``+1`` would otherwise be second URLs of the same document)."""

    default_error_messages = {
        "spelling": "Write the number in plain ASCII digits, e.g. 10 (no sign, leading zeros, "
        "spaces, separators or decimals)."
    }

    def to_internal_value(self, data):
        if isinstance(data, str) and not PLAIN_NUMBER.match(data):
            self.fail("spelling")
        return super().to_internal_value(data)


class PlainDateField(serializers.DateField):
    """A date with one spelling: YYYY-MM-DD (not the compact ISO form, not single digits)."""

    default_error_messages = {"spelling": "Write the date as YYYY-MM-DD, e.g. 2026-01-31."}

    def to_internal_value(self, value):
        if isinstance(value, str) and not PLAIN_DATE.match(value):
            self.fail("spelling")
        return super().to_internal_value(value)


def _raw_spelling_errors(request, fields) -> list[dict[str, str]]:
    """Numbers percent-encoded in the raw query string (``page=%31``) are another spelling."""
    errors = []
    for pair in request.META.get("QUERY_STRING", "").split("&"):
        name, _, value = pair.partition("=")
        field = fields.get(unquote_plus(name))
        if isinstance(field, PlainIntegerField) and value and not PLAIN_NUMBER.match(value):
            errors.append(_error(unquote_plus(name), field.error_messages["spelling"]))
    return errors


def _error(parameter: str, detail: str) -> dict[str, str]:
    return {"parameter": parameter, "detail": detail}


def _structural_errors(query, fields) -> list[dict[str, str]]:
    errors = []
    for name in query:
        if "\x00" in name:
            errors.append(_error(name.replace("\x00", "\\0"), "NUL characters are not allowed."))
        elif name not in fields:
            errors.append(_error(name, "Unknown parameter."))
        elif len(query.getlist(name)) > 1:
            errors.append(_error(name, "Give this parameter once."))
        elif "\x00" in query[name]:
            errors.append(_error(name, "NUL characters are not allowed."))
        elif query[name] == "" and not getattr(fields[name], "allow_blank", False):
            errors.append(_error(name, "Give a value, or leave the parameter out."))
    return errors


def _flatten(detail: Any) -> str:
    if isinstance(detail, list):
        return " ".join(str(item) for item in detail)
    return str(detail)


def parse_query(request, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
    """Validated query parameters, or ``InvalidQuery`` (400) naming each bad one."""
    query = request.query_params
    serializer = serializer_class(data=query)
    errors = _structural_errors(query, serializer.fields) or _raw_spelling_errors(
        request, serializer.fields
    )
    if errors:
        raise InvalidQuery(errors)
    if not serializer.is_valid():
        raise InvalidQuery([_error(name, _flatten(d)) for name, d in serializer.errors.items()])
    return {name: value for name, value in serializer.validated_data.items() if value != ""}


class PageParams(serializers.Serializer):
    """``page`` and ``page_size``, bounded by the API settings."""

    page = PlainIntegerField(
        required=False,
        min_value=1,
        max_value=10_000,
        help_text="1-based page number. A page past the last one, or beyond the paging limit "
        "(`page` × `page_size` above 10,000 items), is a 404 problem whose `errors` name `page`.",
    )
    page_size = PlainIntegerField(
        required=False,
        min_value=1,
        help_text="Items per page; default 20, at most 100 (both configurable).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The configured limit, for the schema (validate_page_size enforces it).
        self.fields["page_size"].max_value = api_settings.MAX_PAGE_SIZE

    def validate_page_size(self, value: int) -> int:
        limit = api_settings.MAX_PAGE_SIZE
        if value > limit:
            raise serializers.ValidationError(
                f"Ensure this value is less than or equal to {limit}."
            )
        return value


class LocaleField(serializers.ChoiceField):
    """A content language's code (``WAGTAIL_CONTENT_LANGUAGES``), read when the field is
    made, so the schema and the check follow the settings."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            "The language of the articles, as a content language code (e.g. `en`, `es`); "
            "default: the site's default locale. Each article names its own `locale` and its "
            "served `translations`.",
        )
        super().__init__(choices=list(get_content_languages()), **kwargs)
        self.error_messages["invalid_choice"] = (
            '"{input}" is not a language of this site: give one of '
            + ", ".join(get_content_languages())
            + "."
        )


class LocaleParams(serializers.Serializer):
    """The ``locale`` of list, find and search."""

    locale = LocaleField()


class CenterParams(serializers.Serializer):
    """The ``locale`` of the health centers."""

    locale = LocaleField(
        help_text="The language of the health centers, as a content language code (e.g. `en`, "
        "`es`): the centers of the site's page tree in that locale; default: the site's own."
    )


class ArticleListParams(LocaleParams, PageParams):
    """Filters, search and ordering of the article list."""

    health_center = serializers.SlugField(
        required=False, max_length=255, help_text="Only articles of this health center (slug)."
    )
    updated_since = PlainDateField(
        required=False, help_text="Only articles last updated on or after this date."
    )
    reviewed_since = PlainDateField(
        required=False, help_text="Only articles medically reviewed on or after this date."
    )
    search = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Full-text search (at most 200 characters by default) over what readers are "
        "served: title above condition and summary, above headings, above the body. Words "
        'all match (stemmed: "exercises" finds "exercise"); "quoted phrases" match in order; '
        "-word leaves out articles with that word; `or` between two words finds either; the "
        "last word also matches as a prefix (`physio` finds physiotherapy). Synonym groups "
        "editors keep apply. Results come by relevance unless `ordering` is given, each with "
        "an `excerpt`; the page gains `search` (count, counts per health center, a "
        '"did you mean" suggestion).',
    )
    review_status = serializers.ChoiceField(
        required=False,
        choices=list(REVIEW_STATUSES),
        help_text="Only articles whose medical review is current, due soon (within 30 days by "
        "default) or overdue, today.",
    )
    ordering = serializers.ChoiceField(
        required=False,
        choices=ORDERING_CHOICES,
        help_text="Sort key; prefix with '-' for descending. Default: -last_updated.",
    )

    def validate_search(self, value: str) -> str:
        limit = api_settings.MAX_SEARCH_LENGTH
        if len(value) > limit:
            raise serializers.ValidationError(f"Use at most {limit} characters.")
        return value.strip()


class FindParams(LocaleParams):
    """The path of an article on the site, as front ends route it, in a language."""

    path = serializers.RegexField(
        r"^/[-\w/]*$",
        max_length=500,
        help_text="The article's path on the site, e.g. /back-pain/physical-therapy/, in the "
        "page tree of `locale` (its `url_path`).",
        error_messages={"invalid": "A path starts with '/' and holds slugs separated by '/'."},
    )


class EmptyParams(serializers.Serializer):
    """Endpoints that take no query parameters."""


class PreviewParams(serializers.Serializer):
    """What Wagtail's headless preview puts in the client URL."""

    content_type = serializers.RegexField(
        r"^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$",
        max_length=200,
        help_text="app_label.model of the previewed page, e.g. health_content.treatmentarticlepage",
        error_messages={
            "invalid": "Give app_label.model, e.g. health_content.treatmentarticlepage."
        },
    )
    token = serializers.CharField(max_length=500, help_text="The preview token from the admin.")

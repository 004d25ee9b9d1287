"""Fast JSON output: orjson for documents, the same for problem documents."""

from __future__ import annotations

from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import BaseRenderer

from ..safe_json import dumps


class ORJSONRenderer(BaseRenderer):
    """Render with orjson: several times faster than the standard library, UTF-8 bytes."""

    media_type = "application/json"
    format = "json"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        return dumps(data)


class ProblemJSONRenderer(ORJSONRenderer):
    """``application/problem+json`` (RFC 9457), declared so the schema can name it."""

    media_type = "application/problem+json"


class JSONOnlyNegotiation(BaseContentNegotiation):
    """The API speaks JSON whatever the Accept header says: no 406, no browsable HTML."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type

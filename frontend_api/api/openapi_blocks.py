"""OpenAPI shapes of images and of the typed body blocks (``{"type", "id", "value"}``).

Split from ``openapi`` because there is one shape per block type of
``health_content.blocks.ArticleBodyBlock``; a test checks that none is missing.
"""

from __future__ import annotations

from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers

from health_content.blocks import CalloutBlock


class ImageSerializer(serializers.Serializer):
    """An image rendition sized for the web, with its alt text."""

    id = serializers.IntegerField()
    url = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    alt = serializers.CharField(allow_blank=True)


class SectionValueSerializer(serializers.Serializer):
    """Prose under its own heading; ``text`` is sanitised HTML."""

    heading = serializers.CharField()
    text = serializers.CharField(allow_blank=True)


class TreatmentFactorsValueSerializer(serializers.Serializer):
    """'Treatment is based on': the factors a clinician weighs."""

    intro = serializers.CharField(allow_blank=True)
    factors = serializers.ListField(child=serializers.CharField())


class TreatmentOptionSerializer(serializers.Serializer):
    """One treatment; ``reference_numbers`` point at ``references[].number``."""

    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True, help_text="Sanitised HTML.")
    evidence_note = serializers.CharField(allow_blank=True)
    reference_numbers = serializers.ListField(child=serializers.IntegerField())


class TreatmentTierValueSerializer(serializers.Serializer):
    """A tier of treatment (self-care, if it gets worse, surgery) and its options."""

    heading = serializers.CharField()
    intro = serializers.CharField(allow_blank=True, help_text="Sanitised HTML.")
    options = TreatmentOptionSerializer(many=True)
    closing_note = serializers.CharField(allow_blank=True, help_text="Sanitised HTML.")


class CalloutValueSerializer(serializers.Serializer):
    """A highlighted box; ``red_flags`` and ``see_doctor`` say when to get medical help."""

    kind = serializers.ChoiceField(choices=[kind for kind, _ in CalloutBlock.KINDS])
    kind_label = serializers.CharField()
    title = serializers.CharField()
    text = serializers.CharField(allow_blank=True, help_text="Sanitised HTML.")


class RelatedArticleLinkSerializer(serializers.Serializer):
    """A link to another article."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    url_path = serializers.CharField(allow_null=True)


class RelatedArticlesValueSerializer(serializers.Serializer):
    """Links to related articles that are served right now."""

    heading = serializers.CharField()
    articles = RelatedArticleLinkSerializer(many=True)


class ImageValueSerializer(serializers.Serializer):
    """An image in the body."""

    image = ImageSerializer(allow_null=True)
    caption = serializers.CharField(allow_blank=True)


def _block(block_type: str, value_serializer) -> type[serializers.Serializer]:
    """A ``{"type", "id", "value"}`` body block whose value has a known shape."""
    name = "".join(part.title() for part in block_type.split("_")) + "BlockSerializer"
    fields = {
        "type": serializers.ChoiceField(choices=[block_type]),
        "id": serializers.CharField(allow_null=True),
        "value": value_serializer(),
        "__doc__": f"A ``{block_type}`` body block.",
    }
    return type(name, (serializers.Serializer,), fields)


BODY_BLOCKS = {
    "section": _block("section", SectionValueSerializer),
    "treatment_factors": _block("treatment_factors", TreatmentFactorsValueSerializer),
    "treatment_tier": _block("treatment_tier", TreatmentTierValueSerializer),
    "callout": _block("callout", CalloutValueSerializer),
    "related_articles": _block("related_articles", RelatedArticlesValueSerializer),
    "image": _block("image", ImageValueSerializer),
}
BODY_BLOCK = PolymorphicProxySerializer(
    component_name="BodyBlock",
    serializers=BODY_BLOCKS,
    resource_type_field_name="type",
    many=True,
)

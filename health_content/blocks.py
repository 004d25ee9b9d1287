"""StreamField blocks of a treatment article, named for what editors write.

Every block here is rendered to plain data by ``health_content.rendering``; nothing depends on
Django templates, because the product is headless.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

# Rich text features editors may use. Kept small on purpose: every feature is something the
# sanitiser in ``richtext.py`` lets through to front ends.
PROSE_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript", "subscript"]
SECTION_FEATURES = [*PROSE_FEATURES, "h3", "h4", "blockquote", "image"]

_REFERENCE_NUMBERS = re.compile(r"^\s*\d+(\s*,\s*\d+)*\s*$")


def parse_reference_numbers(raw: str | None) -> list[int]:
    """Turn '1, 3' into [1, 3]; an empty value is no references."""
    if not raw or not raw.strip():
        return []
    if not _REFERENCE_NUMBERS.match(raw):
        raise ValueError("Reference numbers are whole numbers separated by commas, e.g. 1, 3")
    return sorted({int(part) for part in raw.split(",")})


class LabelledChoiceBlock(blocks.ChoiceBlock):
    """A choice that the admin's compare view shows by its label, not its stored value."""

    def get_comparison_class(self):
        from .compare import ChoiceLabelComparison

        return ChoiceLabelComparison


class ListItemTextBlock(blocks.CharBlock):
    """A line of text in a list. A list's items show no ``<label>`` in the admin, so the input
    carries its name itself (``aria-label``: 'Factor 1' is read as 'Factor')."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.field.widget.attrs["aria-label"] = str(self.label)


class ItemListBlock(blocks.ListBlock):
    """A list that the admin's compare view shows one item per line."""

    def get_comparison_class(self):
        from .compare import ItemListComparison

        return ItemListComparison


class ReferenceNumbersBlock(blocks.CharBlock):
    """Comma-separated numbers of entries in the article's reference list, e.g. '1, 3'."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault(
            "help_text", "Numbers of the references that support this, e.g. 1, 3. Optional."
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        try:
            numbers = parse_reference_numbers(value)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc
        if any(number < 1 for number in numbers):
            raise ValidationError("Reference numbers start at 1.")
        return value

    class Meta:
        icon = "list-ol"


class FigureBlock(blocks.StructBlock):
    """An image in the article body. Alt text is required: readers using screen readers need it."""

    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=255, help_text="Describe what the image shows for readers who cannot see it."
    )
    caption = blocks.CharBlock(required=False, max_length=255)

    class Meta:
        icon = "image"
        label = "Image"


class SectionBlock(blocks.StructBlock):
    """A section of prose under its own heading."""

    heading = blocks.CharBlock(max_length=255, help_text="Shown as a section heading.")
    text = blocks.RichTextBlock(features=SECTION_FEATURES)

    class Meta:
        icon = "doc-full"
        label = "Section"


class TreatmentFactorsBlock(blocks.StructBlock):
    """'Treatment is based on': the factors a clinician weighs when choosing treatment."""

    intro = blocks.CharBlock(
        max_length=255,
        default="Treatment is based on:",
        help_text="The sentence that introduces the list.",
    )
    factors = ItemListBlock(
        ListItemTextBlock(max_length=500, label="Factor"),
        min_num=1,
        help_text="One factor per item, e.g. 'How much your symptoms limit daily tasks.'",
    )

    class Meta:
        icon = "list-ul"
        label = "Treatment is based on"


class TreatmentOptionBlock(blocks.StructBlock):
    """One treatment within a tier: its name, what it does, and the evidence behind it."""

    name = blocks.CharBlock(max_length=255, help_text="e.g. 'Muscle relaxants'.")
    description = blocks.RichTextBlock(features=PROSE_FEATURES)
    evidence_note = blocks.TextBlock(
        required=False,
        help_text="Optional: what the evidence says, e.g. 'Little evidence shows ...'.",
    )
    reference_numbers = ReferenceNumbersBlock()

    class Meta:
        icon = "plus-inverse"
        label = "Treatment option"


class TreatmentTierBlock(blocks.StructBlock):
    """A tier of treatment, from self-care to surgery, with the options it includes."""

    heading = blocks.CharBlock(
        max_length=255, help_text="e.g. 'Treatment for mild to moderate pain'."
    )
    intro = blocks.RichTextBlock(features=PROSE_FEATURES, required=False)
    options = ItemListBlock(TreatmentOptionBlock(), min_num=1)
    closing_note = blocks.RichTextBlock(
        features=PROSE_FEATURES,
        required=False,
        help_text="Optional text after the options, e.g. a note about second opinions.",
    )

    class Meta:
        icon = "list-ol"
        label = "Treatment tier"


class CalloutBlock(blocks.StructBlock):
    """A highlighted box: red flags, when to see a doctor, a caution, or a tip."""

    KINDS = [
        ("red_flags", "Red flags"),
        ("see_doctor", "When to see a doctor"),
        ("caution", "Caution"),
        ("tip", "Tip"),
    ]

    kind = LabelledChoiceBlock(choices=KINDS, default="see_doctor")
    title = blocks.CharBlock(max_length=255)
    text = blocks.RichTextBlock(features=PROSE_FEATURES)

    class Meta:
        icon = "warning"
        label = "Callout"


class RelatedArticlesBlock(blocks.StructBlock):
    """Links to other treatment articles. Only live articles may be chosen."""

    heading = blocks.CharBlock(max_length=255, default="Related articles")
    articles = ItemListBlock(
        blocks.PageChooserBlock(page_type="health_content.TreatmentArticlePage"), min_num=1
    )

    class Meta:
        icon = "link"
        label = "Related articles"

    def clean(self, value):
        value = super().clean(value)
        drafts = [page for page in value["articles"] if page is not None and not page.live]
        if drafts:
            titles = ", ".join(f"'{page.title}'" for page in drafts)
            raise StructBlockValidationError(
                block_errors={
                    "articles": ValidationError(
                        f"Only live articles can be related; not yet published: {titles}."
                    )
                }
            )
        return value


class ArticleBodyBlock(blocks.StreamBlock):
    """The body of a treatment article."""

    section = SectionBlock()
    treatment_factors = TreatmentFactorsBlock()
    treatment_tier = TreatmentTierBlock()
    callout = CalloutBlock()
    related_articles = RelatedArticlesBlock()
    image = FigureBlock()


# Links readers follow: http(s) only (Django's URL check alone also lets ftp through).
WEB_URL = URLValidator(schemes=["http", "https"], message="Enter an http:// or https:// URL.")


class ReferenceBlock(blocks.StructBlock):
    """One numbered citation; its number is its position in the reference list."""

    text = blocks.TextBlock(help_text="The citation, e.g. authors, title, journal, year.")
    url = blocks.URLBlock(required=False, label="URL", validators=[WEB_URL])
    doi = blocks.RegexBlock(
        regex=r"^10\.\d{4,9}/\S+$",
        required=False,
        error_messages={"invalid": "A DOI looks like 10.1000/xyz123."},
        help_text="Optional DOI, e.g. 10.1056/NEJMoa1234567.",
        label="DOI",
    )
    pubmed_id = blocks.RegexBlock(
        regex=r"^\d{1,9}$",
        required=False,
        error_messages={"invalid": "A PubMed ID is a number."},
        label="PubMed ID",
    )

    class Meta:
        icon = "openquote"
        label = "Reference"


def cited_reference_numbers(body) -> list[tuple[str, int]]:
    """Every (option name, reference number) cited by a treatment option in the body."""
    cited = []
    for child in body:
        if child.block_type != "treatment_tier":
            continue
        for option in child.value["options"]:
            for number in parse_reference_numbers(option["reference_numbers"]):
                cited.append((option["name"], number))
    return cited

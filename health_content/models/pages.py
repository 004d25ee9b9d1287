"""Page types: the site home, health centers (topic hubs) and treatment articles."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpResponseRedirect
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Page
from wagtail.search import index
from wagtail_headless_preview.models import HeadlessPreviewMixin, PagePreview

from review_workflow.contract import (
    MedicallyReviewedPage,
    ReadabilityPanel,
    ReviewPolicyMixin,
    reviewed_page_models,
)

from ..blocks import WEB_URL, ArticleBodyBlock, ReferenceBlock, cited_reference_numbers
from ..conf import content_settings
from ..forms import TreatmentArticleForm
from ..required_parts import missing_parts
from ..richtext import page_path
from .site_settings import RequiredArticleParts
from .snippets import Disclaimer, DisclaimerVersion


class HeadlessPageMixin:
    """Pages of a headless site: a page URL sends the reader to the front end, not a template."""

    def serve(self, request, *args, **kwargs):
        template = content_settings.FRONTEND_URL
        return HttpResponseRedirect(template.format(path=self.url_path_on_site() or "/"))

    def url_path_on_site(self) -> str | None:
        return page_path(self)


class HealthHomePage(HeadlessPageMixin, Page):
    """The root of a health site; health centers live under it."""

    intro = models.TextField(blank=True, help_text="A sentence or two about the site.")

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["health_content.HealthCenterPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "health site home"


class HealthCenterPage(ReviewPolicyMixin, HeadlessPageMixin, Page):
    """A topic hub such as 'Back Pain' that lists its treatment articles.

    Its review policy (how many distinct reviewers approve, which specialties among them)
    applies to every article under it.
    """

    # The API serves the reviewed articles directly below a health center (``frontend_api``).
    serves_reviewed_articles = True

    intro = models.TextField(blank=True, help_text="Introduces the topic on the hub's page.")
    review_interval_months = models.PositiveSmallIntegerField(
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="How long a medical sign-off stays current for articles here, in months.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    settings_panels = [
        *Page.settings_panels,
        MultiFieldPanel(
            [FieldPanel("review_interval_months"), *ReviewPolicyMixin.review_policy_panels],
            "Medical review",
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    subpage_types = ["health_content.TreatmentArticlePage"]
    parent_page_types = ["health_content.HealthHomePage"]

    class Meta:
        verbose_name = "health center"

    @classmethod
    def clean_subpage_models(cls):
        # Any page type under medical review may live in a health center, a site's own types
        # too (if their parent_page_types allow it): the API serves them all as articles.
        return reviewed_page_models()

    def articles(self):
        return TreatmentArticlePage.objects.child_of(self).live().order_by("title")


class UniquePreviewMixin(HeadlessPreviewMixin):
    """wagtail-headless-preview with one token per preview, never shared.

    The package signs only ``id=N`` (or the parent's id) with a timestamp in whole seconds and
    stores the draft with ``update_or_create`` on the token: two previews of a page in the same
    second (two users, or two drafts) got the same token and the later draft overwrote the
    earlier one. A random nonce inside the signed identifier makes every token unique; the
    token is still signed and still expires (its timestamp is checked when it is read).
    """

    def create_page_preview(self) -> PagePreview:
        if self.pk is None:
            identifier = f"parent_id={self.get_parent().pk};page_type={self._meta.label}"
        else:
            identifier = f"id={self.pk}"
        identifier += f";nonce={secrets.token_urlsafe(16)}"
        return PagePreview.objects.create(
            token=self.get_preview_signer().sign(identifier),
            content_type=self.content_type,
            content_json=self.to_json(),
        )


class TreatmentArticlePage(MedicallyReviewedPage, UniquePreviewMixin, HeadlessPageMixin, Page):
    """A medically reviewed article on how a condition is treated.

    Adopts the review contract (``review_workflow.contract``): its reviewed content is
    ``rendering.render_article``; its hero and body images and its content source are reviewed
    dependencies; its disclaimer is legal text outside the review. Previews through the front
    end (wagtail-headless-preview) with a signed, expiring token.
    """

    reviewed_dependency_fields = {
        "health_content.ContentSource": ("name", "attribution", "url"),
        get_image_model_string(): (
            "file",
            "focal_point_x",
            "focal_point_y",
            "focal_point_width",
            "focal_point_height",
        ),
    }

    summary = models.TextField(
        help_text="The lead paragraph: what the article covers, in plain words. Required."
    )
    condition = models.CharField(
        max_length=255, help_text="The condition this article is about, e.g. 'Upper back pain'."
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_image_alt = models.CharField(
        max_length=255, blank=True, help_text="Required with a hero image: what it shows."
    )
    body = StreamField(
        ArticleBodyBlock(), help_text="Factors, treatment tiers, callouts, sections."
    )
    references = StreamField(
        [("reference", ReferenceBlock())],
        blank=True,
        help_text="Numbered in this order: the first is [1]. Treatment options cite these numbers.",
    )
    disclaimer = models.ForeignKey(
        Disclaimer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Leave empty to use the site's default disclaimer.",
    )
    source = models.ForeignKey(
        "health_content.ContentSource",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who the content comes from, shown as an attribution line.",
    )
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("condition"),
        MultiFieldPanel([FieldPanel("hero_image"), FieldPanel("hero_image_alt")], "Hero image"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("source"), FieldPanel("disclaimer")], "Attribution"),
        ReadabilityPanel(),
    ]
    reference_panels = [FieldPanel("references")]
    review_panels = [
        FieldPanel("last_reviewed", read_only=True, help_text="Set by the medical sign-off."),
        FieldPanel("next_review_due", read_only=True, help_text="Set by the medical sign-off."),
        FieldPanel(
            "last_updated", read_only=True, help_text="Moves when published content changes."
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(reference_panels, heading="References"),
            ObjectList(review_panels, heading="Review facts"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("condition"),
        index.SearchField("body"),
        index.FilterField("last_updated"),
        index.FilterField("last_reviewed"),
    ]
    parent_page_types = ["health_content.HealthCenterPage"]
    subpage_types: list[str] = []
    base_form_class = TreatmentArticleForm

    class Meta:
        verbose_name = "treatment article"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[str]] = {}
        self._check_parent(errors)
        self._check_hero_alt(errors)
        self._check_cited_references(errors)
        self._check_reference_urls(errors)
        if errors:
            raise ValidationError(errors)

    def _check_parent(self, errors: dict) -> None:
        parent = self.get_parent() if self.path else None
        if parent is not None and not issubclass(parent.specific_class, HealthCenterPage):
            errors.setdefault("__all__", []).append(
                "Treatment articles can only be placed under a health center."
            )

    def _check_hero_alt(self, errors: dict) -> None:
        if self.hero_image_id and not self.hero_image_alt.strip():
            errors.setdefault("hero_image_alt", []).append(
                "Describe the hero image for readers who cannot see it."
            )

    def _check_cited_references(self, errors: dict) -> None:
        available = len(self.references or [])
        for option_name, number in cited_reference_numbers(self.body or []):
            if number > available:
                errors.setdefault("body", []).append(
                    f"'{option_name}' cites reference [{number}], but the article has "
                    f"{available} reference{'s' if available != 1 else ''}. Add it on the "
                    "References tab or correct the number."
                )

    def _check_reference_urls(self, errors: dict) -> None:
        # The block checks what the editor types; this holds for code that sets the stream
        # data directly (an import, a script): a reference links to an http(s) page only.
        for number, child in enumerate(self.references or [], start=1):
            url = (child.value.get("url") or "") if hasattr(child.value, "get") else ""
            try:
                if url:
                    WEB_URL(url)
            except ValidationError:
                errors.setdefault("references", []).append(
                    f"Reference [{number}] links to {url[:60]!r}: only http:// and https:// "
                    "URLs are allowed."
                )

    def get_disclaimer_version(self) -> DisclaimerVersion:
        """The chosen disclaimer's current version, or the site default's, in the article's
        language (its translation there, else the default locale's)."""
        # A page never saved has no locale yet (a preview of a new page): the default's.
        language = self.locale.language_code if self.locale_id else None
        return Disclaimer.effective_version(self.disclaimer_id, language)

    def missing_required_parts(self) -> list[str]:
        """The parts this site requires that the article lacks (empty when complete)."""
        return missing_parts(
            body=self.body,
            references=self.references,
            source=self.source if self.source_id else None,
            required=RequiredArticleParts.for_page(self),
        )

    def get_reviewed_content(self) -> dict:
        """The reader-visible medical content a sign-off covers (see ``rendering``)."""
        from ..rendering import render_article

        return render_article(self)

    def get_reader_text(self, content: dict | None = None) -> str:
        """The prose readers read (title, lead, body), for the reading grade."""
        from ..rendering import reader_text

        return reader_text(content if content is not None else self.get_reviewed_content())

    def get_reviewed_dependencies(self) -> list:
        """The source and every image the reviewed content shows."""
        from ..rendering import body_images

        return [self.source, self.hero_image, *body_images(self.body)]

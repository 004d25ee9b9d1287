"""Factories for pages and snippets. Pages are placed in the tree with ``add_child``."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from wagtail.models import Page, Site

from health_content.models import (
    ContentSource,
    Disclaimer,
    HealthCenterPage,
    HealthHomePage,
    TreatmentArticlePage,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    password = factory.django.Password("pass")


class DisclaimerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Disclaimer

    title = factory.Sequence(lambda n: f"Disclaimer {n}")
    text = "Not a substitute for professional medical advice."


class ContentSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContentSource

    name = factory.Sequence(lambda n: f"Source {n}")
    attribution = "From the editorial team."
    url = "https://example.org/"


class PageFactory(factory.Factory):
    """Base for page factories: ``parent`` places the page; ``live`` defaults to True."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, parent=None, **kwargs):
        page = model_class(**kwargs)
        parent = parent or cls.default_parent()
        parent.add_child(instance=page)
        return page

    @classmethod
    def default_parent(cls) -> Page:
        raise NotImplementedError


class HealthHomePageFactory(PageFactory):
    class Meta:
        model = HealthHomePage

    title = "Health library"
    slug = factory.Sequence(lambda n: f"home-{n}")

    @classmethod
    def default_parent(cls) -> Page:
        return Page.get_first_root_node()


def site_home() -> HealthHomePage:
    """The default site's home, created and made the site root on first use."""
    home = HealthHomePage.objects.first()
    if home is None:
        home = HealthHomePageFactory()
        site = Site.objects.get(is_default_site=True)
        site.root_page = home
        site.save()
    return home


class HealthCenterPageFactory(PageFactory):
    class Meta:
        model = HealthCenterPage

    title = factory.Sequence(lambda n: f"Center {n}")
    slug = factory.Sequence(lambda n: f"center-{n}")
    intro = "A topic hub."

    @classmethod
    def default_parent(cls) -> Page:
        return site_home()


def treatment_tier(heading="Treatment for mild pain", refs="", option_name="Rest"):
    return {
        "type": "treatment_tier",
        "value": {
            "heading": heading,
            "intro": "<p>Try these first.</p>",
            "options": [
                {
                    "name": option_name,
                    "description": "<p>Rest for a day or two.</p>",
                    "evidence_note": "",
                    "reference_numbers": refs,
                }
            ],
            "closing_note": "",
        },
    }


def reference(text="Author A. A study. Journal, 2020."):
    return {"type": "reference", "value": {"text": text, "url": "", "doi": "", "pubmed_id": ""}}


class TreatmentArticlePageFactory(PageFactory):
    class Meta:
        model = TreatmentArticlePage

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "A short lead paragraph."
    condition = "Back pain"
    body = factory.LazyFunction(lambda: [treatment_tier(refs="1")])
    references = factory.LazyFunction(lambda: [reference()])

    @classmethod
    def default_parent(cls) -> Page:
        return HealthCenterPageFactory()

"""Factories for pages, snippets and reviewers. Pages are placed in the tree with ``add_child``.

Treatment articles are created as drafts (the publish guard refuses unsigned live content);
``signed_off_article`` makes one live the only way there is: a medical sign-off, then publish.
"""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Locale, Page, Site

from health_content.models import (
    ContentSource,
    Disclaimer,
    HealthCenterPage,
    HealthHomePage,
    TreatmentArticlePage,
)
from review_workflow.models import ReviewerProfile
from review_workflow.models.reviewers import REVIEWERS_GROUP
from review_workflow.publishing.decisions import publish_signed_off
from review_workflow.rules.attestation import Attestation


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


def red_flags(title="When to see a doctor"):
    return {
        "type": "callout",
        "value": {
            "kind": "red_flags",
            "title": title,
            "text": "<p>Get help at once if you have numbness or weakness.</p>",
        },
    }


def reference(text="Author A. A study. Journal, 2020."):
    return {"type": "reference", "value": {"text": text, "url": "", "doi": "", "pubmed_id": ""}}


class TreatmentArticlePageFactory(PageFactory):
    """A draft article with one saved revision (by ``author``, if given)."""

    class Meta:
        model = TreatmentArticlePage

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "A short lead paragraph."
    condition = "Back pain"
    body = factory.LazyFunction(lambda: [treatment_tier(refs="1"), red_flags()])
    references = factory.LazyFunction(lambda: [reference()])
    source = factory.LazyFunction(lambda: ContentSourceFactory())
    live = False

    @classmethod
    def _create(cls, model_class, parent=None, author=None, **kwargs):
        page = super()._create(model_class, parent=parent, **kwargs)
        page.save_revision(user=author)
        return page

    @classmethod
    def default_parent(cls) -> Page:
        return HealthCenterPageFactory()


class ReviewerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewerProfile

    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Dr Reviewer {n}")
    credentials = "MD, FACP"
    specialty = "internal_medicine"
    registration_body = "General Medical Council (UK)"
    registration_number = factory.Sequence(lambda n: f"GMC{n:07d}")
    # Far enough ahead that no test's clock reaches it unless the test means to.
    licence_expires = datetime.date(2099, 12, 31)


def reviewer(**profile_fields):
    """A user who may sign off: an active reviewer profile, in the "Medical reviewers" group."""
    profile = ReviewerProfileFactory(**profile_fields)
    profile.user.groups.add(Group.objects.get_or_create(name=REVIEWERS_GROUP)[0])
    return profile.user


def signed_off_article(parent=None, reviewer=None, **fields) -> TreatmentArticlePage:
    """A live article: created as a draft, signed off by a credentialed reviewer, published.

    Goes through the guarded path, so ``last_reviewed``, ``next_review_due`` and
    ``last_updated`` are set as for any real publication.
    """
    article = TreatmentArticlePageFactory(parent=parent, **fields)
    signer = reviewer or globals()["reviewer"]()
    publish_signed_off(
        revision=article.latest_revision, reviewer=signer, attestation=Attestation.affirmed()
    )
    return TreatmentArticlePage.objects.get(pk=article.pk)


def locale(language_code: str = "es") -> Locale:
    """The locale of a content language (created after migrate for each content language;
    made here when a test flushed it away)."""
    return Locale.objects.get_or_create(language_code=language_code)[0]


def spanish_reviewer(**profile_fields):
    """A reviewer who reviews in Spanish (and English)."""
    profile_fields.setdefault("languages", ["en", "es"])
    return reviewer(**profile_fields)


def translation_of(original, language_code: str = "es", author=None, **fields):
    """A draft translation of ``original`` in ``language_code`` (its parents translated too),
    with ``fields`` changed and one saved revision (by ``author``, if given)."""
    page = original.copy_for_translation(locale(language_code), copy_parents=True)
    fields.setdefault("title", f"{original.title} (es)")
    fields.setdefault("summary", "Un breve párrafo inicial.")
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision(user=author)
    return type(original).objects.get(pk=page.pk)


def signed_off_translation(original, language_code: str = "es", reviewer=None, **fields):
    """A live translation of ``original``, signed off by a reviewer who reads its language."""
    page = translation_of(original, language_code, **fields)
    signer = reviewer or spanish_reviewer(languages=["en", language_code])
    publish_signed_off(
        revision=page.latest_revision, reviewer=signer, attestation=Attestation.affirmed()
    )
    return type(original).objects.get(pk=page.pk)


def attestation_data(**overrides) -> dict:
    """What the sign-off form sends when every statement is ticked and no conflict declared."""
    return {
        "reviewed_whole_content": True,
        "evidence_current": True,
        "conflict_of_interest": "none",
        "conflict_details": "",
        **overrides,
    }

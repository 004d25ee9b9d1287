"""Builds the demo site: users, groups, the page tree, snippets and the demo articles.

Every step looks before it creates, so loading twice leaves the same data, and an existing
user's password is never changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Page, Site

from health_content.models import (
    ContentSource,
    HealthCenterPage,
    HealthHomePage,
    TreatmentArticlePage,
)
from review_workflow.contract import today
from review_workflow.models.reviewers import REVIEWERS_GROUP

from . import articles as demo
from . import translations as spanish
from .reviews import (
    BACK_PAIN_POLICY,
    review_history,
    sign_off_translation,
    workflow_emails_held,
)

EDITORS_GROUP = "Editors"


@dataclass(frozen=True)
class DemoUser:
    """A demo login and the group it belongs to."""

    username: str
    password: str
    group: str | None
    superuser: bool = False
    first_name: str = ""
    last_name: str = ""
    # A medical reviewer's public name and credentials (their ReviewerProfile).
    reviewer_name: str = ""
    credentials: str = ""
    specialty: str = ""
    registration: tuple[str, str] = ("", "")
    # The licence's expiry, in days from the first load (negative: already expired).
    licence_days: int = 730
    # The languages the reviewer reviews in (the default language unless given).
    languages: tuple[str, ...] = ("en",)


DEMO_USERS = [
    DemoUser("admin", "admin-demo-pass", None, superuser=True, first_name="Ada", last_name="Admin"),
    DemoUser("editor", "editor-demo-pass", EDITORS_GROUP, first_name="Erin", last_name="Editor"),
    DemoUser(
        "reviewer",
        "reviewer-demo-pass",
        REVIEWERS_GROUP,
        first_name="Rosa",
        last_name="Okafor",
        reviewer_name="Dr Rosa Okafor",
        credentials="MD, FRCP",
        specialty="general_practice",
        registration=("General Medical Council (UK)", "7012345"),
        languages=("en", "es"),
    ),
    DemoUser(
        "reviewer2",
        "reviewer2-demo-pass",
        REVIEWERS_GROUP,
        first_name="Sam",
        last_name="Lindqvist",
        reviewer_name="Dr Sam Lindqvist",
        credentials="MD, FRCS (Tr & Orth)",
        specialty="orthopaedics",
        registration=("General Medical Council (UK)", "7054321"),
    ),
    DemoUser(
        "reviewer3",
        "reviewer3-demo-pass",
        REVIEWERS_GROUP,
        first_name="Lee",
        last_name="Moreau",
        reviewer_name="Dr Lee Moreau",
        credentials="MB BS, MRCGP",
        specialty="general_practice",
        registration=("General Medical Council (UK)", "7099999"),
        licence_days=-30,
    ),
    DemoUser(
        "revisora",
        "revisora-demo-pass",
        REVIEWERS_GROUP,
        first_name="Lucía",
        last_name="Herrera",
        reviewer_name="Dra. Lucía Herrera",
        credentials="MD, especialista en Cirugía Ortopédica y Traumatología",
        specialty="orthopaedics",
        registration=("Colegio Oficial de Médicos de Madrid", "282812345"),
        languages=("es", "en"),
    ),
]
# The demo's medical reviewer: the one set of names and credentials the demo and the
# benchmark's seeded sign-offs show.
DEMO_REVIEWER = next(user for user in DEMO_USERS if user.username == "reviewer")


@dataclass
class DemoReport:
    """What a demo load created, for the command to print."""

    created: list[str] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)


def ensure_group(name: str) -> Group:
    group, _ = Group.objects.get_or_create(name=name)
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    group.permissions.add(access_admin)
    return group


def ensure_user(spec: DemoUser, report: DemoReport):
    User = get_user_model()
    user = User.objects.filter(username=spec.username).first()
    if user is None:
        user = User(
            username=spec.username,
            first_name=spec.first_name,
            last_name=spec.last_name,
            email=f"{spec.username}@example.org",
            is_staff=spec.superuser,
            is_superuser=spec.superuser,
        )
        user.set_password(spec.password)
        user.save()
        report.created.append(f"user {spec.username}")
        report.logins.append((spec.username, spec.password))
    else:
        report.logins.append((spec.username, "(existing user: password unchanged)"))
    if spec.group:
        user.groups.add(ensure_group(spec.group))
    if spec.credentials:
        ensure_reviewer_profile(user, spec)
    return user


def ensure_reviewer_profile(user, spec: DemoUser = DEMO_REVIEWER):
    """The user's reviewer profile, created from ``spec`` if missing; a profile made before
    the demo had translations gains the spec's review languages (none is ever removed)."""
    from review_workflow.models import ReviewerProfile

    body, number = spec.registration
    profile, _ = ReviewerProfile.objects.get_or_create(
        user=user,
        defaults={
            "display_name": spec.reviewer_name,
            "credentials": spec.credentials,
            "specialty": spec.specialty,
            "registration_body": body,
            "registration_number": number,
            "licence_expires": today() + timedelta(days=spec.licence_days),
            "languages": list(spec.languages),
        },
    )
    missing = [code for code in spec.languages if code not in profile.languages]
    if missing:
        profile.languages = [*profile.languages, *missing]
        profile.save(update_fields=["languages"])
    return profile


def grant_page_permissions(group: Group, page, codenames: tuple[str, ...]) -> None:
    from wagtail.models import GroupPagePermission

    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )


def ensure_page_permissions(home: HealthHomePage) -> None:
    """Editors write and submit articles; reviewers may open revisions and compare them (and
    edit, which makes them an author of that change). Neither group may publish: articles go
    live only through a medical sign-off."""
    grant_page_permissions(ensure_group(EDITORS_GROUP), home, ("add_page", "change_page"))
    grant_page_permissions(ensure_group(REVIEWERS_GROUP), home, ("change_page",))


def ensure_home(report: DemoReport) -> HealthHomePage:
    """The health site home as the default site's root, replacing Wagtail's welcome page."""
    home = HealthHomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HealthHomePage(
            title="Health library",
            slug="health-library",
            intro="Medically reviewed health information.",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        report.created.append("home page")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Health library",
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = site.site_name or "Health library"
        site.save()
        if (
            old_root.specific_class is Page
            and old_root.depth == 2
            and not old_root.get_children().exists()
        ):
            # Wagtail's stock "Welcome" page, which a headless site has no use for.
            old_root.delete()
    return home


def ensure_health_center(home: HealthHomePage, report: DemoReport) -> HealthCenterPage:
    center = HealthCenterPage.objects.child_of(home).filter(slug=demo.HEALTH_CENTER["slug"]).first()
    if center is None:
        center = HealthCenterPage(**demo.HEALTH_CENTER, **BACK_PAIN_POLICY)
        home.add_child(instance=center)
        center.save_revision().publish()
        report.created.append(f"health center {center.title}")
    return center


def ensure_source() -> ContentSource:
    source, _ = ContentSource.objects.get_or_create(name=demo.SOURCE["name"], defaults=demo.SOURCE)
    return source


def build_article(
    spec: dict, center: HealthCenterPage, source: ContentSource
) -> TreatmentArticlePage:
    related = [
        {"id": None, "value": page.pk}
        for page in TreatmentArticlePage.objects.child_of(center)
        .live()
        .filter(slug__in=spec.get("related", []))
    ]
    body = list(spec["body"])
    if related:
        body.append(
            {
                "type": "related_articles",
                "value": {"heading": "Related articles", "articles": [r["value"] for r in related]},
            }
        )
    return TreatmentArticlePage(
        title=spec["title"],
        slug=spec["slug"],
        condition=spec["condition"],
        summary=spec["summary"],
        body=body,
        references=spec["references"],
        source=source,
        live=False,
    )


def ensure_article(
    spec: dict,
    center: HealthCenterPage,
    source: ContentSource,
    editor,
    reviewers: list,
    report: DemoReport,
    spanish_reviewers: list = (),
):
    """Create the article and its review history (see ``reviews``), unless it exists."""
    if TreatmentArticlePage.objects.child_of(center).filter(slug=spec["slug"]).exists():
        return
    article = build_article(spec, center, source)
    article.owner = editor
    center.add_child(instance=article)
    review_history(article, editor, reviewers, spanish_reviewers)
    report.created.append(f"article {article.title}")


def ensure_spanish_center(center: HealthCenterPage, report: DemoReport) -> None:
    """The health center translated into Spanish (its home page becomes an alias in the Spanish
    tree, as Wagtail makes parents), unless it has a Spanish version already: the article
    translations go under it."""
    from wagtail.models import Locale

    spanish_locale = Locale.objects.filter(language_code="es").first()
    if spanish_locale is None or center.get_translation_or_none(spanish_locale) is not None:
        return
    translated = center.copy_for_translation(spanish_locale, copy_parents=True)
    for name, value in spanish.HEALTH_CENTER_ES.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    report.created.append(f"Spanish health center {translated.title}")


def ensure_seed_translation(center: HealthCenterPage, editor, spanish_reviewers, report) -> None:
    """The seed article in Spanish, signed off by two reviewers who review in Spanish, unless
    it has a Spanish translation already."""
    spec = spanish.UPPER_BACK_ES
    original = TreatmentArticlePage.objects.child_of(center).filter(slug=spec["original"]).first()
    if original is None:
        return
    translated = TreatmentArticlePage.objects.filter(
        translation_key=original.translation_key, locale__language_code="es"
    )
    if translated.exists():
        return
    sign_off_translation(original, spec, editor, spanish_reviewers)
    report.created.append(f"Spanish translation {spec['title']}")


def ensure_medical_review() -> None:
    """The "Medical review" workflow on every health center, reviewed by the reviewers group."""
    from review_workflow.publishing.workflow import ensure_medical_review_workflow

    ensure_medical_review_workflow(ensure_group(REVIEWERS_GROUP))


# Wagtail's first migration assigns this stock workflow to the root page, so every page without
# a workflow of its own (the home page, the health centers themselves) would ask "Moderators"
# for an approval nobody in the demo gives.
STOCK_WORKFLOW = "Moderators approval"


def retire_stock_workflow() -> None:
    """Deactivate Wagtail's stock "Moderators approval" workflow (and its root assignment)."""
    from wagtail.models import Workflow

    for workflow in Workflow.objects.filter(name=STOCK_WORKFLOW, active=True):
        workflow.deactivate()


def ensure_synonym_groups() -> None:
    """The demo's search synonym groups (``sciatica`` finds the back-pain articles), which
    editors may change."""
    from frontend_api.models import SynonymGroup

    for terms in demo.SYNONYM_GROUPS:
        SynonymGroup.objects.get_or_create(terms=terms)
    editors = ensure_group(EDITORS_GROUP)
    for action in ("add", "change", "delete"):
        editors.permissions.add(
            Permission.objects.get(
                content_type__app_label="frontend_api", codename=f"{action}_synonymgroup"
            )
        )


@transaction.atomic
def load_demo() -> DemoReport:
    """Create whatever part of the demo site is missing."""
    report = DemoReport()
    users = {spec.username: ensure_user(spec, report) for spec in DEMO_USERS}
    home = ensure_home(report)
    center = ensure_health_center(home, report)
    ensure_page_permissions(home)
    ensure_medical_review()
    retire_stock_workflow()
    source = ensure_source()
    reviewers = [users["reviewer"], users["reviewer2"]]
    # Both review in Spanish: a general practitioner and an orthopaedic surgeon, as the
    # centre's policy asks of every article, translations included.
    spanish_reviewers = [users["reviewer"], users["revisora"]]
    ensure_spanish_center(center, report)
    with workflow_emails_held():
        for spec in demo.ARTICLES:
            ensure_article(
                spec, center, source, users["editor"], reviewers, report, spanish_reviewers
            )
        ensure_seed_translation(center, users["editor"], spanish_reviewers, report)
    ensure_synonym_groups()
    return report

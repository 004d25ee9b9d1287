"""Outdated translations (issue 21): once a new version of the original is published, the
live translation following an older one is flagged on the dashboard, in the Reviews due
report, on its edit screen and by review_due; the site's translation policy decides what
readers get; its reviewer sees what changed in the original."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from review_workflow.admin.translations import original_changes
from review_workflow.conf import FLAG, NOINDEX, WITHDRAW
from review_workflow.contract import OUTDATED_TRANSLATION, translation_follows, translation_policy
from review_workflow.models import ArticlePublication, TranslationPolicy
from review_workflow.publishing.decisions import publish_signed_off
from review_workflow.rules.attestation import Attestation
from tests.factories import reviewer, signed_off_translation, translation_of

pytestmark = pytest.mark.django_db


def publish_new_version(article, summary="A reworded lead paragraph for the next review."):
    article.summary = summary
    revision = article.save_revision()
    publish_signed_off(revision=revision, reviewer=reviewer(), attestation=Attestation.affirmed())


def set_policy(article, policy):
    TranslationPolicy.objects.update_or_create(
        site=article.get_site(), defaults={"outdated_translations": policy}
    )


@pytest.fixture
def outdated(article):
    translation = signed_off_translation(article)
    publish_new_version(article)
    return translation


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_the_dashboard_lists_an_outdated_translation(admin_client, outdated):
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert b"Translations out of date" in response.content
    assert outdated.title.encode() in response.content


def test_the_reviews_due_report_lists_an_outdated_translation(admin_client, outdated):
    response = admin_client.get(reverse("review_workflow_reviews_due"))
    assert b"Translation out of date: follows version 1 of the original" in response.content


def test_the_edit_screen_of_an_outdated_translation_shows_the_banner(admin_client, outdated):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[outdated.pk]))
    text = " ".join(str(message) for message in response.context["messages"])
    assert "Translation out of date: it follows version 1 of the original" in text


def test_review_due_lists_an_outdated_translation(outdated):
    out = io.StringIO()
    call_command("review_due", stdout=out)
    assert f"(page {outdated.pk}, Spanish)  translation out of date" in out.getvalue()


def test_the_default_translation_policy_is_flag(article):
    assert translation_policy() == FLAG


def test_under_the_flag_policy_an_outdated_translation_stays_served(article):
    translation = signed_off_translation(article)
    publish_new_version(article)
    newest = ArticlePublication.objects.filter(page_id=translation.pk).order_by("-version")[0]
    assert newest.kind == ArticlePublication.Kind.PUBLISHED
    assert translation_follows(translation).status == OUTDATED_TRANSLATION


def test_under_the_noindex_policy_an_outdated_translation_stays_served(article):
    set_policy(article, NOINDEX)
    translation = signed_off_translation(article)
    publish_new_version(article)
    assert translation_policy() == NOINDEX
    assert translation_follows(translation).status == OUTDATED_TRANSLATION


def test_under_the_withdraw_policy_an_outdated_translation_is_withdrawn(article):
    set_policy(article, WITHDRAW)
    translation = signed_off_translation(article)
    publish_new_version(article)
    newest = ArticlePublication.objects.filter(page_id=translation.pk).order_by("-version")[0]
    assert newest.kind == ArticlePublication.Kind.WITHDRAWN
    assert "translation out of date" in newest.reason
    assert translation_follows(translation) is None


def test_the_reviewer_of_an_outdated_translation_sees_what_changed_in_the_original(outdated):
    changes = original_changes(outdated)
    assert (changes.followed.version, changes.latest.version) == (1, 2)
    assert [row.label for row in changes.changed] == ["Summary"]


def test_a_current_translation_shows_no_original_changes(article):
    assert original_changes(signed_off_translation(article)) is None


def test_a_reviewer_without_spanish_sees_why_approve_is_withheld_on_the_dashboard(
    client, article, medical_workflow, editor
):
    page = translation_of(article, author=editor)
    page.get_workflow().start(page, editor)
    english_only = reviewer(languages=["en"])
    from django.contrib.auth.models import Permission

    english_only.groups.get().permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(english_only)
    response = client.get(reverse("wagtailadmin_home"))
    assert b"which is not among your review languages" in response.content

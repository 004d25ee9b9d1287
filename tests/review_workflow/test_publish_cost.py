"""What one publish of a demo article costs: one render, and few queries, on every path.

Queries are counted in all, and those that are ours: attributed to the innermost frame of the
project's own code on the stack. Those Wagtail makes where our code hands over to it (its page
save with validation, search and reference indexes and log; the workflow's approval and
finish) are Wagtail's, whose code calls back into ours only through the signals and the finish
action: a query made there by our code counts as ours again.
"""

import io
import traceback
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from wagtail.models import Revision

from health_content import rendering
from health_content.models import TreatmentArticlePage
from review_workflow.publishing.decisions import publish_signed_off, sign_off, sign_off_revision
from review_workflow.rules.attestation import Attestation
from tests.factories import UserFactory, reviewer

PROJECT = Path(__file__).resolve().parents[2]
OUR_APPS = ("review_workflow", "frontend_api", "health_content")
# Where our code hands over to Wagtail: (module path, function).
WAGTAILS_ENTRIES = {
    ("review_workflow/publishing/service.py", "_wagtails_action"),
    ("review_workflow/publishing/service.py", "_wagtails_publish"),
    ("review_workflow/publishing/decisions.py", "_approve_task"),
    # Wagtail's ``revision.as_object()``, under the contract's override that keeps review facts.
    ("review_workflow/contract.py", "with_content_json"),
}
# The issue's bounds (#19) for each path: 80 queries in all, 25 of ours.
ISSUE_BOUNDS = (80, 25)
# What each path is held to today (measured on SQLite: approval 139/49, publish 72/25,
# scheduled 75/25; on PostgreSQL one fewer in all); the approval's is tightened as the remaining
# cuts land, until it meets the issue's too. The approval's 139th (issue 22): the sign-off
# records which live, signed version the reviewer was shown the change against.
HELD_TO = {"approval": (139, 49), "publish": (72, 25), "scheduled": (75, 25)}


class QueryLedger:
    """Counts queries, and those whose innermost project frame is in one of our apps."""

    def __init__(self):
        self.total = 0
        self.ours = 0

    def __call__(self, execute, sql, params, many, context):
        self.total += 1
        if self._ours(traceback.extract_stack()):
            self.ours += 1
        return execute(sql, params, many, context)

    @staticmethod
    def _ours(stack) -> bool:
        for frame in reversed(stack[:-1]):  # the last frame is this ledger's own
            path = Path(frame.filename)
            if PROJECT in path.parents and ".venv" not in path.parts:
                where = path.relative_to(PROJECT)
                if (where.as_posix(), frame.name) in WAGTAILS_ENTRIES:
                    return False
                return where.parts[0] in OUR_APPS
        return False


@pytest.fixture
def renders(monkeypatch):
    calls = []
    real = rendering.render_article
    monkeypatch.setattr(
        rendering, "render_article", lambda page: calls.append(page.pk) or real(page)
    )
    return calls


def _demo_original(*, translated: bool):
    """A live English demo article, with or without a live Spanish translation."""
    call_command("load_demo", stdout=open("/dev/null", "w"))
    originals = TreatmentArticlePage.objects.live().filter(locale__language_code="en")
    translated_keys = TreatmentArticlePage.objects.live().filter(locale__language_code="es")
    keys = translated_keys.values("translation_key")
    chosen = (
        originals.filter(translation_key__in=keys)
        if translated
        else originals.exclude(translation_key__in=keys)
    )
    article = chosen.order_by("pk").last()
    article.summary = "A reworded lead paragraph for the next review."
    return article


@pytest.fixture
def demo_article(db):
    """The held bounds are those of an article no translation follows (see
    ``test_outdating_a_translation_costs_one_recomposition``)."""
    return _demo_original(translated=False)


@pytest.fixture
def translated_demo_article(db):
    return _demo_original(translated=True)


def signed_revision(article):
    """A new revision of the article, signed off as the demo's Back Pain center asks: two
    approvals, one from Orthopaedics."""
    revision = article.save_revision()
    for specialty in ("general_practice", "orthopaedics"):
        sign_off_revision(
            revision=revision,
            reviewer=reviewer(specialty=specialty),
            attestation=Attestation.affirmed(),
        )
    return revision


def measure(act, renders) -> QueryLedger:
    renders.clear()
    ledger = QueryLedger()
    with connection.execute_wrapper(ledger):
        act()
    return ledger


def assert_within_bounds(ledger: QueryLedger, renders: list, article, bounds) -> None:
    assert renders == [article.pk]
    live = TreatmentArticlePage.objects.get(pk=article.pk)
    assert live.live_revision_id == live.latest_revision_id
    total, ours = bounds
    assert ledger.total <= total, (ledger.total, ledger.ours)
    assert ledger.ours <= ours, (ledger.total, ledger.ours)


def approval(article):
    """An article submitted for review, approved once; returns the act of the last approval."""
    editor = UserFactory(username="demo-editor")
    revision = article.save_revision(user=editor)
    article.get_workflow().start(article, editor)
    sign_off_revision(
        revision=revision,
        reviewer=reviewer(specialty="general_practice"),
        attestation=Attestation.affirmed(),
    )
    task_state = TreatmentArticlePage.objects.get(pk=article.pk).current_workflow_task_state
    last = reviewer(specialty="orthopaedics")
    return lambda: sign_off(
        task_state=task_state, reviewer=last, attestation=Attestation.affirmed()
    )


def publish(article):
    """What the admin's Publish (from the page listing, alone or in bulk) and a revert do."""
    revision = signed_revision(article)
    publisher = UserFactory(username="publisher", is_superuser=True)
    return lambda: revision.publish(user=publisher)


def scheduled(article):
    revision = signed_revision(article)
    past = timezone.now() - timedelta(minutes=5)
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=past)
    return lambda: call_command("publish_scheduled", stdout=io.StringIO())


PATHS = {"approval": approval, "publish": publish, "scheduled": scheduled}


@pytest.mark.parametrize("path", PATHS)
def test_a_publish_renders_once_and_stays_within_its_query_bounds(demo_article, renders, path):
    act = PATHS[path](demo_article)
    assert_within_bounds(measure(act, renders), renders, demo_article, HELD_TO[path])


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(
            "approval",
            marks=pytest.mark.xfail(
                strict=True,
                reason="#19 bound not met yet: an approval that publishes makes 138 queries, "
                "48 ours (Wagtail's approval and finish alone make about 35, its page save 40)",
            ),
        ),
        "publish",
        "scheduled",
    ],
)
def test_a_publish_meets_the_issues_query_bounds(demo_article, renders, path):
    act = PATHS[path](demo_article)
    assert_within_bounds(measure(act, renders), renders, demo_article, ISSUE_BOUNDS)


def test_signing_off_and_publishing_in_one_act_renders_once(demo_article, renders):
    revision = demo_article.save_revision()
    sign_off_revision(
        revision=revision,
        reviewer=reviewer(specialty="orthopaedics"),
        attestation=Attestation.affirmed(),
    )
    renders.clear()
    publish_signed_off(revision=revision, reviewer=reviewer(), attestation=Attestation.affirmed())
    assert renders == [demo_article.pk]


# A new version of an original outdates its live translations: the store recomposes them in the
# same transaction (their ``translation_status`` and ``translation_follows``), in one batch
# whatever their number: measured 42 more queries than the same path without a translation.
OUTDATING_A_TRANSLATION = 45


@pytest.mark.parametrize("path", ["approval", "publish"])
def test_outdating_a_translation_costs_one_recomposition(translated_demo_article, renders, path):
    act = PATHS[path](translated_demo_article)
    total, ours = HELD_TO[path]
    bounds = (total + OUTDATING_A_TRANSLATION, ours + OUTDATING_A_TRANSLATION)
    assert_within_bounds(measure(act, renders), renders, translated_demo_article, bounds)

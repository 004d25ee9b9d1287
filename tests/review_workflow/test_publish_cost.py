"""What one publish of a demo article costs: one render, and few queries of our own.

Queries are attributed to the innermost frame of the project's own code on the stack: those
made by the guard, the publication receiver and the store are ours; those Wagtail makes while
saving the page (validation, its search and reference indexes, its log) are Wagtail's, whose
code calls back into ours only through the signals.
"""

import traceback
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from health_content import rendering
from health_content.models import TreatmentArticlePage
from review_workflow.publishing.decisions import publish_signed_off, sign_off_revision
from review_workflow.rules.attestation import Attestation
from tests.factories import reviewer

PROJECT = Path(__file__).resolve().parents[2]
OUR_APPS = ("review_workflow", "frontend_api", "health_content")
# Where Wagtail's own publish is entered from our code (the page type's ``publish``).
WAGTAILS_ENTRY = PROJECT / "review_workflow" / "contract.py"


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
                return path != WAGTAILS_ENTRY and path.relative_to(PROJECT).parts[0] in OUR_APPS
        return False


@pytest.fixture
def renders(monkeypatch):
    calls = []
    real = rendering.render_article
    monkeypatch.setattr(
        rendering, "render_article", lambda page: calls.append(page.pk) or real(page)
    )
    return calls


@pytest.fixture
def demo_article(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    article = TreatmentArticlePage.objects.live().order_by("pk").last()
    article.summary = "A reworded lead paragraph for the next review."
    return article


def test_publishing_a_signed_demo_article_renders_it_once(demo_article, renders):
    revision = demo_article.save_revision()
    # The demo's Back Pain center asks for two approvals, one from Orthopaedics.
    for specialty in ("general_practice", "orthopaedics"):
        sign_off_revision(
            revision=revision,
            reviewer=reviewer(specialty=specialty),
            attestation=Attestation.affirmed(),
        )
    renders.clear()
    ledger = QueryLedger()
    with connection.execute_wrapper(ledger):
        revision.publish()
    assert renders == [demo_article.pk]
    # Ours: the article's validation (3), the guard (3, the render's source lookup included),
    # the review policy (2: the center's policy, its distinct approvals), the publication (6,
    # and 3 to append it to the audit chain; 3 more for
    # each re-review reason or withdrawal it records),
    # the place (3), related links (1), the stored row (5), its search entry (2: the entry
    # and the new words of the vocabulary) and webhooks (1, to learn nobody subscribes).
    # Wagtail's own page save, indexes and log come on top (about 47 more), whatever any
    # receiver does.
    assert ledger.ours <= 31, ledger.ours


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

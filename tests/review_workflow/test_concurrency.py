"""Two reviewers deciding the same review at the same moment: exactly one decision counts."""

import threading

import pytest
from django.db import connection

from health_content.models import TreatmentArticlePage
from review_workflow.decisions import ReviewAlreadyDecided
from review_workflow.models import MedicalSignOff
from tests.factories import TreatmentArticlePageFactory

pytestmark = pytest.mark.postgres


def decide_at_once(task_state, decisions):
    """Run each (user, action, comment) in its own thread and connection, released together."""
    barrier = threading.Barrier(len(decisions))
    outcomes = {}

    def act(user, action, comment):
        try:
            barrier.wait(timeout=10)
            task_state.task.specific.on_action(task_state, user, action, comment=comment)
            outcomes[user.username] = "decided"
        except ReviewAlreadyDecided:
            outcomes[user.username] = "already decided"
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=decision) for decision in decisions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_reviewers_at_once_yield_exactly_one_decision(
    health_center, medical_workflow, editor, rosa, sam
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no row locks and serialises all writers")
    draft = TreatmentArticlePageFactory(parent=health_center, author=editor)
    draft.get_workflow().start(draft, editor)
    state = TreatmentArticlePage.objects.get(pk=draft.pk).current_workflow_task_state
    outcomes = decide_at_once(
        state, [(rosa, "approve", ""), (sam, "reject", "Please cite the guideline.")]
    )
    assert sorted(outcomes.values()) == ["already decided", "decided"]
    assert MedicalSignOff.objects.filter(task_state_id=state.pk).count() == 1
    winner = MedicalSignOff.objects.get(task_state_id=state.pk)
    page = TreatmentArticlePage.objects.get(pk=draft.pk)
    assert page.live == winner.is_approval

"""The scheduler runs every job once per run, on one machine at a time, and logs what it did."""

import logging
import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from cms.models import ScheduledJobLease
from cms.scheduled_jobs import LEASE_NAME, give_back_lease, run_due_jobs, take_lease
from health_content.models import HealthCenterPage
from tests.factories import HealthCenterPageFactory

CALLS: list[str] = []
ENTERED = threading.Event()
RELEASE = threading.Event()


def recording_job():
    CALLS.append("recording_job")
    return "recorded"


def failing_job():
    raise RuntimeError("the job broke")


def not_installed_job():
    return None


def blocking_job():
    """Holds the run open until the test says so, to overlap a second runner with it."""
    CALLS.append("blocking_job")
    ENTERED.set()
    RELEASE.wait(timeout=30)
    return "released"


def in_thread(target, *args) -> threading.Thread:
    """Start ``target`` in a thread with its own database connection, closed when it ends."""

    def run():
        try:
            target(*args)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.fixture(autouse=True)
def fresh_calls():
    CALLS.clear()
    ENTERED.clear()
    RELEASE.clear()


@pytest.fixture
def test_jobs(settings):
    def use(*names):
        settings.CMS_SCHEDULED_JOBS = [f"{__name__}.{name}" for name in names]

    return use


@pytest.mark.django_db
def test_a_run_calls_every_configured_job_in_order(test_jobs):
    test_jobs("recording_job", "not_installed_job", "recording_job")
    results = run_due_jobs()
    assert [r.outcome for r in results] == ["done", "not installed", "done"]
    assert CALLS == ["recording_job", "recording_job"]


@pytest.mark.django_db
def test_a_failing_job_is_reported_and_the_others_still_run(test_jobs, caplog):
    test_jobs("failing_job", "recording_job")
    with caplog.at_level(logging.INFO, logger="cms.scheduled_jobs"):
        results = run_due_jobs()
    assert [(r.job, r.outcome) for r in results] == [
        ("failing_job", "failed"),
        ("recording_job", "done"),
    ]
    [failure] = [r for r in caplog.records if getattr(r, "outcome", None) == "failed"]
    assert failure.job == "failing_job" and failure.exc_info


@pytest.mark.django_db
def test_each_job_is_logged_with_its_outcome_and_output(test_jobs, caplog):
    test_jobs("recording_job")
    with caplog.at_level(logging.INFO, logger="cms.scheduled_jobs"):
        run_due_jobs()
    [record] = [r for r in caplog.records if getattr(r, "job", None) == "recording_job"]
    assert (record.outcome, record.output) == ("done", "recorded")


@pytest.mark.django_db
def test_a_run_is_skipped_while_another_runner_holds_the_lease(test_jobs):
    test_jobs("recording_job")
    assert take_lease("other-machine:1", seconds=600)
    assert run_due_jobs() is None
    assert CALLS == []


@pytest.mark.django_db
def test_a_lease_left_by_a_crashed_runner_is_taken_over_once_it_expires(test_jobs):
    test_jobs("recording_job")
    ScheduledJobLease.objects.filter(name=LEASE_NAME).update(
        holder="crashed:1", held_until=timezone.now() - timedelta(seconds=1)
    )
    assert run_due_jobs() is not None
    assert CALLS == ["recording_job"]


@pytest.mark.django_db
def test_the_lease_is_given_back_after_a_run_even_when_a_job_fails(test_jobs):
    test_jobs("failing_job")
    run_due_jobs()
    lease = ScheduledJobLease.objects.get(name=LEASE_NAME)
    assert (lease.holder, lease.held_until) == ("", None)


@pytest.mark.django_db
def test_a_runner_cannot_give_back_a_lease_it_does_not_hold():
    assert take_lease("first", seconds=600)
    give_back_lease("second")
    assert ScheduledJobLease.objects.get(name=LEASE_NAME).holder == "first"


@pytest.mark.django_db
def test_the_command_once_prints_each_job_outcome(test_jobs, capsys):
    test_jobs("recording_job", "not_installed_job")
    call_command("run_scheduled_jobs", "--once")
    assert capsys.readouterr().out.splitlines() == [
        "recording_job: done",
        "not_installed_job: not installed",
    ]


@pytest.mark.django_db
def test_the_command_says_when_it_skipped_a_run(test_jobs, capsys):
    test_jobs("recording_job")
    take_lease("other-machine:1", seconds=600)
    call_command("run_scheduled_jobs", "--once")
    assert "another runner holds" in capsys.readouterr().out


def scheduled_center(home) -> HealthCenterPage:
    """A draft health center scheduled to go live, whose go-live time has just passed."""
    center = HealthCenterPageFactory(parent=home, live=False)
    go_live = timezone.now() + timedelta(hours=1)
    center.go_live_at = go_live
    revision = center.save_revision(approved_go_live_at=go_live)
    revision.publish()  # a future go-live time schedules the revision instead of publishing it
    # Let the clock "pass" the go-live time without sleeping: move it into the past.
    passed = timezone.now() - timedelta(seconds=1)
    revision.approved_go_live_at = passed
    revision.content["go_live_at"] = passed.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    return center


@pytest.mark.django_db
def test_the_default_jobs_publish_a_page_whose_go_live_time_has_passed(home):
    center = scheduled_center(home)
    assert not HealthCenterPage.objects.get(pk=center.pk).live
    call_command("run_scheduled_jobs", "--once")
    assert HealthCenterPage.objects.get(pk=center.pk).live


@pytest.mark.django_db
def test_running_the_default_jobs_twice_changes_nothing_the_second_time(home):
    center = scheduled_center(home)
    call_command("run_scheduled_jobs", "--once")
    published = HealthCenterPage.objects.get(pk=center.pk).last_published_at
    call_command("run_scheduled_jobs", "--once")
    assert HealthCenterPage.objects.get(pk=center.pk).last_published_at == published


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runners_at_once_do_the_work_only_once(test_jobs):
    """A second runner (own database connection) starts while the first is mid-run."""
    test_jobs("blocking_job")
    first_results = []
    first = in_thread(lambda: first_results.append(run_due_jobs()))
    try:
        assert ENTERED.wait(timeout=30)
        second_results = []
        second = in_thread(lambda: second_results.append(run_due_jobs()))
        second.join(timeout=30)
    finally:
        RELEASE.set()
        first.join(timeout=30)
    assert second_results == [None]
    assert [r.outcome for r in first_results[0]] == ["done"]
    assert CALLS == ["blocking_job"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_runners_racing_for_a_free_lease_get_it_exactly_once():
    runners = 4
    barrier = threading.Barrier(runners)
    won = []

    def race(n):
        barrier.wait(timeout=30)
        won.append(take_lease(f"runner-{n}", seconds=600))

    threads = [in_thread(race, n) for n in range(runners)]
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(won) == [False] * (runners - 1) + [True]

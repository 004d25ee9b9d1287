"""Fixtures for the medical review: people with their roles, and the "Medical review" workflow."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, PageLogEntry

from review_workflow.publishing.workflow import ensure_medical_review_workflow
from tests.factories import UserFactory, reviewer

REFUSED = "review_workflow.publish_refused"


def refusals(page) -> int:
    """How many refused publishes are logged on this page."""
    return PageLogEntry.objects.filter(page_id=page.pk, action=REFUSED).count()


@pytest.fixture
def medical_workflow(health_center):
    return ensure_medical_review_workflow()


@pytest.fixture
def editor(home):
    """Writes and submits articles; cannot publish."""
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.get_or_create(
            group=group, page=home, permission=Permission.objects.get(codename=codename)
        )
    user = UserFactory(username="erin-editor")
    user.groups.add(group)
    return user


@pytest.fixture
def rosa(home):
    """A credentialed medical reviewer who may open and compare revisions but not publish."""
    user = reviewer(display_name="Dr Rosa Okafor", credentials="MD, FRCP")
    group = user.groups.get()
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.get_or_create(
        group=group, page=home, permission=Permission.objects.get(codename="change_page")
    )
    return user


@pytest.fixture
def sam(rosa):
    """A second reviewer, in the same group as ``rosa``."""
    return reviewer(display_name="Dr Sam Lindqvist", credentials="DO, FAAFP")


@pytest.fixture
def superuser(db):
    return UserFactory(username="ada-admin", is_superuser=True, is_staff=True)


class Clock:
    """'Now' for the code under test: ``django.utils.timezone.now`` returns ``moment``."""

    def __init__(self, moment):
        self.moment = moment

    def now(self):
        return self.moment

    def travel(self, **delta):
        self.moment += datetime.timedelta(**delta)

    def today(self) -> datetime.date:
        return self.moment.date()


@pytest.fixture
def clock(monkeypatch):
    """Time travel: a settable 'now' (``timezone.localdate()`` follows it)."""
    from django.utils import timezone

    moving = Clock(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC))
    monkeypatch.setattr(timezone, "now", moving.now)
    return moving


@pytest.fixture
def in_review(published_article, medical_workflow, editor, health_center):
    """The live article, edited by the editor and submitted, where two approvals are needed."""
    from health_content.models import HealthCenterPage, TreatmentArticlePage

    HealthCenterPage.objects.filter(pk=health_center.pk).update(required_approvals=2)
    page = TreatmentArticlePage.objects.get(pk=published_article.pk)
    page.summary = "Most back pain eases within six weeks with gentle movement."
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    return TreatmentArticlePage.objects.get(pk=page.pk)

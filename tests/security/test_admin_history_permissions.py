"""Revisions, page history and workflow history in the admin are only for the page's editors.

An editor who may edit one health center must not read, compare or revert the drafts of
another, nor see its workflow history: a draft can hold unreviewed medical claims.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow, WorkflowTask

from review_workflow.publishing.decisions import publish_signed_off
from tests.factories import HealthCenterPageFactory, UserFactory, reviewer

pytestmark = pytest.mark.django_db

SECRET_DRAFT_TITLE = "Unreviewed draft claim"


def editors_of(page, name: str) -> Group:
    group = Group.objects.create(name=name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=page, permission=Permission.objects.get(codename=codename)
        )
    return group


@pytest.fixture
def other_center(home):
    return HealthCenterPageFactory(parent=home, title="Neck Pain", slug="neck-pain")


@pytest.fixture
def outsider(other_center):
    """An editor with admin access and full rights on another health center only."""
    user = UserFactory(username="outsider")
    user.groups.add(editors_of(other_center, "Neck pain editors"))
    return user


@pytest.fixture
def page_editor(health_center):
    user = UserFactory(username="page-editor")
    user.groups.add(editors_of(health_center, "Back pain editors"))
    return user


@pytest.fixture
def article_history(article, page_editor):
    """The article with a live revision, a newer draft and a workflow in progress."""
    first = article.save_revision(user=page_editor)
    publish_signed_off(revision=first, reviewer=reviewer())
    article.title = SECRET_DRAFT_TITLE
    draft = article.save_revision(user=page_editor)
    workflow = Workflow.objects.create(name="Medical review (test)")
    task = GroupApprovalTask.objects.create(name="Approve")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    state = workflow.start(article, page_editor)
    return {"page": article, "first": first, "draft": draft, "state": state}


def history_urls(h) -> dict[str, str]:
    page_id = h["page"].pk
    return {
        "revisions index": reverse("wagtailadmin_pages:revisions_index", args=[page_id]),
        "view revision": reverse(
            "wagtailadmin_pages:revisions_view", args=[page_id, h["draft"].pk]
        ),
        "revert to revision": reverse(
            "wagtailadmin_pages:revisions_revert", args=[page_id, h["first"].pk]
        ),
        "compare revisions": reverse(
            "wagtailadmin_pages:revisions_compare", args=[page_id, h["first"].pk, h["draft"].pk]
        ),
        "page history": reverse("wagtailadmin_pages:history", args=[page_id]),
        "page history results": reverse("wagtailadmin_pages:history_results", args=[page_id]),
        "workflow history": reverse("wagtailadmin_pages:workflow_history", args=[page_id]),
        "workflow history detail": reverse(
            "wagtailadmin_pages:workflow_history_detail", args=[page_id, h["state"].pk]
        ),
    }


VIEWS = [
    "revisions index",
    "view revision",
    "revert to revision",
    "compare revisions",
    "page history",
    "page history results",
    "workflow history",
    "workflow history detail",
]


def refused(response) -> bool:
    """A 403, or a redirect to the admin dashboard (Wagtail's "permission denied" message)."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


@pytest.mark.parametrize("view", VIEWS)
def test_an_editor_without_edit_permission_on_the_page_is_refused(
    client, outsider, article_history, view
):
    client.force_login(outsider)
    response = client.get(history_urls(article_history)[view])
    if view == "revisions index":  # Wagtail moved it: it redirects to the page history
        assert response["Location"] == history_urls(article_history)["page history"]
        response = client.get(response["Location"])
    assert refused(response), (response.status_code, response.get("Location"))
    assert SECRET_DRAFT_TITLE.encode() not in response.content


@pytest.mark.parametrize("view", VIEWS)
def test_an_editor_of_the_page_may_open_it(client, page_editor, article_history, view):
    client.force_login(page_editor)
    response = client.get(history_urls(article_history)[view], follow=True)
    assert response.status_code == 200
    assert response.redirect_chain in ([], [(history_urls(article_history)["page history"], 302)])


@pytest.mark.parametrize("view", VIEWS)
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, article_history, view):
    response = client.get(history_urls(article_history)[view])
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_outsider_cannot_revert_the_page_by_posting(client, outsider, article_history):
    client.force_login(outsider)
    url = history_urls(article_history)["revert to revision"]
    response = client.post(url, {"title": "Hijacked", "slug": "hijacked"})
    assert response.status_code in (302, 403)
    article_history["page"].refresh_from_db()
    assert article_history["page"].get_latest_revision().pk == article_history["draft"].pk

"""Two gunicorn servers sharing PostgreSQL and Redis behave as one service.

The servers run the production settings behind a (simulated) TLS-terminating load balancer,
on 127.0.0.1:8201 and :8202, and are stopped when the module's tests end.
"""

import re
from contextlib import ExitStack

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import Permission

from review_workflow.publishing.workflow import ensure_medical_review_workflow
from tests.factories import UserFactory, reviewer
from tests.ops.servers import Client, gunicorn, production_env

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PORTS = (8201, 8202)
THROTTLE_RATE = 5  # per minute, shared by both servers through Redis
PASSWORD = "correct horse battery staple"


def can_log_in(user):
    """Give ``user`` a password the production servers can check (tests hash with MD5)."""
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    user.save(update_fields=["password"])
    return user


@pytest.fixture(scope="module")
def servers(django_db_setup, static_root, tmp_path_factory):
    """Server A and server B, both up for the module's tests."""
    from django.conf import settings

    if not settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        pytest.skip("needs Redis: run with REDIS_URL=redis://...")
    logs = tmp_path_factory.mktemp("gunicorn")
    env = production_env(static_root, API_THROTTLE_RATE=f"{THROTTLE_RATE}/minute")
    with ExitStack() as stack:
        for port in PORTS:
            stack.enter_context(gunicorn(port, env, logs / f"{port}.log"))
        yield PORTS


@pytest.fixture
def a_and_b(servers, redis_cache):
    """Fresh clients of server A and server B (throttle counts cleared)."""
    return Client(servers[0]), Client(servers[1])


def with_admin_access(user):
    for group in user.groups.all():
        group.permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def editor(home):
    """An editor who may edit (not publish) under the site home."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission

    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.get_or_create(
            group=group, page=home, permission=Permission.objects.get(codename=codename)
        )
    user = UserFactory(username="erin-editor")
    user.groups.add(group)
    return can_log_in(user)


@pytest.fixture
def article_in_review(published_article, editor):
    """A live article whose edited draft is in the medical review workflow."""
    ensure_medical_review_workflow()
    page = type(published_article).objects.get(pk=published_article.pk)
    page.title = "Rest and gentle movement (revised)"
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    return type(page).objects.get(pk=page.pk)


def title_in_api(client: Client, article_id: int) -> str:
    response = client.get(f"/api/v1/articles/{article_id}/")
    assert response.status == 200, response.body[:300]
    return response.json()["title"]


def test_a_publish_through_one_server_is_visible_in_the_api_of_the_other_at_once(
    a_and_b, article_in_review
):
    a, b = a_and_b
    old_title = title_in_api(b, article_in_review.pk)  # B has now rendered and cached it
    rosa = can_log_in(with_admin_access(reviewer(display_name="Dr Rosa Okafor", credentials="MD")))
    a.log_in(rosa.username, PASSWORD)
    state = article_in_review.current_workflow_task_state
    response = a.post(
        f"/admin/pages/workflow/action/{article_in_review.pk}/approve/{state.pk}/",
        {
            "reviewed_whole_content": "on",
            "evidence_current": "on",
            "conflict_of_interest": "none",
            "comment": "",
        },
    )
    assert response.status in (200, 302), response.body[:300]
    assert old_title != "Rest and gentle movement (revised)"
    assert title_in_api(b, article_in_review.pk) == "Rest and gentle movement (revised)"
    assert title_in_api(a, article_in_review.pk) == "Rest and gentle movement (revised)"


def test_throttling_counts_requests_across_both_servers(a_and_b, published_article):
    a, b = a_and_b
    url = f"/api/v1/articles/{published_article.pk}/"
    statuses = [(a if n % 2 == 0 else b).get(url).status for n in range(THROTTLE_RATE)]
    assert statuses == [200] * THROTTLE_RATE  # A served 3, B served 2: neither alone hit 5
    refused = b.get(url)
    assert refused.status == 429
    assert refused.headers["Content-Type"] == "application/problem+json"
    assert a.get(url).status == 429


def test_a_preview_token_made_on_one_server_works_on_the_other(a_and_b, article_in_review, editor):
    a, b = a_and_b
    a.log_in(editor.username, PASSWORD)
    page = a.get(f"/admin/pages/{article_in_review.pk}/view_draft/")
    assert page.status == 200, page.body[:300]
    token = re.search(rb"token=([^&\"']+)", page.body).group(1).decode()
    response = b.get(
        f"/api/v1/preview/?content_type=health_content.treatmentarticlepage&token={token}"
    )
    assert response.status == 200, response.body[:300]
    assert response.json()["title"] == "Rest and gentle movement (revised)"
    assert "no-store" in response.headers["Cache-Control"]


def test_an_admin_session_made_on_one_server_works_on_the_other(a_and_b, editor):
    a, b = a_and_b
    a.log_in(editor.username, PASSWORD)
    b.cookies = dict(a.cookies)
    assert b.get("/admin/").status == 200
    assert Client(b.port).get("/admin/").status == 302  # without the session: to the login

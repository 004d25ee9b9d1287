"""The webhook admin: administrators only; clear form errors; delivery log, redeliver, dashboard."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from frontend_api.webhooks.events import EventType, record_event
from frontend_api.webhooks.models import WebhookDelivery, WebhookEndpoint
from frontend_api.webhooks.signing import new_secret
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ADD = reverse("webhook_endpoints:add")
PUBLIC_URL = "https://93.184.216.34/api/cms-webhook"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="ada-admin", is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def editor_client(client):
    """A user with admin access and every permission on webhook endpoints, but no superuser."""
    user = UserFactory(username="erin-editor")
    group = Group.objects.create(name="Webhook-ish editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    group.permissions.add(*Permission.objects.filter(content_type__model="webhookendpoint"))
    user.groups.add(group)
    client.force_login(user)
    return client


def endpoint_form(**overrides) -> dict:
    return {
        "name": "Next.js site",
        "url": PUBLIC_URL,
        "events": [EventType.ARTICLE_PUBLISHED, EventType.ARTICLE_MOVED],
        "is_active": "on",
        **overrides,
    }


@pytest.fixture
def production_policy(settings):
    settings.FRONTEND_API = {**settings.FRONTEND_API, "WEBHOOK_ALLOW_PRIVATE_TARGETS": False}


def test_an_administrator_adds_an_endpoint_with_a_generated_secret(admin_client):
    response = admin_client.post(ADD, endpoint_form())
    assert response.status_code == 302
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == [EventType.ARTICLE_PUBLISHED, EventType.ARTICLE_MOVED]
    assert endpoint.secret.startswith("whsec_") and endpoint.is_active


def test_an_administrator_may_bring_their_own_secret(admin_client):
    secret = new_secret()
    admin_client.post(ADD, endpoint_form(custom_secret=secret))
    assert WebhookEndpoint.objects.get().secret == secret


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"url": "not a url"}, "url", "Enter a valid URL."),
        ({"url": "ftp://example.org/x"}, "url", "http:// or https://"),
        ({"url": "http://10.0.0.8/hook"}, "url", "public addresses only"),
        ({"url": "http://169.254.169.254/latest/"}, "url", "link-local"),
        ({"events": []}, "events", "Choose at least one event."),
        ({"events": ["article.liked"]}, "events", "Select a valid choice"),
        ({"name": ""}, "name", "This field is required."),
        ({"custom_secret": "hunter2"}, "custom_secret", "starts with 'whsec_'"),
        ({"custom_secret": "whsec_c2hvcnQ="}, "custom_secret", "24 to 64 bytes"),
    ],
)
def test_bad_input_is_a_form_error_on_its_field_not_a_500(
    admin_client, production_policy, overrides, field, message
):
    response = admin_client.post(ADD, endpoint_form(**overrides))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert not WebhookEndpoint.objects.exists()


def test_someone_who_is_not_an_administrator_cannot_see_or_add_endpoints(editor_client):
    index = editor_client.get(reverse("webhook_endpoints:index"))
    added = editor_client.post(ADD, endpoint_form())
    assert index.status_code != 200 and added.status_code != 200
    assert not WebhookEndpoint.objects.exists()


def test_someone_who_is_not_an_administrator_cannot_see_a_delivery_log(editor_client):
    endpoint = WebhookEndpoint.objects.create(name="x", url=PUBLIC_URL, events=["article.moved"])
    response = editor_client.get(reverse("webhook_delivery_log", args=[endpoint.pk]))
    assert response.status_code != 200


def test_rotating_the_secret_keeps_the_old_one_signing_for_the_overlap(admin_client):
    endpoint = WebhookEndpoint.objects.create(name="x", url=PUBLIC_URL, events=["article.moved"])
    old = endpoint.secret
    edit = reverse("webhook_endpoints:edit", args=[endpoint.pk])
    assert old in admin_client.get(edit).content.decode()
    admin_client.post(edit, endpoint_form(rotate_secret="on"))
    endpoint.refresh_from_db()
    assert endpoint.secret != old
    assert endpoint.signing_secrets() == [endpoint.secret, old]


def test_the_delivery_log_shows_each_delivery_and_redelivers_one(admin_client, settings):
    endpoint = WebhookEndpoint.objects.create(name="x", url=PUBLIC_URL, events=["article.moved"])
    event = record_event(EventType.ARTICLE_MOVED, {"article": None})
    WebhookDelivery.objects.update(status="failed", attempts=12, error="The receiver answered 500.")
    log = admin_client.get(reverse("webhook_delivery_log", args=[endpoint.pk])).content.decode()
    assert event.webhook_id in log and "Failed" in log and "answered 500" in log
    delivery = event.deliveries.get()
    response = admin_client.post(reverse("webhook_redeliver", args=[delivery.pk]))
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("pending", 0)


def test_a_redeliver_link_followed_by_get_changes_nothing(admin_client):
    WebhookEndpoint.objects.create(name="x", url=PUBLIC_URL, events=["article.moved"])
    delivery = record_event(EventType.ARTICLE_MOVED, {}).deliveries.get()
    WebhookDelivery.objects.update(status="failed")
    response = admin_client.get(reverse("webhook_redeliver", args=[delivery.pk]))
    assert response.status_code == 405
    delivery.refresh_from_db()
    assert delivery.status == "failed"


def test_failing_deliveries_show_on_an_administrators_dashboard(admin_client):
    WebhookEndpoint.objects.create(name="Static build", url=PUBLIC_URL, events=["article.moved"])
    record_event(EventType.ARTICLE_MOVED, {})
    assert (
        "Webhook deliveries failing"
        not in admin_client.get(reverse("wagtailadmin_home")).content.decode()
    )
    WebhookDelivery.objects.update(status="failed", attempts=12)
    dashboard = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Webhook deliveries failing" in dashboard and "Static build" in dashboard


def test_the_endpoint_list_links_to_each_delivery_log(admin_client):
    endpoint = WebhookEndpoint.objects.create(name="x", url=PUBLIC_URL, events=["article.moved"])
    listing = admin_client.get(reverse("webhook_endpoints:index")).content.decode()
    assert reverse("webhook_delivery_log", args=[endpoint.pk]) in listing

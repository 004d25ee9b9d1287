"""Admin wiring of the API app: webhook endpoints, their delivery logs, the failures panel."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .webhooks.admin import (
    AdministratorsOnlyPolicy,
    WebhookEndpointViewSet,
    WebhookFailuresPanel,
    admin_urls,
    is_administrator,
)
from .webhooks.models import WebhookEndpoint

register_permission_policy(WebhookEndpoint, AdministratorsOnlyPolicy(WebhookEndpoint))


@hooks.register("register_admin_viewset")
def register_webhook_endpoints():
    return WebhookEndpointViewSet()


@hooks.register("register_admin_urls")
def register_webhook_urls():
    return admin_urls()


@hooks.register("construct_homepage_panels")
def add_webhook_failures_panel(request, panels):
    if is_administrator(request.user):
        panels.append(WebhookFailuresPanel())

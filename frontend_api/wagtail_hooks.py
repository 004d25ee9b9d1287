"""Admin wiring of the API app: the "Published articles check" report, webhook endpoints with
their delivery logs, the webhook failures panel, and the search synonym groups (a snippet)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from .search.admin import SynonymGroupViewSet
from .store.admin import PublishedCheckReport
from .webhooks.admin import (
    AdministratorsOnlyPolicy,
    WebhookEndpointViewSet,
    WebhookFailuresPanel,
    admin_urls,
    is_administrator,
)
from .webhooks.models import WebhookEndpoint

register_permission_policy(WebhookEndpoint, AdministratorsOnlyPolicy(WebhookEndpoint))
register_snippet(SynonymGroupViewSet)


@hooks.register("register_reports_menu_item")
def register_published_check_menu_item():
    return MenuItem(
        "Published articles check",
        reverse("frontend_api_published_check"),
        icon_name="tick-inverse",
        order=60,
    )


@hooks.register("register_admin_urls")
def register_published_check_urls():
    return [
        path(
            "reports/published-articles-check/",
            PublishedCheckReport.as_view(),
            name="frontend_api_published_check",
        )
    ]


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

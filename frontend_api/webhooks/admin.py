"""Wagtail admin screens for webhooks, for administrators (superusers) only: the endpoints, each
endpoint's delivery log with a redeliver button, and failures on the dashboard.

Hooks that register them live in ``frontend_api.wagtail_hooks``.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from .delivery import redeliver
from .forms import WebhookEndpointEditForm, WebhookEndpointForm
from .models import WebhookDelivery, WebhookEndpoint

FAILING = Q(status=WebhookDelivery.Status.FAILED) | Q(
    status=WebhookDelivery.Status.PENDING, attempts__gt=0
)


def is_administrator(user) -> bool:
    return bool(user and user.is_active and user.is_superuser)


class AdministratorsOnlyPolicy(BasePermissionPolicy):
    """Everything about webhook endpoints (they hold secrets and reach out) is for superusers."""

    def user_has_permission(self, user, action) -> bool:
        return is_administrator(user)

    def user_has_any_permission(self, user, actions) -> bool:
        return is_administrator(user)

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(is_active=True, is_superuser=True)


class DeliveryLogColumn(Column):
    """A link to the endpoint's delivery log, with how many deliveries are failing."""

    def get_value(self, instance):
        failing = instance.deliveries.filter(FAILING).count()
        label = f"{failing} failing" if failing else "Delivery log"
        return format_html(
            '<a href="{}">{}</a>', reverse("webhook_delivery_log", args=[instance.pk]), label
        )


class WebhookEndpointViewSet(ModelViewSet):
    """Endpoints under Settings: name, URL, events, active or paused, the signing secret."""

    model = WebhookEndpoint
    name = "webhook_endpoints"
    url_prefix = "webhooks/endpoints"
    icon = "link-external"
    menu_label = "Webhook endpoints"
    add_to_settings_menu = True
    list_display = ["name", "url", "is_active", DeliveryLogColumn("log", label="Deliveries")]
    search_fields = ["name", "url"]

    def get_form_class(self, for_update: bool = False):
        return WebhookEndpointEditForm if for_update else WebhookEndpointForm

    def get_permissions_to_register(self):
        return Permission.objects.none()  # group permissions would grant nothing here


def _require_administrator(request) -> None:
    if not is_administrator(request.user):
        raise PermissionDenied


class DeliveryLogView(WagtailAdminTemplateMixin, TemplateView):
    """One endpoint's deliveries, newest first: event, attempts, status, next try, answer."""

    template_name = "frontend_api/webhooks/delivery_log.html"
    page_title = "Webhook deliveries"
    header_icon = "link-external"
    per_page = 50

    def dispatch(self, request, *args, **kwargs):
        _require_administrator(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("webhook_endpoints:index"), "label": "Webhook endpoints"},
            {
                "url": reverse("webhook_endpoints:edit", args=[self.endpoint.pk]),
                "label": self.endpoint.name,
            },
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        self.endpoint = endpoint = get_object_or_404(WebhookEndpoint, pk=self.kwargs["endpoint_id"])
        self.page_subtitle = endpoint.name
        deliveries = endpoint.deliveries.select_related("event").order_by("-created_at", "-pk")
        page = Paginator(deliveries, self.per_page).get_page(self.request.GET.get("p"))
        context = super().get_context_data(**kwargs)
        context.update(endpoint=endpoint, deliveries=page, paused=not endpoint.is_active)
        return context


@require_POST
def redeliver_view(request, delivery_id: int):
    """Send one delivery again from its first attempt (same ``webhook-id``)."""
    _require_administrator(request)
    delivery = get_object_or_404(WebhookDelivery, pk=delivery_id)
    redeliver(delivery)
    note = "" if delivery.endpoint.is_active else " It waits until the endpoint is resumed."
    messages.success(request, f"Delivery of {delivery.event.event_type} queued again.{note}")
    return redirect("webhook_delivery_log", delivery.endpoint_id)


def admin_urls() -> list:
    return [
        path(
            "webhooks/<int:endpoint_id>/deliveries/",
            DeliveryLogView.as_view(),
            name="webhook_delivery_log",
        ),
        path(
            "webhooks/deliveries/<int:delivery_id>/redeliver/",
            redeliver_view,
            name="webhook_redeliver",
        ),
    ]


class WebhookFailuresPanel(Component):
    """Dashboard panel for administrators: endpoints whose deliveries are failing."""

    name = "webhook_failures"
    template_name = "frontend_api/webhooks/failures_panel.html"
    order = 80

    def get_context_data(self, parent_context):
        endpoints = WebhookEndpoint.objects.annotate(
            failed=Count("deliveries", filter=Q(deliveries__status="failed")),
            retrying=Count(
                "deliveries", filter=Q(deliveries__status="pending", deliveries__attempts__gt=0)
            ),
        ).filter(Q(failed__gt=0) | Q(retrying__gt=0))
        return {"endpoints": list(endpoints), "request": parent_context["request"]}

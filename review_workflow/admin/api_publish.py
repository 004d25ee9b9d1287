"""The Wagtail admin API's publish action, through the publish service for reviewed pages.

Wagtail's admin API (``/admin/api/main/pages/<id>/action/publish/``) runs
``PublishPageRevisionAction`` directly: the guard checks it, but ``page_published`` names no
user, so the record and its audit entry could not say who published. Registered with Wagtail's
``construct_admin_api`` hook, this endpoint publishes a reviewed page through
``publish_signed_revision`` with the requesting user, like every other admin path; other pages
keep Wagtail's action.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from wagtail.admin.api.actions.publish import PublishPageAPIAction
from wagtail.admin.api.views import PagesAdminAPIViewSet

from ..contract import is_medically_reviewed
from ..publishing.service import publish_signed_revision


class PublishReviewedPageAPIAction(PublishPageAPIAction):
    """Wagtail's admin API publish; for a reviewed page, through the publish service."""

    def execute(self, instance, data):
        if not is_medically_reviewed(instance.specific_class):
            return super().execute(instance, data)
        user = self.request.user
        revision = instance.get_latest_revision() or instance.save_revision(user=user)
        try:
            # Wagtail's permission check runs in the service; a refusal is a 403 (the API's
            # exception handler logs it once the transaction has unwound).
            publish_signed_revision(revision, user=user)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        published = instance.specific_class.objects.get(pk=instance.pk)
        return Response(self.view.get_serializer(published).data, status=status.HTTP_200_OK)


class ReviewedPagesAdminAPIViewSet(PagesAdminAPIViewSet):
    """Wagtail's admin API pages endpoint with the publish action above."""

    actions = {**PagesAdminAPIViewSet.actions, "publish": PublishReviewedPageAPIAction}


def register(router) -> None:
    """``construct_admin_api`` hook: replace the pages endpoint's publish action."""
    router.register_endpoint("pages", ReviewedPagesAdminAPIViewSet)

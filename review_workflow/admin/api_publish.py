"""The Wagtail admin API's publish action, through the publish service for reviewed pages.

Wagtail's admin API (``/admin/api/main/pages/<id>/action/publish/``) runs
``PublishPageRevisionAction`` directly: the guard checks it, but ``page_published`` names no
user, so the record and its audit entry could not say who published. Registered with Wagtail's
``construct_admin_api`` hook, this endpoint publishes a reviewed page through
``publish_signed_revision`` with the requesting user, like every other admin path; other pages
keep Wagtail's action. Wagtail's own ``execute`` answers (the page, or its errors).
"""

from __future__ import annotations

from wagtail.admin.api.actions.publish import PublishPageAPIAction
from wagtail.admin.api.views import PagesAdminAPIViewSet

from ..contract import is_medically_reviewed
from ..publishing.service import publish_signed_revision


class PublishThroughTheService:
    """What Wagtail's API action executes for a reviewed page: the publish service, with the
    requesting user (Wagtail's permission check runs in it; a refusal is a 403 from the API's
    exception handler, which logs it once the transaction has unwound)."""

    def __init__(self, revision, user) -> None:
        self.revision, self.user = revision, user

    def execute(self) -> None:
        publish_signed_revision(self.revision, user=self.user)


class PublishReviewedPageAPIAction(PublishPageAPIAction):
    """Wagtail's admin API publish; for a reviewed page, through the publish service."""

    def _action_from_data(self, instance, data):
        if not is_medically_reviewed(instance.specific_class):
            return super()._action_from_data(instance, data)
        user = self.request.user
        revision = instance.get_latest_revision() or instance.save_revision(user=user)
        return PublishThroughTheService(revision, user)


class ReviewedPagesAdminAPIViewSet(PagesAdminAPIViewSet):
    """Wagtail's admin API pages endpoint with the publish action above."""

    actions = {**PagesAdminAPIViewSet.actions, "publish": PublishReviewedPageAPIAction}


def register(router) -> None:
    """``construct_admin_api`` hook: replace the pages endpoint's publish action."""
    router.register_endpoint("pages", ReviewedPagesAdminAPIViewSet)

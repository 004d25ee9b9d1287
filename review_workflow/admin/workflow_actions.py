"""A workflow decision applies to the page in the URL only.

Wagtail's workflow action views (``/admin/pages/workflow/action/<page>/<action>/<task state>/``
and the modal's ``collect_action_data``) check the actions the user may take on the page in the
URL, then act on whatever task state the URL names, even one of another page: an approval
attested for what page A showed would sign and publish page B. Here the task state is looked up
among the URL page's own, so another page's is a 404 and nothing is recorded.

Wagtail routes page admin views through page viewsets (``page_viewset_registry``); its base
viewset for ``Page`` is registered first (``order=-1``) so that a project's can take its place,
which this one does for every page type without a viewset of its own.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from wagtail.admin.views.pages.workflow import CollectWorkflowActionDataView, WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page, TaskState


class TaskStateOfThisPage:
    """Mixin for Wagtail's workflow form views: the task state must belong to ``self.object``."""

    def get_task_state(self):
        return get_object_or_404(
            TaskState,
            id=self.task_state_id,
            workflow_state__base_content_type=self.object.get_base_content_type(),
            workflow_state__object_id=str(self.object.pk),
        ).specific


class PageWorkflowActionView(TaskStateOfThisPage, WorkflowActionView):
    """Wagtail's workflow action, on a task state of the page in the URL only."""


class PageCollectWorkflowActionDataView(TaskStateOfThisPage, CollectWorkflowActionDataView):
    """Wagtail's action modal, for a task state of the page in the URL only."""


class PagesWithBoundDecisionsViewSet(PageViewSet):
    """Wagtail's page viewset, with the workflow action views above."""

    workflow_action_view_class = PageWorkflowActionView
    collect_workflow_action_data_view_class = PageCollectWorkflowActionDataView


pages_viewset = PagesWithBoundDecisionsViewSet(model=Page)

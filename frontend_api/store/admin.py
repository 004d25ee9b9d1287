"""The admin report of ``verify_published``: the latest checks and what they found."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from ..models import PublishedArticle, VerificationRun
from .verification import record_run, verify_store

# Above this many stored articles the check runs only from the scheduler or the command.
CHECK_NOW_LIMIT = 5_000


class PublishedCheckReport(WagtailAdminTemplateMixin, TemplateView):
    """The latest checks of the published-article store against the sign-offs, for
    administrators; small sites can run one now."""

    template_name = "frontend_api/published_check.html"
    page_title = "Published articles check"
    header_icon = "tick-inverse"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["runs"] = VerificationRun.objects.all()[:10]
        context["stored"] = PublishedArticle.objects.count()
        context["can_check_now"] = context["stored"] <= CHECK_NOW_LIMIT
        return context

    def post(self, request, *args, **kwargs):
        if PublishedArticle.objects.count() > CHECK_NOW_LIMIT:
            messages.error(request, "Too many articles to check here: run verify_published.")
            return redirect(request.path)
        started = timezone.now()
        run = record_run(verify_store(), started)
        if run.mismatches:
            messages.error(request, f"{len(run.mismatches)} articles do not match their sign-off.")
        else:
            messages.success(request, f"All {run.checked} published articles match.")
        return redirect(request.path)

"""List articles whose medical review is overdue or that need a re-review, and translations
whose original has been published again since the version they follow; optionally submit them
for review."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from review_workflow.admin.translations import outdated_translations
from review_workflow.admin.views import outdated_translation_text
from review_workflow.models import ReReviewRequest
from review_workflow.records.rereview import open_requests
from review_workflow.rules.due import reviewable_page_models
from review_workflow.rules.review_status import today as review_clock


class Command(BaseCommand):
    """``review_due`` prints overdue articles; ``--start-workflows`` submits them for review."""

    help = (
        "List live articles whose medical review is overdue or needed again, and live "
        "translations out of date with their original."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--start-workflows",
            action="store_true",
            help="Submit each overdue article (its latest revision) to its review workflow.",
        )
        parser.add_argument(
            "--user", help="Username recorded as the submitter (default: no user, 'the system')."
        )

    def handle(self, *args, **options):
        user = self.submitter(options.get("user"))
        overdue = self.overdue_pages()
        outdated = {item.page.pk: item for item in outdated_translations()}
        if not overdue and not outdated:
            self.stdout.write("No medical reviews are overdue or needed again.")
            return
        for page in overdue:
            line = f"{page.next_review_due.isoformat()}  {page.title}  (page {page.pk})"
            reasons = open_requests(page.pk)
            if reasons:
                line += f"  re-review needed: {'; '.join(reasons)}"
            item = outdated.pop(page.pk, None)
            if item is not None:
                line += f"  {outdated_translation_text(item.follows).lower()}"
            if options["start_workflows"]:
                line += f"  -> {self.start_review(page, user)}"
            self.stdout.write(line)
        for item in outdated.values():
            page = item.page.specific
            line = (
                f"{item.follows.outdated_since:%Y-%m-%d}  {page.title}  (page {page.pk}, "
                f"{item.language})  {outdated_translation_text(item.follows).lower()}"
            )
            if options["start_workflows"]:
                line += f"  -> {self.start_review(page, user)}"
            self.stdout.write(line)

    def submitter(self, username):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        return user

    def overdue_pages(self) -> list:
        """Live reviewed pages past their review date or with an open re-review request."""
        today = review_clock()
        flagged = ReReviewRequest.objects.open().values("page_id")
        pages = []
        for model in reviewable_page_models():
            due = Q(next_review_due__lt=today) | Q(pk__in=flagged)
            pages += model.objects.live().filter(due)
        return sorted(pages, key=lambda page: (page.next_review_due, page.title))

    def start_review(self, page, user) -> str:
        if page.workflow_in_progress:
            return "already in review"
        workflow = page.get_workflow()
        if workflow is None or not workflow.active:
            return "no active review workflow for this page; assign one first"
        workflow.start(page, user)
        return f"submitted to '{workflow.name}'"

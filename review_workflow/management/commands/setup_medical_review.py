"""Create the "Medical review" workflow and assign it to every health center (idempotent)."""

from django.core.management.base import BaseCommand

from review_workflow.publishing.workflow import ensure_medical_review_workflow, review_parents


class Command(BaseCommand):
    """Safe to run on every deploy: it only adds what is missing."""

    help = 'Ensure the "Medical review" workflow exists and covers every health center.'

    def handle(self, *args, **options):
        workflow = ensure_medical_review_workflow()
        self.stdout.write(
            f"Workflow '{workflow.name}' assigned to {len(review_parents())} page(s)."
        )

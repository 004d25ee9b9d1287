"""``export_audit``: the audit chain as JSON Lines (to stdout or a file), optionally from a date."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from review_workflow.records.audit import export_lines, parse_since


class Command(BaseCommand):
    """Write every audit entry, oldest first, one JSON object per line; the last line is a
    signed checkpoint of the chain's head (``records.checkpoint``)."""

    help = "Export the tamper-evident audit trail as JSON Lines."

    def add_arguments(self, parser):
        parser.add_argument("--since", help="Only entries recorded from this date or date-time.")
        parser.add_argument("--output", help="Write to this file instead of standard output.")

    def handle(self, *args, **options):
        try:
            since = parse_since(options["since"]) if options.get("since") else None
        except ValueError as exc:
            raise CommandError(f"--since: {exc}") from exc
        lines = export_lines(since)
        if options.get("output"):
            with open(options["output"], "w", encoding="utf-8") as target:
                count = sum(1 for line in lines if target.write(line + "\n"))
            # The last line is the signed checkpoint, not an entry.
            self.stderr.write(
                f"Wrote {count - 1} audit entries and a signed checkpoint to {options['output']}."
            )
            return
        for line in lines:
            self.stdout.write(line)

"""``verify_audit``: check the audit chain (in the database, or an exported file) for tampering."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from review_workflow.records.audit import verify, verify_records


def _read_records(path: str) -> list[dict]:
    try:
        with open(path, encoding="utf-8") as source:
            return [json.loads(line) for line in source if line.strip()]
    except (OSError, ValueError) as exc:
        raise CommandError(f"Cannot read {path}: {exc}") from exc


class Command(BaseCommand):
    """Recompute every entry's hash and link; exit non-zero naming the first broken entries."""

    help = "Verify the audit trail's hash chain (detects edited, deleted or inserted entries)."

    def add_arguments(self, parser):
        parser.add_argument("--file", help="Verify an export_audit file instead of the database.")
        parser.add_argument(
            "--partial",
            action="store_true",
            help="The file is an export made with --since (its first link is not checked).",
        )

    def handle(self, *args, **options):
        if options.get("file"):
            result = verify_records(
                _read_records(options["file"]), expect_start=not options["partial"]
            )
        else:
            result = verify()
        if not result.intact:
            raise CommandError(
                f"Audit trail NOT intact ({result.entries} entries checked):\n  "
                + "\n  ".join(result.problems)
            )
        self.stdout.write(
            f"Audit trail intact: {result.entries} entries; last hash {result.last_hash}."
        )

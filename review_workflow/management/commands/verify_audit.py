"""``verify_audit``: check the audit chain (in the database, or an exported file) for tampering,
and that the records agree with it."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from review_workflow.records.audit import Verification, contains_head, verify, verify_export
from review_workflow.records.vouching import check_records


def _read_records(path: str) -> list[dict]:
    try:
        with open(path, encoding="utf-8") as source:
            return [json.loads(line) for line in source if line.strip()]
    except (OSError, ValueError) as exc:
        raise CommandError(f"Cannot read {path}: {exc}") from exc


class Command(BaseCommand):
    """Recompute every entry's hash and link; in the database, also check every sign-off,
    publication record and stored document against the entry that recorded it, and (with
    ``--expect-head``) that a head published earlier is still in the chain. Exit non-zero
    naming each problem."""

    help = (
        "Verify the audit trail's hash chain (edited, deleted, inserted or cut entries) and the "
        "records against it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", help="Verify an export_audit file instead of the database.")
        parser.add_argument(
            "--partial",
            action="store_true",
            help="The file is an export made with --since (its first link is not checked).",
        )
        parser.add_argument(
            "--expect-head",
            metavar="HASH",
            help="A head published earlier (audit.checkpoint): fail if the chain no longer "
            "contains it (truncated or rewound).",
        )

    def handle(self, *args, **options):
        if options.get("file"):
            records = _read_records(options["file"])
            result = verify_export(records, expect_start=not options["partial"])
        else:
            chain = verify()
            problems = [*chain.problems, *check_records()]
            head = options.get("expect_head")
            if head and not contains_head(head.strip()):
                problems.append(
                    f"the chain no longer contains the published head {head.strip()} "
                    "(truncated, or rewound and rewritten)."
                )
            result = Verification(chain.entries, chain.last_hash, tuple(problems))
        if not result.intact:
            raise CommandError(
                f"Audit trail NOT intact ({result.entries} entries checked):\n  "
                + "\n  ".join(result.problems)
            )
        self.stdout.write(
            f"Audit trail intact: {result.entries} entries; last hash {result.last_hash}."
        )

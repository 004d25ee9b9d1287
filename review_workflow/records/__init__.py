"""The review's history: append-only records and what keeps them provable.

The audit hash chain and the Wagtail log entries mirrored into it, its signed checkpoints (in
every export, and the head published outside the database), the checks that the records and the
store agree with the chain (``vouching``), the database triggers that refuse UPDATE, DELETE and
TRUNCATE of the records, re-review requests when reviewed content changes outside the page, and
review facts read back as plain data.
"""

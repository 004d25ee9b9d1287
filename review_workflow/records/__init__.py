"""The review's history: append-only records and what keeps them provable.

The audit hash chain and the Wagtail log entries mirrored into it, the database
triggers that refuse UPDATE and DELETE of the records, re-review requests when reviewed
content changes outside the page, and review facts read back as plain data.
"""

"""The API benchmark: seed synthetic articles at scale, then measure our content API against
Wagtail's own API v2 and against a ceiling that serves captured bytes from memory.

A package because it has four separate jobs: ``corpus`` writes synthetic article bodies,
``seeding`` puts them in the database the way the product would (tree, revisions, sign-offs,
search index), ``wagtail_v2`` and ``ceiling`` are the comparison endpoints mounted only by the
bench URLconf, and ``load``/``report`` drive the load and print the table.
"""

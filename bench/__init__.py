"""The API benchmark: seed synthetic articles at scale, then measure our content API against
Wagtail's own API v2 and against a ceiling that serves captured bytes from memory.

A package because it has separate jobs: ``corpus`` writes synthetic article bodies; ``seeding``
and ``signoffs`` put them in the database the way the product would (tree, revisions, sign-offs,
publications, search index); ``wagtail_v2`` and ``ceiling`` are the comparison endpoints mounted
only by ``bench.urls``; ``scenarios`` says what is compared; ``server``, ``load`` and
``runner`` start gunicorn, drive wrk and measure; ``memory`` checks worker RSS over 10,000
requests; ``report`` prints the table.
"""

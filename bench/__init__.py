"""The API benchmark: seed synthetic articles at scale, then walk the requests readers produce
(every article once, distinct list pages, distinct searches) against our content API, Wagtail's
own API v2 and a ceiling that serves captured bytes from memory.

A package because it has separate jobs: ``corpus`` writes synthetic article bodies; ``library``
writes a realistic library and ``seeding`` imports it with its sign-offs through
``import_articles`` (tree, revisions, sign-offs, publications, audit chain, stored documents,
search index); ``wagtail_v2`` and ``ceiling`` are the
comparison endpoints mounted only by ``bench.urls``; ``workloads`` builds the URL lists;
``server``, ``walk`` and ``runner`` start a fresh gunicorn per walk, drive wrk and measure;
``report`` prints the table.
"""

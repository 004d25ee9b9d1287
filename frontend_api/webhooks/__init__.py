"""Webhooks: front ends learn of every change to reviewed content, signed, retried, never lost.

A package because it has several parts with their own rules:

- ``models``: endpoints, the outbox (events and their per-endpoint deliveries), what was
  announced per article;
- ``events``: ``record_event``, the one way in, used inside the transaction of the change;
- ``payloads``: the ``data`` of each event type; ``schemas``: their JSON Schemas (docs, OpenAPI);
- ``announcements``: what a publish, unpublish, move or disclaimer change announces;
  ``receivers``: today's signal wiring to it; ``review_status``: the scheduled transitions;
- ``delivery``: the django_tasks task, retries with backoff, redelivery;
  ``signing``: Standard Webhooks signatures; ``targets``: the address check and the request;
- ``admin``: the Wagtail admin (endpoints, delivery log, dashboard panel), wired in
  ``frontend_api.wagtail_hooks``.
"""

"""Today's wiring: which signals announce what. Thin on purpose.

The publish pipeline is being rewritten (one publish receiver in ``review_workflow``, written in
the publish transaction); when it lands, it calls the ``announcements`` functions itself and
this module shrinks to the snippet receiver. Until then:

- ``page_published``: connected from ``FrontendApiConfig.ready``, so it runs after the receivers
  of ``health_content`` and ``review_workflow`` (INSTALLED_APPS order) that stamp the review
  dates and append the publication record the payload reports;
- ``page_unpublished`` (also sent when a live page is deleted, and by expiry);
- ``post_page_move`` (Wagtail sends it after the move has committed; the scheduler's
  ``announce_article_changes`` announces a move whose announcement was lost);
- ``pre_save`` of ``Disclaimer`` (inside ``Disclaimer.save``'s transaction).
"""

from __future__ import annotations

from django.db.models.signals import pre_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import announcements


def on_page_published(sender, instance, **kwargs) -> None:
    announcements.announce_published(instance)


def on_page_unpublished(sender, instance, **kwargs) -> None:
    announcements.announce_unpublished(instance)


def on_page_moved(sender, instance, url_path_before, **kwargs) -> None:
    announcements.announce_path_changes(instance, url_path_before=url_path_before)


def on_disclaimer_saving(sender, instance, **kwargs) -> None:
    announcements.announce_disclaimer_change(instance)


def connect() -> None:
    """Connect the receivers (from ``FrontendApiConfig.ready``)."""
    from health_content.models import Disclaimer

    uid = "frontend_api.webhooks"
    page_published.connect(on_page_published, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid=f"{uid}.unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid=f"{uid}.moved")
    pre_save.connect(on_disclaimer_saving, sender=Disclaimer, dispatch_uid=f"{uid}.disclaimer")

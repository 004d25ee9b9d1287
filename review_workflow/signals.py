"""Signals the medical review sends for other apps (the API's store, webhooks).

``article_published``: a signed version went live (``page``, ``publication``, ``sign_off``), sent
by the publish service inside its transaction, last (after the store writer), so a receiver
that fails rolls the publication back with it. The store is not written from it: the service
calls the registered store writer (``publishing.register_store_writer``) directly.

``rereview_needed``: a live article's reviewed content changed outside the page (``page_id``,
``reason``); sent inside the transaction that recorded the request.

``sign_off_corrected``: a sign-off was superseded by a correcting record (``original``,
``correction``), inside the transaction that recorded it.

``audit_checkpoint``: the audit chain's head was published (``checkpoint``: head, entries, at,
signature), by the scheduler's ``publish_audit_head``; receivers pass it to someone outside
the database (the content API's ``audit.checkpoint`` webhook).

``translation_outdated``: a new version of an original was published while a live translation
follows an older one (``translation_page_id``, ``original_page_id``, ``followed_version``,
``original_version``); sent once per such translation, after the publishing transaction
commits (the content API's ``translation.stale`` webhook).
"""

from django.dispatch import Signal

article_published = Signal()
rereview_needed = Signal()
sign_off_corrected = Signal()
audit_checkpoint = Signal()
translation_outdated = Signal()

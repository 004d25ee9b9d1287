"""The publish path: the one service that makes a reviewed page live, and the store writer it calls.

``service.publish_signed_revision`` is what every path that brings a reviewed version live runs
(the workflow's finish, the admin's Publish and revert, bulk publish, scheduled go-live,
``publish_signed_off``); ``writer.register_store_writer`` is how the app that keeps what readers
get (the API's store) is told, once, to write it. See ``docs/how-a-publish-works.md``.
"""

from .service import publish_signed_revision, record_bypassed_publish
from .writer import StoreWriter, register_store_writer, store_writer

__all__ = [
    "StoreWriter",
    "publish_signed_revision",
    "record_bypassed_publish",
    "register_store_writer",
    "store_writer",
]

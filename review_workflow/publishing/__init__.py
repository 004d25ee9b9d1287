"""The publish path: what makes a reviewed page live, and what refuses it.

``service.publish_signed_revision`` is what every path that brings a reviewed version live runs
(the workflow's finish, the admin's Publish and revert, bulk publish, scheduled go-live,
``publish_signed_off``); ``writer.register_store_writer`` is how the app that keeps what readers
get (the API's store) is told, once, to write it. Beside them: the guard (a page row goes live
only as a signed revision), the reviewer's decisions (sign off, request changes), the workflow's
finish action, and the publication records. See ``docs/how-a-publish-works.md``.
"""

"""Health content's own settings: ``content_settings``, read from ``settings.HEALTH_CONTENT``
over the defaults below (the plugin's convention: ``review_workflow.contract.AppSettings``).
"""

from __future__ import annotations

from review_workflow.contract import AppSettings

content_settings = AppSettings(
    "HEALTH_CONTENT",
    {
        # Where a reader who opens a page's CMS URL is sent: the front end, with the page's path
        # on its site in place of {path}. The default is the reference client at "/".
        "FRONTEND_URL": "/?path={path}",
    },
)

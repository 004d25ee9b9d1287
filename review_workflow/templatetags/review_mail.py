"""Links in the review's notification e-mails, on the site's public origin.

Wagtail's "approved" e-mail links to ``page.full_url``, which is built on the Wagtail
``Site``'s hostname and port (``http://localhost`` in a fresh database), not on the origin the
site is served from. Every other link in Wagtail's e-mails is built on
``WAGTAILADMIN_BASE_URL`` (the host project sets it from ``PUBLIC_BASE_URL``), so this one is too.
"""

from __future__ import annotations

from django import template
from wagtail.admin.utils import get_admin_base_url
from wagtail.models import Page

register = template.Library()


@register.simple_tag
def public_page_url(page: Page) -> str:
    """The page's path within its site, on ``WAGTAILADMIN_BASE_URL``."""
    parts = page.get_url_parts()
    path = parts[2] if parts else page.url_path
    return (get_admin_base_url() or "").rstrip("/") + path


@register.filter
def is_medical_review(page) -> bool:
    """Whether the page is under medical review (its e-mails speak of medical review)."""
    from ..contract import is_medically_reviewed

    return page is not None and is_medically_reviewed(type(page))

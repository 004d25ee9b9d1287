"""The site's locales follow its settings: one Wagtail ``Locale`` per content language.

``WAGTAIL_CONTENT_LANGUAGES`` says which languages content is written in (the first, the
default locale, is the language of originals). After every ``migrate`` each of them has its
``Locale`` row, so a fresh site, a test database and an upgraded one can take translations at
once; an administrator may still add or remove locales in the admin (Settings > Locales) as
long as the settings name their languages. Rows are only ever added here, never removed.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS


def ensure_content_locales(using: str = DEFAULT_DB_ALIAS, **kwargs) -> list[str]:
    """Create the missing ``Locale`` of each content language; return the codes created."""
    from wagtail.coreutils import get_content_languages
    from wagtail.models import Locale

    existing = set(Locale.objects.using(using).values_list("language_code", flat=True))
    missing = [code for code in get_content_languages() if code not in existing]
    Locale.objects.using(using).bulk_create([Locale(language_code=code) for code in missing])
    return missing


def after_migrate(sender, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """``post_migrate`` receiver (of this app, migrated after Wagtail's)."""
    ensure_content_locales(using=using)

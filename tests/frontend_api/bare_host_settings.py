"""A host that configures nothing for the API's OpenAPI document, like a site made by
``wagtail start``: no ``SPECTACULAR_SETTINGS`` and DRF's default schema class."""

from cms.settings.test import *  # noqa: F403

REST_FRAMEWORK = {  # noqa: F405
    key: value
    for key, value in REST_FRAMEWORK.items()  # noqa: F405
    if key != "DEFAULT_SCHEMA_CLASS"
}
SPECTACULAR_SETTINGS = {}

"""Read-only DRF API for decoupled front ends, headless preview, and the reference client.

Its settings are ``conf.api_settings`` (``FRONTEND_API``, checked by ``checks``); its OpenAPI
document configures itself (``openapi.SCHEMA_SETTINGS``), so a host needs no
``SPECTACULAR_SETTINGS`` for it.
"""

"""Health content's settings object and its system check."""

from __future__ import annotations

from health_content.checks import check_unknown_settings
from health_content.conf import content_settings


def test_an_unknown_health_content_setting_is_a_warning(settings):
    settings.HEALTH_CONTENT = {"FRONTEND_URI": "https://front.example/{path}"}
    [warning] = check_unknown_settings()
    assert warning.id == "health_content.W001" and "'FRONTEND_URI'" in warning.msg


def test_a_valid_health_content_configuration_passes(settings):
    settings.HEALTH_CONTENT = {"FRONTEND_URL": "https://front.example/{path}"}
    assert check_unknown_settings() == []
    assert content_settings.FRONTEND_URL == "https://front.example/{path}"


def test_the_front_end_url_defaults_to_the_reference_client(settings):
    settings.HEALTH_CONTENT = {}
    assert content_settings.FRONTEND_URL == "/?path={path}"

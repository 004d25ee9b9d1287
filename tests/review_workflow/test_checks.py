"""The medical review's settings object and its system checks: a value the code cannot honour
is refused at start-up, and a valid configuration passes."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.checks import run_checks
from django.test import override_settings

from review_workflow import checks
from review_workflow.conf import AppSettings, review_settings


def ids(messages) -> set[str]:
    return {message.id for message in messages}


def test_the_project_settings_pass_every_plugin_check():
    assert {m.id for m in run_checks() if m.id.split(".")[0] in PLUGIN_APPS} == set()


PLUGIN_APPS = {"review_workflow", "frontend_api", "health_content"}


@pytest.mark.parametrize("policy", ["flag", "noindex", "withdraw"])
def test_a_known_overdue_policy_passes(settings, policy):
    settings.REVIEW_WORKFLOW = {"OVERDUE_POLICY": policy}
    assert checks.check_overdue_policy() == []


@pytest.mark.parametrize("policy", ["Withdraw", "hide", "", None])
def test_an_unknown_overdue_policy_is_an_error(settings, policy):
    settings.REVIEW_WORKFLOW = {"OVERDUE_POLICY": policy}
    assert "review_workflow.E001" in ids(run_checks())


def test_an_unknown_setting_key_is_a_warning_naming_it(settings):
    settings.REVIEW_WORKFLOW = {"OVERDUE_POLCY": "withdraw"}
    [warning] = checks.check_unknown_settings()
    assert warning.id == "review_workflow.W001" and "'OVERDUE_POLCY'" in warning.msg


def test_known_setting_keys_raise_no_warning(settings):
    settings.REVIEW_WORKFLOW = {"DUE_SOON_DAYS": 14, "OVERDUE_GRACE_DAYS": 0}
    assert checks.check_unknown_settings() == []


def fake_connections(*vendors: str) -> dict:
    return {f"db{i}": SimpleNamespace(vendor=vendor) for i, vendor in enumerate(vendors)}


@pytest.mark.parametrize("vendors", [("sqlite",), ("postgresql", "postgresql")])
def test_sqlite_and_postgresql_are_supported_databases(monkeypatch, vendors):
    monkeypatch.setattr(checks, "connections", fake_connections(*vendors))
    assert checks.check_database_vendor() == []


def test_another_database_vendor_is_an_error_naming_the_alias(monkeypatch):
    monkeypatch.setattr(checks, "connections", fake_connections("postgresql", "mysql"))
    [error] = checks.check_database_vendor()
    assert error.id == "review_workflow.E002" and error.obj == "db1"


def test_the_configured_database_passes_the_vendor_check():
    assert checks.check_database_vendor() == []


def test_settings_are_the_defaults_where_the_project_sets_nothing(settings):
    settings.REVIEW_WORKFLOW = {}
    assert review_settings.DUE_SOON_DAYS == 30 and review_settings.OVERDUE_POLICY == "flag"


def test_settings_reload_under_override_settings():
    before = review_settings.DUE_SOON_DAYS
    with override_settings(REVIEW_WORKFLOW={"DUE_SOON_DAYS": 7}):
        assert review_settings.DUE_SOON_DAYS == 7
    assert review_settings.DUE_SOON_DAYS == before


def test_reading_a_setting_that_does_not_exist_is_an_attribute_error():
    with pytest.raises(AttributeError, match="NO_SUCH_SETTING"):
        review_settings.NO_SUCH_SETTING  # noqa: B018


def test_another_apps_settings_change_leaves_the_cache_alone(settings):
    own = AppSettings("TEST_ONLY_SETTINGS", {"A": 1})
    settings.TEST_ONLY_SETTINGS = {"A": 2}
    assert own.A == 2
    settings.REVIEW_WORKFLOW = {"DUE_SOON_DAYS": 1}
    assert own.A == 2 and own.unknown() == []


def test_the_reviews_approval_email_templates_are_the_ones_found():
    assert checks.check_template_overrides() == []

"""The API's settings object and its system checks."""

from __future__ import annotations

from django.core.checks import run_checks

from frontend_api.checks import check_api_schema, check_unknown_settings
from frontend_api.conf import DEFAULTS, api_settings, public_url
from frontend_api.webhooks.checks import check_webhook_task_backend


def ids(messages) -> set[str]:
    return {message.id for message in messages}


def test_an_unknown_api_setting_is_a_warning(settings):
    settings.FRONTEND_API = {**settings.FRONTEND_API, "MAX_PAGESIZE": 10}
    [warning] = check_unknown_settings()
    assert warning.id == "frontend_api.W002" and "'MAX_PAGESIZE'" in warning.msg


def test_the_projects_api_settings_raise_no_warning():
    assert check_unknown_settings() == []


def test_a_webhook_task_backend_missing_from_tasks_is_an_error(settings):
    settings.FRONTEND_API = {**settings.FRONTEND_API, "WEBHOOK_TASK_BACKEND": "nowhere"}
    assert "frontend_api.E001" in ids(run_checks())


def test_a_webhook_task_backend_that_is_not_a_database_backend_is_a_warning(settings):
    settings.TASKS = {
        **settings.TASKS,
        "webhooks": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    }
    assert ids(check_webhook_task_backend()) == {"frontend_api.W001"}


def test_the_projects_webhook_task_backend_passes():
    assert check_webhook_task_backend() == []


def test_private_webhook_targets_are_refused_by_default(settings):
    settings.FRONTEND_API = {}
    assert DEFAULTS["WEBHOOK_ALLOW_PRIVATE_TARGETS"] is False
    assert api_settings.WEBHOOK_ALLOW_PRIVATE_TARGETS is False


def test_the_public_origin_falls_back_to_the_admins_base_url(settings):
    settings.FRONTEND_API = {}
    settings.WAGTAILADMIN_BASE_URL = "https://cms.example"
    assert public_url("/api/v1/") == "https://cms.example/api/v1/"


def test_api_settings_reload_when_the_project_changes_them(settings):
    settings.FRONTEND_API = {"MAX_PAGE_SIZE": 7}
    assert api_settings.MAX_PAGE_SIZE == 7
    settings.FRONTEND_API = {}
    assert api_settings.MAX_PAGE_SIZE == DEFAULTS["MAX_PAGE_SIZE"]


def test_the_deploy_check_builds_the_apis_document_without_warnings(db):
    assert check_api_schema() == []


def failing_hook(endpoints, **kwargs):
    raise RuntimeError("this document does not build")


def test_the_deploy_check_reports_a_document_that_does_not_build(db, monkeypatch):
    from frontend_api.api import openapi

    hook = f"{__name__}.failing_hook"
    broken = {**openapi.SCHEMA_SETTINGS, "PREPROCESSING_HOOKS": [hook]}
    monkeypatch.setattr(openapi, "schema_settings", lambda: broken)
    assert ids(check_api_schema()) == {"drf_spectacular.E001"}

"""Settings come from the environment and refuse an unsafe secret key in production."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cms.settings.environment import DEV_SECRET_KEY, env_bool, env_list, secret_key

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "env",
    [{}, {"SECRET_KEY": ""}, {"SECRET_KEY": DEV_SECRET_KEY}, {"SECRET_KEY": "django-insecure-abc"}],
)
def test_secret_key_is_refused_when_missing_or_default_with_debug_off(env):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        secret_key(debug=False, env=env)


def test_a_real_secret_key_is_accepted_with_debug_off():
    assert secret_key(debug=False, env={"SECRET_KEY": "x" * 50}) == "x" * 50


def test_debug_mode_falls_back_to_the_development_key():
    assert secret_key(debug=True, env={}) == DEV_SECRET_KEY


def test_env_bool_refuses_an_unclear_value():
    with pytest.raises(ImproperlyConfigured):
        env_bool("DEBUG", False, env={"DEBUG": "maybe"})


def test_env_list_splits_and_trims():
    assert env_list("HOSTS", [], env={"HOSTS": "a.org, b.org,,"}) == ["a.org", "b.org"]


def run_check(**env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "CMS_ENV"}}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_start_up_refuses_a_missing_secret_key():
    result = run_check(CMS_ENV="production")
    assert result.returncode != 0
    assert "SECRET_KEY is missing or is the public development key" in result.stderr


def test_production_start_up_refuses_the_development_key_when_debug_is_off():
    result = run_check(CMS_ENV="dev", DEBUG="0", SECRET_KEY=DEV_SECRET_KEY)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_an_unknown_settings_environment_is_refused():
    result = run_check(CMS_ENV="staging")
    assert result.returncode != 0 and "CMS_ENV must be one of" in result.stderr


def settings_value(expression: str, **env_overrides) -> str:
    """Print ``expression`` on the dev settings loaded in a fresh process (without the
    environment's e-mail backend)."""
    env = {**os.environ, "CMS_ENV": "dev", **env_overrides}
    env.pop("EMAIL_BACKEND", None)
    code = f"import cms.settings as s; print({expression})"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_one_public_base_url_feeds_e_mail_links_and_the_api():
    shown = settings_value(
        "s.WAGTAILADMIN_BASE_URL, s.FRONTEND_API['PUBLIC_BASE_URL']",
        PUBLIC_BASE_URL="https://health.example.org/",
    )
    assert shown == "https://health.example.org https://health.example.org"


def test_the_laptop_writes_e_mails_to_files_and_never_asks_gravatar():
    shown = settings_value("s.EMAIL_BACKEND, s.WAGTAIL_GRAVATAR_PROVIDER_URL")
    assert shown == "django.core.mail.backends.filebased.EmailBackend None"


REORDERED_SETTINGS = """
from cms.settings.test import *  # noqa: F403

INSTALLED_APPS = [a for a in INSTALLED_APPS if a not in ("review_workflow", "frontend_api")]
INSTALLED_APPS.insert(INSTALLED_APPS.index("wagtail.admin") + 1, "review_workflow")
INSTALLED_APPS.insert(INSTALLED_APPS.index("django_tasks_db") + 1, "frontend_api")
"""


def test_an_installed_apps_order_that_loses_the_plugins_overrides_is_warned_about(tmp_path):
    # The plugin overrides Wagtail's approval e-mails and django-tasks-db's worker by name;
    # Django takes both from the app listed first. A host that lists them after gets told.
    (tmp_path / "reordered_settings.py").write_text(REORDERED_SETTINGS)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "reordered_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    said = result.stdout + result.stderr
    assert "review_workflow.W003" in said and "PUBLIC_BASE_URL" in said
    assert "frontend_api.W004" in said and "reconnects" in said


def test_the_projects_installed_apps_keep_the_plugins_overrides():
    from frontend_api.checks import check_worker_command
    from review_workflow.checks import check_template_overrides

    assert check_template_overrides() == [] and check_worker_command() == []

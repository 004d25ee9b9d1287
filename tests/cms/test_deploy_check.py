"""``manage.py check --deploy`` passes with the production settings and a real secret."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def check_deploy(**env_overrides) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "CMS_ENV", "SECRET_KEY"}}
    env.update(
        {
            "CMS_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "AUDIT_CHECKPOINT_KEY": secrets.token_urlsafe(48),
            "DATABASE_URL": "postgres://cms@db.internal:5432/cms",
            "REDIS_URL": "redis://cache.internal:6379/0",
            **env_overrides,
        }
    )
    env = {key: value for key, value in env.items() if value is not None}  # None: unset
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_settings_and_a_real_secret():
    result = check_deploy()
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout


def test_check_deploy_silences_nothing_once_hsts_preload_is_chosen():
    result = check_deploy(SECURE_HSTS_PRELOAD="1")
    assert result.returncode == 0, result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_check_deploy_warns_when_app_servers_would_not_share_the_cache_or_database():
    result = check_deploy(REDIS_URL=None, DATABASE_URL=None)
    assert result.returncode != 0
    assert "cms.W001" in result.stderr and "cms.W002" in result.stderr


def test_check_deploy_fails_when_debug_is_on_in_production():
    result = check_deploy(DEBUG="1")
    assert result.returncode != 0 and "security.W018" in result.stderr

"""Security headers: a strict Content-Security-Policy, relaxed only for the admin."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
CSP = "Content-Security-Policy"
CSP_REPORT_ONLY = "Content-Security-Policy-Report-Only"


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


def test_outside_production_the_policy_is_report_only(client):
    response = client.get("/healthz")
    assert CSP not in response
    assert directives(response[CSP_REPORT_ONLY])["script-src"] == ["'self'"]


def test_the_api_and_site_policy_forbids_inline_scripts_and_plugins(client):
    policy = directives(client.get("/healthz")[CSP_REPORT_ONLY])
    assert "'unsafe-inline'" not in policy["script-src"] + policy["style-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]


@pytest.mark.django_db
def test_the_admin_policy_allows_wagtails_inline_scripts_and_styles(client):
    policy = directives(client.get("/admin/login/")[CSP_REPORT_ONLY])
    assert "'unsafe-inline'" in policy["script-src"]
    assert "'unsafe-inline'" in policy["style-src"]
    assert policy["object-src"] == ["'none'"]


@pytest.mark.django_db
@override_settings(
    CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["'self'"], "script-src": ["'self'"]}},
    CONTENT_SECURITY_POLICY_REPORT_ONLY=None,
)
def test_an_enforced_policy_is_sent_as_content_security_policy(client):
    response = client.get("/admin/login/")
    assert CSP_REPORT_ONLY not in response
    assert "'unsafe-inline'" in directives(response[CSP])["script-src"]


def production_settings(**env_overrides) -> dict:
    """Settings values as production computes them, read in a fresh interpreter."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "CMS_ENV"}}
    env.update(CMS_ENV="production", SECRET_KEY=secrets.token_urlsafe(50), **env_overrides)
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        "print(json.dumps({k: getattr(settings, k, None) for k in ["
        "'CONTENT_SECURITY_POLICY', 'CONTENT_SECURITY_POLICY_REPORT_ONLY', "
        "'SECURE_PROXY_SSL_HEADER', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
        "'SECURE_CONTENT_TYPE_NOSNIFF', 'SECURE_REFERRER_POLICY', 'SECURE_HSTS_SECONDS', "
        "'CACHES', 'REST_FRAMEWORK']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_enforces_the_policy_and_sets_secure_headers():
    values = production_settings()
    assert values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["script-src"] == ["'self'"]
    assert values["CONTENT_SECURITY_POLICY_REPORT_ONLY"] is None
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"]
    assert values["SECURE_REFERRER_POLICY"] == "strict-origin-when-cross-origin"
    assert values["SECURE_HSTS_SECONDS"] >= 31536000


def test_production_trusts_x_forwarded_proto_only_when_told():
    assert production_settings()["SECURE_PROXY_SSL_HEADER"] is None
    trusted = production_settings(TRUST_X_FORWARDED_PROTO="1")["SECURE_PROXY_SSL_HEADER"]
    assert trusted == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_production_uses_redis_for_the_cache_when_redis_url_is_set():
    caches = production_settings(REDIS_URL="redis://127.0.0.1:6379/3")["CACHES"]
    assert caches["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert caches["default"]["LOCATION"] == "redis://127.0.0.1:6379/3"


@pytest.mark.django_db
def test_the_api_docs_may_use_inline_styles_but_not_inline_scripts(client):
    policy = directives(client.get("/api/v1/docs/")[CSP_REPORT_ONLY])
    assert "'unsafe-inline'" in policy["style-src"]
    assert policy["script-src"] == ["'self'"]


def test_production_throttles_by_peer_address_unless_told_how_many_proxies_stand_in_front():
    assert production_settings()["REST_FRAMEWORK"]["NUM_PROXIES"] == 0
    assert production_settings(NUM_PROXIES="2")["REST_FRAMEWORK"]["NUM_PROXIES"] == 2

"""Small, testable readers that turn environment variables into settings values."""

from __future__ import annotations

import os
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

# The key shipped for local development. It is public, so production must never use it.
DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool, env: Mapping[str, str] = os.environ) -> bool:
    """Read a boolean flag; anything but a clear yes/no is a configuration error."""
    raw = env.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false); got {raw!r}.")


def env_given(name: str, read, env: Mapping[str, str] = os.environ) -> dict:
    """``{name: read(name)}`` when the environment sets ``name``, else ``{}``: merged into a
    plugin app's settings dict, it leaves the app's own default in charge until an operator
    decides (one place for each default: the app's ``conf``)."""
    return {name: read(name, None, env)} if name in env else {}


def env_list(name: str, default: list[str], env: Mapping[str, str] = os.environ) -> list[str]:
    """Read a comma-separated list, ignoring blanks."""
    raw = env.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def content_languages(
    name: str, default: list[tuple[str, str]], env: Mapping[str, str] = os.environ
) -> list[tuple[str, str]]:
    """Read the content languages, "code:Name" pairs separated by commas ("en:English,
    es:Spanish"), the default language first. A pair without its name, a repeated code or an
    empty list is a configuration error."""
    raw = env.get(name)
    if raw is None or not raw.strip():
        return list(default)
    languages: list[tuple[str, str]] = []
    for item in (part.strip() for part in raw.split(",") if part.strip()):
        code, _, label = (piece.strip() for piece in item.partition(":"))
        if not code or not label:
            raise ImproperlyConfigured(
                f"{name} must list code:Name pairs (e.g. en:English,es:Spanish); got {item!r}."
            )
        if code.lower() in {known for known, _ in languages}:
            raise ImproperlyConfigured(f"{name} names the language {code!r} twice.")
        languages.append((code.lower(), label))
    return languages


def env_int(name: str, default: int, env: Mapping[str, str] = os.environ) -> int:
    """Read an integer setting."""
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer; got {raw!r}.") from exc


def secret_key(*, debug: bool, env: Mapping[str, str] = os.environ) -> str:
    """Return SECRET_KEY, refusing a missing or the public development key when DEBUG is off."""
    key = env.get("SECRET_KEY", "").strip()
    if debug:
        return key or DEV_SECRET_KEY
    if not key or key == DEV_SECRET_KEY or key.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "SECRET_KEY is missing or is the public development key, and DEBUG is off. "
            "Set SECRET_KEY to a long random value (for example: python -c "
            '"import secrets; print(secrets.token_urlsafe(50))").'
        )
    return key


_FRONTEND_CACHE_BACKENDS = {
    "recording": ("frontend_api.cdn.RecordingBackend", {}),
    "http": (
        "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        {"LOCATION": "FRONTEND_CACHE_LOCATION"},
    ),
    "cloudflare": (
        "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        {
            "BEARER_TOKEN": "FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN",
            "ZONEID": "FRONTEND_CACHE_CLOUDFLARE_ZONEID",
        },
    ),
    "cloudfront": (
        "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        {"DISTRIBUTION_ID": "FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"},
    ),
}


def frontend_cache(env: Mapping[str, str] = os.environ) -> dict[str, dict]:
    """``WAGTAILFRONTENDCACHE`` from ``FRONTEND_CACHE_BACKEND`` and its variables; {} if unset."""
    name = env.get("FRONTEND_CACHE_BACKEND", "").strip().lower()
    if not name:
        return {}
    if name not in _FRONTEND_CACHE_BACKENDS:
        choices = ", ".join(sorted(_FRONTEND_CACHE_BACKENDS))
        raise ImproperlyConfigured(
            f"FRONTEND_CACHE_BACKEND must be one of {choices}; got {name!r}."
        )
    backend, variables = _FRONTEND_CACHE_BACKENDS[name]
    config: dict = {"BACKEND": backend}
    for key, variable in variables.items():
        value = env.get(variable, "").strip()
        if not value:
            raise ImproperlyConfigured(f"FRONTEND_CACHE_BACKEND={name} needs {variable}.")
        config[key] = value
    hostnames = env_list("FRONTEND_CACHE_HOSTNAMES", [], env)
    if hostnames:
        config["HOSTNAMES"] = hostnames
    return {name: config}

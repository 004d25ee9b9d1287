"""Production settings: DEBUG off, a real SECRET_KEY required, secure cookies and headers.

Everything that differs between deployments comes from the environment; see
docs/operations.md for the variables and the process model.
"""

import os

os.environ.setdefault("DEBUG", "0")

from .base import *  # noqa: E402,F403
from .environment import env_bool, env_int  # noqa: E402

# Reminder digests and review notifications go out by SMTP (EMAIL_HOST, EMAIL_PORT,
# EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS/SSL in base.py) unless told otherwise.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

# Hashed, compressed static files served by whitenoise (run collectstatic at release time).
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Only trust X-Forwarded-Proto when the operator says a proxy sets it (and strips it from
# clients); otherwise any client could claim to be on HTTPS.
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The load balancer's probes come over plain HTTP inside the network: never redirect them.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# Enforce the Content-Security-Policy from base; CSP_REPORT_ONLY=1 rolls a change out safely.
if env_bool("CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY = None
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": CSP_DIRECTIVES}  # noqa: F405
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": CSP_DIRECTIVES}  # noqa: F405
    CONTENT_SECURITY_POLICY_REPORT_ONLY = None

# security.W021 asks for HSTS preload. Preloading puts the domain (and its subdomains) on the
# browsers' built-in HTTPS-only lists, which takes months to undo, so it is the operator's
# explicit decision (SECURE_HSTS_PRELOAD=1), not a default; until then the warning is noise.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# API throttling counts per client address. DRF believes X-Forwarded-For only when told how
# many proxies (CDN, load balancer) stand in front of the app: with the default 0 it uses the
# peer address, so a client cannot dodge the limit by inventing X-Forwarded-For values. Behind
# N proxies that append to X-Forwarded-For, set NUM_PROXIES=N.
REST_FRAMEWORK = {**REST_FRAMEWORK, "NUM_PROXIES": env_int("NUM_PROXIES", 0)}  # noqa: F405

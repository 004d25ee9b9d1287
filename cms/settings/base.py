"""Settings shared by every environment. Values that differ per deployment come from the
environment (see ``environment.py``); nothing here is secret."""

import os
from pathlib import Path

import dj_database_url
from corsheaders.defaults import default_headers as cors_default_headers

from .environment import (
    content_languages,
    env_bool,
    env_given,
    env_int,
    env_list,
    frontend_cache,
    secret_key,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = secret_key(debug=DEBUG)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The API takes no cookies: a refused CSRF check under /api/ is a problem document, not a page.
CSRF_FAILURE_VIEW = "frontend_api.api.problems.csrf_failure"

INSTALLED_APPS = [
    # Domain apps first so their templates and static files win.
    "health_content",
    "review_workflow",
    "frontend_api",
    "wagtail_headless_preview",
    # The translation workflow (segments, translation memory, sync from the source); its
    # locales app replaces ``wagtail.locales`` (the admin's Locales page).
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "csp",
    "django_tasks_db",
    "cms",
    # Host-project parts that are not shipped with the plugin: demo content and the benchmark.
    "demo",
    "bench",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # First, so that every log line written while serving a request names its id.
    "cms.request_id.RequestIdMiddleware",
    # The content API's reads go to a usable streaming replica, when there is one.
    "frontend_api.replicas.ReplicaReadsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "cms.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "cms.outage.ServiceUnavailableMiddleware",
]

ROOT_URLCONF = "cms.urls"
# Where the content API (frontend_api.urls) is mounted: defined once, here; the API itself
# finds its URLs by name. Every URL under API_NAMESPACE answers in the API's problem shape.
API_MOUNT = "api/v1/"
API_NAMESPACE = "api/"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# The embedded default is a SQLite file in the project folder; production sets DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        # A kept-alive connection is tested before each request reuses it, so a database
        # restart costs one reconnect instead of errors until the app server restarts.
        conn_health_checks=True,
    )
}
# SQLite (the demo's database) under an editor's pace: autosave, a Submit and the scheduler
# write at the same moment. WAL lets readers go on while one writes; a write transaction takes
# its lock when it begins (IMMEDIATE), so two writers queue for up to ``timeout`` seconds
# instead of one failing at once with "database is locked" when it upgrades a read lock.
SQLITE_BUSY_TIMEOUT_SECONDS = env_int("SQLITE_BUSY_TIMEOUT_SECONDS", 20)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": SQLITE_BUSY_TIMEOUT_SECONDS,
        **DATABASES["default"].get("OPTIONS", {}),
    }

# PostgreSQL streaming replicas (comma-separated URLs): the content API's reads go to them
# (frontend_api.replicas); everything else, and every write, to the primary above.
for _number, _url in enumerate(
    url.strip() for url in os.environ.get("DATABASE_REPLICA_URLS", "").split(",") if url.strip()
):
    DATABASES[f"replica_{_number}"] = dj_database_url.parse(
        _url, conn_max_age=env_int("DB_CONN_MAX_AGE", 0), conn_health_checks=True
    )
    # Tests run on the primary's test database alone.
    DATABASES[f"replica_{_number}"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["frontend_api.replicas.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "healthcms"),
            # A stalled Redis must fail a request fast (503), never hang every worker.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Content languages (docs/operations.md, "Locales"): the first is the default locale, the
# language of originals; the others are translations of them. ``CONTENT_LANGUAGES`` in the
# environment: "code:Name" pairs, comma-separated, e.g. "en:English,es:Spanish,fr:French".
LANGUAGES = content_languages("CONTENT_LANGUAGES", [("en", "English"), ("es", "Spanish")])
LANGUAGE_CODE = LANGUAGES[0][0]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve app static files straight from their folders outside production (no collectstatic).
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# E-mail (review notifications and reminder digests): printed to the console unless the
# environment names a backend; production defaults to SMTP (production.py) with these values.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "health-cms@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Health library")
# The site's public origin, the one setting for absolute URLs: links in e-mails
# (WAGTAILADMIN_BASE_URL), the API's absolute links and CDN purges (FRONTEND_API below).
# ``make demo`` sets it from HOST and PORT.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "").strip().rstrip("/") or (
    "http://127.0.0.1:8000"
)
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL
# Avatars are uploaded or drawn locally; the admin never asks Gravatar (no third party learns
# who edits, and no broken images without internet access).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# CDN in front of the API: what to purge on publish (see frontend_api/cdn.py and
# docs/operations.md).
WAGTAILFRONTENDCACHE = frontend_cache()
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]
# Any edit after a medical approval must be reviewed again.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# Locales on: each page has a locale and a translation key; translations are made with
# wagtail-localize and reviewed on their own (review_workflow, "translations").
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# A new translation starts as a draft, even of a live page: it goes live with its own medical
# sign-off (wagtail-localize would otherwise publish it at once; check review_workflow.W006).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# Front ends that may call the API from a browser (django-cors-headers).
FRONTEND_ORIGINS = env_list("FRONTEND_ORIGINS", [])
CORS_ALLOWED_ORIGINS = FRONTEND_ORIGINS
CORS_URLS_REGEX = rf"^/{API_NAMESPACE}.*$"
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# A front end on another origin revalidates (If-None-Match, If-Match) and reads the
# validators and a 429/503's Retry-After; browsers hide any response header not exposed here.
CORS_ALLOW_HEADERS = (*cors_default_headers, "if-none-match", "if-match")
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]

# Headless preview: the reference client at "/" renders drafts.
WAGTAIL_HEADLESS_PREVIEW = {
    "CLIENT_URLS": {"default": os.environ.get("PREVIEW_CLIENT_URL", "/")},
    "SERVE_BASE_URL": None,
    "REDIRECT_ON_PREVIEW": False,
    "ENFORCE_TRAILING_SLASH": True,
}

# Content-Security-Policy (django-csp, through cms.security). One strict policy for the API,
# the reference client and the schema docs; the admin additionally gets 'unsafe-inline'
# because Wagtail renders inline scripts and styles without nonces. Outside production the
# policy is report-only, so a violation shows in the browser console (and the browser tests)
# without breaking a laptop; production enforces it.
CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    # The admin's live preview frames the site's own pages; nobody else may frame them.
    "frame-ancestors": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
_ADMIN_CSP_ADDITIONS = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
}
# Relaxations by URL prefix, the first match wins. The API docs (drf-spectacular's Swagger UI
# page) carry one inline <style> block; their scripts stay 'self' only.
CMS_CSP_ADDITIONS_BY_PATH = [
    ("/admin/", _ADMIN_CSP_ADDITIONS),
    ("/django-admin/", _ADMIN_CSP_ADDITIONS),
    (f"/{API_MOUNT}docs/", {"style-src": ["'unsafe-inline'"]}),
]
CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": CSP_DIRECTIVES}
# The admin would otherwise ask a third party for release news from every editor's browser.
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Logging: one JSON object per line on stderr, each naming the request id it was written under.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "cms.request_id.RequestIdLogFilter"}},
    "formatters": {"json": {"()": "cms.json_logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
            # On the handler too: records of Django's own loggers (INFO) reach it by
            # propagation, which the root logger's level does not filter.
            "level": LOG_LEVEL,
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own console handler (DEBUG only) would print its lines a second time, as text.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # RequestIdMiddleware writes one line per request; Django's own would repeat it.
        "django.server": {"handlers": [], "propagate": False},
        "django.request": {"level": "ERROR"},
    },
}

# Medical review: finishing the workflow publishes the approved revision, not the latest one.
WAGTAIL_FINISH_WORKFLOW_ACTION = "review_workflow.publishing.workflow.publish_approved_revision"
# The plugin apps' own settings (REVIEW_WORKFLOW, HEALTH_CONTENT, FRONTEND_API below) are
# dicts whose keys override each app's defaults (its ``conf.py``); set only what differs.
REVIEW_WORKFLOW = {
    # Signs the audit chain's checkpoints (exports, the published head): a secret of its own,
    # from the environment (docs/operations.md, "The audit checkpoint key").
    "AUDIT_CHECKPOINT_KEY": os.environ.get("AUDIT_CHECKPOINT_KEY", "").strip(),
}

# Content API (frontend_api). Its views set their own policies (anonymous, JSON only,
# throttled); these defaults keep any other DRF view in the project just as strict, except
# that admin views may read form bodies: wagtail-localize's translation editor (signed-in,
# CSRF-checked) saves each translated segment as a form-encoded PUT. The public API reads no
# request body (its views set no parsers).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["frontend_api.api.renderers.ORJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "frontend_api.api.problems.exception_handler",
}
# The API's OpenAPI document and docs page configure themselves (frontend_api.api.openapi), and
# frontend_api's deploy check builds that document. drf-spectacular's own deploy check would
# document every DRF view of the project, Wagtail's admin API included, which this project
# does not publish.
SPECTACULAR_SETTINGS = {"ENABLE_DJANGO_DEPLOY_CHECK": False}
# Background tasks (django_tasks). Wagtail's own tasks run at once, in the request, as before;
# webhook deliveries go to a queue in the database that ``manage.py db_worker --backend
# webhooks --queue-name webhooks`` works through (the Procfile's ``worker``; ``make demo``
# starts one).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "webhooks": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["webhooks"]},
}

_throttle_rate = os.environ.get("API_THROTTLE_RATE", "600/minute").strip()
FRONTEND_API = {
    # Anonymous requests per client IP, DRF syntax; "off" switches throttling off.
    "THROTTLE_RATE": None if _throttle_rate.lower() in {"", "off", "none"} else _throttle_rate,
    "CACHE_MAX_AGE": env_int("API_CACHE_MAX_AGE", 300),
    "PREVIEW_TOKEN_MAX_AGE": env_int("PREVIEW_TOKEN_MAX_AGE", 3600),
    "DEFAULT_PAGE_SIZE": env_int("API_DEFAULT_PAGE_SIZE", 20),
    "MAX_PAGE_SIZE": env_int("API_MAX_PAGE_SIZE", 100),
    # The API's public origin (CDN purges, absolute links): the site's.
    "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
    # Webhooks (docs/operations.md). Private addresses are refused (the plugin's default) unless
    # WEBHOOK_ALLOW_PRIVATE_TARGETS or WEBHOOK_ALLOWED_NETWORKS says so; dev.py allows them.
    "WEBHOOK_TIMEOUT": env_int("WEBHOOK_TIMEOUT", 10),
    "WEBHOOK_MAX_ATTEMPTS": env_int("WEBHOOK_MAX_ATTEMPTS", 12),
    "WEBHOOK_RETRY_BASE_SECONDS": env_int("WEBHOOK_RETRY_BASE_SECONDS", 30),
    "WEBHOOK_SECRET_ROTATION_OVERLAP": env_int("WEBHOOK_SECRET_ROTATION_OVERLAP", 24 * 3600),
    **env_given("WEBHOOK_ALLOW_PRIVATE_TARGETS", env_bool),
    "WEBHOOK_ALLOWED_NETWORKS": env_list("WEBHOOK_ALLOWED_NETWORKS", []),
}

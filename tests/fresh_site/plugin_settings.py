# ruff: noqa: F821  (a fragment: appended to the new project's settings, which define INSTALLED_APPS)


# --- The health CMS plugin (appended by tests/test_plugin_distribution.py) ---
INSTALLED_APPS = [
    "health_content",
    "review_workflow",
    "frontend_api",
    "notices",
    *INSTALLED_APPS,
    "wagtail.contrib.settings",
    "wagtail_headless_preview",
    "rest_framework",
    "drf_spectacular",
    "django_tasks_db",
]
WAGTAIL_FINISH_WORKFLOW_ACTION = "review_workflow.publishing.workflow.publish_approved_revision"
# Webhook deliveries wait in a database queue (``manage.py db_worker --backend webhooks``).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "webhooks": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["webhooks"]},
}

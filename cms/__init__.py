"""Host Django project: settings, URLs and WSGI/ASGI entry points. Nothing domain-specific."""

"""Settings package, selected by the ``CMS_ENV`` environment variable.

``DJANGO_SETTINGS_MODULE=cms.settings`` works everywhere (manage.py, pytest, WSGI); which
part is loaded is decided here so that operators only ever set one module name:

- ``dev`` (default): the embedded SQLite setup for a laptop, DEBUG on.
- ``test``: fast hashers and in-memory e-mail; pytest sets it through pytest-env.
- ``production``: DEBUG off, secure cookies and headers; needs a real ``SECRET_KEY``.
- ``bench``: the performance benchmark only (``manage.py bench_api``); mounts Wagtail's own
  API v2 beside ours for comparison, which production never does.
"""

import importlib
import os

from django.core.exceptions import ImproperlyConfigured

CMS_ENV = os.environ.get("CMS_ENV", "dev").strip().lower() or "dev"
_ALLOWED = ("dev", "test", "production", "bench")
if CMS_ENV not in _ALLOWED:
    raise ImproperlyConfigured(f"CMS_ENV must be one of {', '.join(_ALLOWED)}; got {CMS_ENV!r}.")

_module = importlib.import_module(f"{__name__}.{CMS_ENV}")
globals().update({name: value for name, value in vars(_module).items() if name.isupper()})

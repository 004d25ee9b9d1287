"""Operations tests: tests marked ``postgres`` are skipped, with the reason, on SQLite."""

import pytest
from django.db import connection


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://...")


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Static files collected once, as the ``release`` process does before the servers start."""
    from tests.ops.servers import collect_static

    root = tmp_path_factory.mktemp("staticfiles")
    collect_static(root)
    return root


@pytest.fixture
def redis_cache(settings):
    """Skip unless the default cache is Redis (``REDIS_URL``), as on the production stack."""
    if not settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        pytest.skip("needs Redis: run with REDIS_URL=redis://...")
    from django.core.cache import cache

    cache.clear()
    return cache

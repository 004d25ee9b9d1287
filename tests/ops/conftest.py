"""Operations tests: tests marked ``postgres`` are skipped, with the reason, on SQLite."""

import fcntl

import pytest
from django.db import connection


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://...")


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Static files collected once, as the ``release`` process does before the servers start.

    Once per run: in a parallel run the first worker that needs them collects them into the
    run's shared folder (collectstatic hashes every file, ~40 s on a busy machine) and the
    others use that folder; the servers only read it.
    """
    from tests.ops.servers import collect_static
    from tests.parallel_databases import worker_id

    if worker_id() is None:
        root = tmp_path_factory.mktemp("staticfiles")
        collect_static(root)
        return root
    shared = tmp_path_factory.getbasetemp().parent
    root = shared / "staticfiles"
    with (shared / "staticfiles.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (shared / "staticfiles.ready").exists():
            root.mkdir(exist_ok=True)
            collect_static(root)
            (shared / "staticfiles.ready").touch()
    return root


@pytest.fixture
def redis_cache(settings):
    """Skip unless the default cache is Redis (``REDIS_URL``), as on the production stack."""
    if not settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        pytest.skip("needs Redis: run with REDIS_URL=redis://...")
    from django.core.cache import cache

    cache.clear()
    return cache

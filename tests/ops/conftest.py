"""Operations tests: tests marked ``postgres`` are skipped, with the reason, on SQLite."""

import pytest
from django.db import connection


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://...")

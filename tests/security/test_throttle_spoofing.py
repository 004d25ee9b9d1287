"""A client cannot dodge the API's rate limit by inventing X-Forwarded-For addresses."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_a_minute(settings):
    settings.FRONTEND_API = {**settings.FRONTEND_API, "THROTTLE_RATE": "2/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}  # as in production
    cache.clear()
    yield
    cache.clear()


def test_invented_forwarded_addresses_share_the_callers_limit(client, two_a_minute):
    statuses = [
        client.get("/api/v1/articles/", headers={"X-Forwarded-For": f"198.51.100.{n}"}).status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_behind_one_proxy_the_address_it_appends_is_the_client(client, two_a_minute, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    first_two = [
        client.get("/api/v1/articles/", headers={"X-Forwarded-For": "198.51.100.7"}).status_code
        for _ in range(2)
    ]
    assert first_two == [200, 200]
    other = client.get("/api/v1/articles/", headers={"X-Forwarded-For": "198.51.100.8"})
    assert other.status_code == 200
    again = client.get("/api/v1/articles/", headers={"X-Forwarded-For": "198.51.100.7"})
    assert again.status_code == 429

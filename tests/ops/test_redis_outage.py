"""Reads without Redis: when the rate limit's store is unreachable the API keeps serving,
counting per process (a warning in the log, "degraded" on /readyz), and goes back to the shared
count when Redis returns. Against a redis-server the test starts and stops on its own port."""

import logging
import time

import redis
from django.test import Client

from tests.ops.services import redis_server

RETRY_SECONDS = 0.3


def throttle_keys(server) -> list:
    return redis.Redis.from_url(server.url).keys("*throttle*")


def read(client, article) -> int:
    return client.get(f"/api/v1/articles/{article.pk}/").status_code


def test_reads_go_on_per_process_while_redis_is_down_and_use_it_again_when_it_returns(
    settings, published_article, caplog
):
    client = Client()
    with redis_server() as server:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": server.url,
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            }
        }
        settings.FRONTEND_API = {
            **settings.FRONTEND_API,
            "THROTTLE_RATE": "4/minute",
            "THROTTLE_STORE_RETRY_SECONDS": RETRY_SECONDS,
        }
        assert read(client, published_article) == 200
        assert throttle_keys(server)  # the count is shared, in Redis

        server.stop()
        with caplog.at_level(logging.WARNING, logger="frontend_api.throttling"):
            statuses = [read(client, published_article) for _ in range(5)]
        assert statuses == [200, 200, 200, 200, 429]  # the per-process count limits too
        assert "rate-limit store unreachable" in caplog.text
        assert caplog.text.count("rate-limit store unreachable") == 1  # once per outage
        ready = client.get("/readyz")
        assert (ready.status_code, ready.json()["status"]) == (200, "degraded")

        server.start()  # same port, empty: no counts survive
        time.sleep(RETRY_SECONDS + 0.2)
        with caplog.at_level(logging.WARNING, logger="frontend_api.throttling"):
            assert read(client, published_article) == 200
        assert "rate-limit store reachable again" in caplog.text
        assert throttle_keys(server)  # counting in Redis again
        assert client.get("/readyz").json()["status"] == "ok"

"""A database or Redis outage answers 503 in the API's problem shape, not a 500 page, and heals
without a restart."""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from frontend_api.api.problems import problem_response

logger = logging.getLogger("cms.outage")
RETRY_AFTER_SECONDS = 5


# Connection-level errors of the two backing services. An integrity error or a bug is not
# among them and still surfaces as the 500 it is.
OUTAGE_ERRORS = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)


class ServiceUnavailableMiddleware:
    """Turn "cannot reach the database (or the Redis cache)" into ``503 Service Unavailable``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, OUTAGE_ERRORS):
            return None
        logger.error(
            "backing service unavailable",
            extra={"path": request.path, "error": f"{type(exception).__name__}: {exception}"},
        )
        # Broken connections are dropped now so the next request connects afresh.
        for connection in connections.all(initialized_only=True):
            connection.close_if_unusable_or_obsolete()
        # The API's problem document (RFC 9457): the one error shape it uses everywhere.
        detail = "The service is temporarily unavailable; try again shortly."
        response = problem_response(request, 503, detail)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

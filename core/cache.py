"""The Redis cache, with one exception for "Redis is not answering".

Rate limits (allauth's and the service's own) keep their counts in the cache. When Redis is
down, redis-py raises its own errors from deep inside allauth; this backend turns them into
CacheUnavailable, which core.middleware.CacheUnavailableMiddleware answers with a "try again"
page instead of a server error.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

REDIS_DOWN = (RedisConnectionError, RedisTimeoutError)


class CacheUnavailable(Exception):
    """The cache could not be reached, so a count kept in it cannot be checked."""


def _raising(method: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except REDIS_DOWN as error:
            raise CacheUnavailable(str(error)) from error

    return wrapper


def _forgiving(method: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except REDIS_DOWN as error:
            logger.warning("Cache unavailable; %s skipped: %s", method.__name__, error)
            return None

    return wrapper


class ResilientRedisCacheClient(RedisCacheClient):
    """Reads and writes that a limit depends on raise CacheUnavailable, so the action they guard
    is refused rather than let through unchecked. Deleting is let go: what is deleted is a
    count or a lock that expires by itself, and removing it only ever loosens a limit."""

    add = _raising(RedisCacheClient.add)
    get = _raising(RedisCacheClient.get)
    set = _raising(RedisCacheClient.set)
    touch = _raising(RedisCacheClient.touch)
    get_many = _raising(RedisCacheClient.get_many)
    has_key = _raising(RedisCacheClient.has_key)
    incr = _raising(RedisCacheClient.incr)
    set_many = _raising(RedisCacheClient.set_many)
    clear = _raising(RedisCacheClient.clear)
    delete = _forgiving(RedisCacheClient.delete)
    delete_many = _forgiving(RedisCacheClient.delete_many)


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient

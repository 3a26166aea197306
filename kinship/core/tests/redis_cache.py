"""A real Redis for a test: database 12 unless KINSHIP_TEST_REDIS_URL says otherwise, and the
test skipped, saying why, where no Redis answers."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.core.cache import cache

REDIS_URL = os.environ.get("KINSHIP_TEST_REDIS_URL", "redis://127.0.0.1:6379/12")


def redis_url_or_skip() -> str:
    """The test Redis's URL, once it has answered; otherwise the test is skipped."""
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    return REDIS_URL


def use_redis_cache(settings: Any) -> None:
    """Point `settings` (pytest-django's fixture) at the project's Redis cache, emptied."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "kinship.core.rediscache.RedisCache", "LOCATION": redis_url_or_skip()},
    }
    cache.clear()

"""A shared cache whose store is down (Redis unreachable, say): every call raises."""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.locmem import LocMemCache


class UnreachableCache(LocMemCache):
    def add(self, *args: Any, **kwargs: Any) -> bool:
        raise ConnectionError("Error 111 connecting to redis.internal:6379. Connection refused.")

    def incr(self, *args: Any, **kwargs: Any) -> int:
        raise ConnectionError("Error 111 connecting to redis.internal:6379. Connection refused.")

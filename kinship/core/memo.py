"""Rows a hot path reads on every request, remembered per process for a few seconds.

At a peak the same action, campaign or petition is read by every join, submission and
signature; remembering it for seconds saves a query per request. Staff edits reach every
process within the lifetime (and this process at once: the owning app clears its memo on save).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class ShortMemo(Generic[T]):
    """Values by key for `seconds()` each (read at call time; 0 or less: never remembered), at
    most `limit` keys (all forgotten when full: the keys are a handful of slugs)."""

    def __init__(self, seconds: Callable[[], float], *, limit: int = 256) -> None:
        self._seconds = seconds
        self._limit = limit
        self._values: dict[str, tuple[float, T]] = {}

    def get(self, key: str, load: Callable[[], T]) -> T:
        """The value remembered for `key`, or `load()` (whose exceptions pass through, and
        nothing is remembered)."""
        ttl = float(self._seconds())
        if ttl <= 0:
            return load()
        now = time.monotonic()
        remembered = self._values.get(key)
        if remembered is not None and remembered[0] > now:
            return remembered[1]
        value = load()
        if len(self._values) >= self._limit:
            self._values.clear()
        self._values[key] = (now + ttl, value)
        return value

    def clear(self) -> None:
        self._values.clear()

"""The Redis cache backend keeps one client per connection pool (kinship.core.rediscache)."""

from __future__ import annotations

import pytest

from kinship.core.rediscache import RedisCache
from kinship.core.tests.redis_cache import redis_url_or_skip


@pytest.fixture
def store():  # type: ignore[no-untyped-def]
    backend = RedisCache(redis_url_or_skip(), {"KEY_PREFIX": "kinship-test-rediscache"})
    backend.clear()
    yield backend
    backend.clear()


def test_every_operation_uses_the_same_client(store):
    assert store._cache.get_client(write=True) is store._cache.get_client(write=False)


def test_it_stores_reads_adds_and_counts_as_djangos_own(store):
    store.set("a", {"x": 1}, timeout=30)
    assert store.get("a") == {"x": 1}
    assert store.add("n", 1, timeout=30) is True
    assert store.add("n", 5, timeout=30) is False
    assert store.incr("n") == 2
    assert store.get_many(["a", "n", "missing"]) == {"a": {"x": 1}, "n": 2}
    store.delete("a")
    assert store.get("a") is None

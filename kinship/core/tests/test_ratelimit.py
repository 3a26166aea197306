"""Rate limits: counting per window, and a store that fails never blocks a request."""

from __future__ import annotations

import logging

import pytest
from django.core.cache import cache, caches

from kinship.core.ratelimit import first_in_window, rate_limit_exceeded, retry_after_seconds
from kinship.core.tests.redis_cache import use_redis_cache

UNREACHABLE = {"default": {"BACKEND": "kinship.core.tests.failing_cache.UnreachableCache"}}


@pytest.fixture
def limits_on(settings):  # type: ignore[no-untyped-def]
    settings.KINSHIP_RATE_LIMITS_ENABLED = True
    return settings


def test_hits_over_the_limit_are_refused(limits_on):
    hits = [rate_limit_exceeded(scope="test", identity="1.2.3.4", rate="2/60") for _ in range(3)]
    assert hits == [False, False, True]


def test_each_identity_has_its_own_count(limits_on):
    assert not rate_limit_exceeded(scope="test", identity="1.2.3.4", rate="1/60")
    assert not rate_limit_exceeded(scope="test", identity="5.6.7.8", rate="1/60")


def test_a_store_that_fails_lets_the_request_through_and_says_so_in_the_log(limits_on, caplog):
    limits_on.CACHES = {**limits_on.CACHES, **UNREACHABLE}
    with caplog.at_level(logging.WARNING, logger="kinship.ratelimit"):
        refused = rate_limit_exceeded(scope="join-email", identity="gwen@example.com", rate="1/60")
    assert refused is False
    [record] = caplog.records
    assert "join-email" in record.getMessage() and "ConnectionError" in record.getMessage()
    assert "gwen@example.com" not in record.getMessage()  # never log addresses


def test_a_once_only_notice_is_sent_when_the_store_fails(settings, caplog):
    settings.CACHES = {**settings.CACHES, **UNREACHABLE}
    with caplog.at_level(logging.WARNING, logger="kinship.ratelimit"):
        assert first_in_window(key="cap:someone@example.org", seconds=60) is True
    assert "someone@example.org" not in caplog.text


def test_a_once_only_notice_is_sent_once_a_window():
    assert first_in_window(key="cap:a", seconds=60) is True
    assert first_in_window(key="cap:a", seconds=60) is False


def test_retry_after_is_within_the_window():
    assert 1 <= retry_after_seconds("5/60") <= 60


@pytest.fixture
def redis_limits(limits_on):  # type: ignore[no-untyped-def]
    """Rate limits on, the shared cache on Redis (skipped where no Redis answers)."""
    use_redis_cache(limits_on)
    yield limits_on
    cache.clear()


def test_on_redis_hits_over_the_limit_are_refused(redis_limits):
    hits = [rate_limit_exceeded(scope="test", identity="1.2.3.4", rate="2/60") for _ in range(3)]
    assert hits == [False, False, True]


def test_on_redis_a_count_costs_one_round_trip_and_expires_with_its_window(redis_limits):
    store = caches["default"]
    sent = []
    client = store._cache.get_client("x", write=True)
    original = client.connection_pool.get_connection

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        sent.append(args)
        return original(*args, **kwargs)

    client.connection_pool.get_connection = counting
    try:
        assert not rate_limit_exceeded(scope="rt", identity="1.2.3.4", rate="5/60")
        assert not rate_limit_exceeded(scope="rt", identity="1.2.3.4", rate="5/60")
    finally:
        client.connection_pool.get_connection = original
    assert len(sent) == 2  # one connection taken (one round trip) per hit
    [key] = client.keys("*rl:rt:*")
    assert 0 < client.ttl(key) <= 65
    assert int(client.get(key)) == 2


def test_on_redis_a_count_started_by_django_add_goes_on(redis_limits):
    """Counts made by the generic add-then-incr (an older process in a rolling deploy) and by the
    one-round-trip count read each other."""
    from kinship.core.ratelimit import _key

    cache.add(_key("mixed", "1.2.3.4", 60), 1, timeout=65)
    assert not rate_limit_exceeded(scope="mixed", identity="1.2.3.4", rate="2/60")
    assert rate_limit_exceeded(scope="mixed", identity="1.2.3.4", rate="2/60")
    assert cache.get(_key("mixed", "1.2.3.4", 60)) == 3

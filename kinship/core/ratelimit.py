"""Fixed-window rate limits in the shared cache (database cache on SQLite, Redis at scale).

Limits are strings "COUNT/SECONDS" from each app's conf.py, e.g. KINSHIP_RATE_JOIN_IP = "20/3600".
KINSHIP_RATE_LIMITS=off turns every limit off (load tests, acceptance checks only).

The store failing (Redis down, a database cache table missing) must never turn a page into a
server error: the failure is logged and the request let through. A limit is a guard against
floods, not a rule a person's request depends on.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import logging
import time
from enum import StrEnum

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest

logger = logging.getLogger("kinship.ratelimit")


class RateDecision(StrEnum):
    """What a rate policy (messages, sign-ups) says about one request."""

    ALLOW = "allow"
    # Over the soft per-connection limit: a person can show they are one by answering a question
    # (`kinship.core.question`; forms ask it, the API, which cannot ask, refuses).
    ASK_QUESTION = "ask_question"
    # Over the per-address or the hard per-connection limit: refused for a while, however asked.
    REFUSE = "refuse"


def parse_rate(rate: str) -> tuple[int, int]:
    count, _, seconds = rate.partition("/")
    return int(count), int(seconds)


def retry_after_seconds(rate: str) -> int:
    """Seconds until the current window of `rate` ends (for a Retry-After header)."""
    _limit, window = parse_rate(rate)
    return max(1, window - int(time.time()) % window)


def client_ip(request: HttpRequest) -> str:
    """The client's address, for rate limits and the staff lockout (`AXES_CLIENT_IP_CALLABLE`).

    `X-Forwarded-For` is believed only when the peer is a proxy listed in
    KINSHIP_TRUSTED_PROXIES, and then only the hops those proxies added: walking from the right,
    the first address that is not a trusted proxy is the client. Anything further left was
    written by the client and could be anything."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    if not _is_trusted_proxy(remote):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted_proxy(hop):
            return hop if _is_ip(hop) else remote
    return hops[0] if hops else remote


@functools.lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _is_trusted_proxy(address: str) -> bool:
    proxies = tuple(settings.KINSHIP_TRUSTED_PROXIES)
    if not proxies or not _is_ip(address):
        return False
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in _networks(proxies))


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _key(scope: str, identity: str, window: int) -> str:
    # Hash the identity: cache keys must not hold raw addresses or emails.
    digest = hashlib.sha256(f"{scope}:{identity}".encode()).hexdigest()[:32]
    return f"rl:{scope}:{digest}:{int(time.time() // window)}"


def _count_hit(key: str, window: int) -> int:
    store = caches[DEFAULT_CACHE_ALIAS]
    if isinstance(store, RedisCache):
        return _count_hit_redis(store, key, window)
    if cache.add(key, 1, timeout=window + 5):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 5)
        return 1


def _count_hit_redis(store: RedisCache, key: str, window: int) -> int:
    """The same count in one round trip instead of three (Django's `add`, then `incr`, which
    asks whether the key exists before it adds): create the key at 0 with its expiry unless it
    is there, and add one, both in one MULTI. At a peak every postcode lookup counts a hit; this
    halves the hit's CPU in the web process and its wait. The value is the plain integer
    Django's Redis serializer stores for `add(key, 1)`, so either way of counting reads the
    other's (a rolling deploy mixes them for a minute)."""
    name = store.make_and_validate_key(key)
    client = store._cache.get_client(name, write=True)  # type: ignore[attr-defined]  # not in the stubs
    pipe = client.pipeline(transaction=True)
    pipe.set(name, 0, ex=window + 5, nx=True)
    pipe.incr(name)
    _created, hits = pipe.execute()
    return int(hits)


def rate_limit_exceeded(*, scope: str, identity: str, rate: str) -> bool:
    """Count one hit for `identity` in `scope`; True when it goes over `rate`. False (and a
    warning in the log) when the store cannot be reached."""
    if not settings.KINSHIP_RATE_LIMITS_ENABLED or not identity:
        return False
    limit, window = parse_rate(rate)
    try:
        hits = _count_hit(_key(scope, identity, window), window)
    except Exception as exc:  # noqa: BLE001 - any store failure lets the request through (module docstring)
        logger.warning("rate-limit store failed for %s (%s); request let through", scope, type(exc).__name__)
        return False
    return hits > limit


def first_in_window(*, key: str, seconds: int) -> bool:
    """True the first time `key` is seen in `seconds` (for "once a day" notices); True as well
    when the store cannot be reached, so a notice is sent twice rather than never."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]  # keys may name an address
    try:
        return bool(cache.add(f"once:{digest}", 1, timeout=seconds))
    except Exception as exc:  # noqa: BLE001 - same reason as rate_limit_exceeded
        logger.warning("cache failed for a once-only notice (%s); sending it", type(exc).__name__)
        return True

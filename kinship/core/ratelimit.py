"""Fixed-window rate limits in the shared cache (database cache on SQLite, Redis at scale).

Limits are strings "COUNT/SECONDS" read from settings, e.g. KINSHIP_RATE_JOIN_IP = "20/3600".
KINSHIP_RATE_LIMITS=off turns every limit off (load tests, acceptance checks only).
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def parse_rate(rate: str) -> tuple[int, int]:
    count, _, seconds = rate.partition("/")
    return int(count), int(seconds)


def client_ip(request: HttpRequest) -> str:
    # Behind a trusted proxy the first X-Forwarded-For hop is the client; set
    # KINSHIP_TRUST_X_FORWARDED_FOR only when such a proxy strips client-supplied values.
    if getattr(settings, "KINSHIP_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def _key(scope: str, identity: str, window: int) -> str:
    # Hash the identity: cache keys must not hold raw addresses or emails.
    digest = hashlib.sha256(f"{scope}:{identity}".encode()).hexdigest()[:32]
    return f"rl:{scope}:{digest}:{int(time.time() // window)}"


def rate_limit_exceeded(*, scope: str, identity: str, rate: str) -> bool:
    """Count one hit for `identity` in `scope`; True when it goes over `rate`."""
    if not settings.KINSHIP_RATE_LIMITS_ENABLED or not identity:
        return False
    limit, window = parse_rate(rate)
    key = _key(scope, identity, window)
    if cache.add(key, 1, timeout=window + 5):
        return limit < 1
    try:
        hits = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 5)
        hits = 1
    return hits > limit

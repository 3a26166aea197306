"""Geography settings: typed accessors (a Django setting of the same name wins, then the
environment, then the default; see kinship.core.conf)."""

from __future__ import annotations

from kinship.core.conf import setting_int, setting_str


def rate_postcode_api() -> str:
    """Fixed-window limit for GET /api/v1/postcodes/<postcode>, per client IP."""
    return setting_str("KINSHIP_RATE_POSTCODE_API", "600/60")


def rate_council_correction() -> str:
    """ "Not your council?" corrections, per client IP."""
    return setting_str("KINSHIP_RATE_COUNCIL_CORRECTION", "30/3600")


def postcode_api_max_age() -> int:
    """ONSPD is published quarterly: a day's caching is safe for clients and proxies."""
    return setting_int("KINSHIP_POSTCODE_API_MAX_AGE", 86400)


def area_cache_check_seconds() -> int:
    """How often a process checks whether areas changed in another process."""
    return setting_int("KINSHIP_AREA_CACHE_CHECK_SECONDS", 30)

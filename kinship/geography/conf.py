"""Geography settings, read from the environment with safe defaults (config.env helpers).

They live here rather than in config/settings so the app owns them; each can be
overridden in Django settings under the same name (tests use that).
"""

from __future__ import annotations

from django.conf import settings

from config.env import env_int, env_str

_DEFAULTS = {
    # Fixed-window limit for GET /api/v1/postcodes/<postcode>, per client IP.
    "KINSHIP_RATE_POSTCODE_API": env_str("KINSHIP_RATE_POSTCODE_API", "600/60"),
    # "Not your council?" corrections, per client IP.
    "KINSHIP_RATE_COUNCIL_CORRECTION": env_str("KINSHIP_RATE_COUNCIL_CORRECTION", "30/3600"),
    # ONSPD is published quarterly: a day's caching is safe for clients and proxies.
    "KINSHIP_POSTCODE_API_MAX_AGE": env_int("KINSHIP_POSTCODE_API_MAX_AGE", 86400),
    # How often a process checks whether areas changed in another process.
    "KINSHIP_AREA_CACHE_CHECK_SECONDS": env_int("KINSHIP_AREA_CACHE_CHECK_SECONDS", 30),
}


def setting(name: str) -> object:
    """A geography setting: Django settings win, then the environment, then the default."""
    return getattr(settings, name, _DEFAULTS[name])


def rate_postcode_api() -> str:
    return str(setting("KINSHIP_RATE_POSTCODE_API"))


def rate_council_correction() -> str:
    return str(setting("KINSHIP_RATE_COUNCIL_CORRECTION"))


def postcode_api_max_age() -> int:
    return int(setting("KINSHIP_POSTCODE_API_MAX_AGE"))  # type: ignore[call-overload]


def area_cache_check_seconds() -> int:
    return int(setting("KINSHIP_AREA_CACHE_CHECK_SECONDS"))  # type: ignore[call-overload]

"""Campaigns settings: typed accessors (a Django setting of the same name wins, then the
environment, then the default; see kinship.core.conf)."""

from __future__ import annotations

from kinship.core.conf import setting_int


def action_cache_seconds() -> int:
    """An action looked up by slug (for the API) is kept per process this long (0 = off)."""
    return setting_int("KINSHIP_ACTION_CACHE_SECONDS", 10)

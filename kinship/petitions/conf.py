"""Petitions settings: typed accessors (a Django setting of the same name wins, then the
environment, then the default; see kinship.core.conf). Rates are "COUNT/SECONDS"."""

from __future__ import annotations

from kinship.core.conf import setting_bool, setting_int, setting_str


def rate_sign_email() -> str:
    """Over this many signatures from one address (any name) in the window, refuse for a while.
    Households share an address, so it is not 1."""
    return setting_str("KINSHIP_RATE_SIGN_EMAIL", "6/3600")


def rate_sign_ip_hold() -> str:
    """Over this many signatures from one connection in the window, new ones are held for a
    person to review (never refused in the request: offices and libraries share addresses)."""
    return setting_str("KINSHIP_RATE_SIGN_IP_HOLD", "10/3600")


def cluster_min_size() -> int:
    """A staff "suspicious cluster": at least this many signatures from one connection or one
    email domain within one hour."""
    return setting_int("KINSHIP_PETITION_CLUSTER_MIN", 10)


def cluster_lookback_days() -> int:
    return setting_int("KINSHIP_PETITION_CLUSTER_DAYS", 7)


def live_count() -> bool:
    """Show the exact live total (sharded counter, summed per request) on petition pages; off:
    the total from the last periodic count (bench comparison, or a very hot petition)."""
    return setting_bool("KINSHIP_PETITION_LIVE_COUNT", True)


def counts_stale_seconds() -> int:
    """Counts by area older than this say when they were last updated."""
    return setting_int("KINSHIP_PETITION_COUNTS_STALE_SECONDS", 60)


def handin_link_days() -> int:
    """How long the hand-in PDF link in the email to the target works."""
    return setting_int("KINSHIP_PETITION_HANDIN_LINK_DAYS", 365)


def ip_retention_days() -> int:
    """Connection addresses are kept this long for the cluster review, then cleared."""
    return setting_int("KINSHIP_PETITION_IP_DAYS", 30)

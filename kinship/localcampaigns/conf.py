"""Local campaigns settings: typed accessors (a Django setting of the same name wins, then the
environment, then the default; see kinship.core.conf)."""

from __future__ import annotations

from kinship.core.conf import setting_int, setting_str


def new_in_office_days() -> int:
    """An office holder who started within this many days is "new": a moment to congratulate them."""
    return setting_int("KINSHIP_NEW_IN_OFFICE_DAYS", 183)


def campaign_slug() -> str:
    """The campaign the toolkit's messages count towards (empty: the first live campaign)."""
    return setting_str("KINSHIP_LOCAL_CAMPAIGN_SLUG", "")


def rate_journey_link_ip() -> str:
    """How many journey-log links one connection may ask for ("COUNT/SECONDS")."""
    return setting_str("KINSHIP_RATE_JOURNEY_LINK_IP", "10/3600")


def journey_link_days() -> int:
    """How long a private journey-log link works."""
    return setting_int("KINSHIP_JOURNEY_LINK_DAYS", 30)

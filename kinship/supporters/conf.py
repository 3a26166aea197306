"""Supporters settings: typed accessors (a Django setting of the same name wins, then the
environment, then the default; see kinship.core.conf)."""

from __future__ import annotations

from kinship.core.conf import setting_str


def rate_join_ip() -> str:
    """Sign-ups per client IP, as COUNT/SECONDS, before the form asks a simple question (many
    people share one address at events, schools and on mobile networks)."""
    return setting_str("KINSHIP_RATE_JOIN_IP", "60/3600")


def rate_join_ip_hard() -> str:
    """Sign-ups per client IP, as COUNT/SECONDS, before every sign-up is refused for a while."""
    return setting_str("KINSHIP_RATE_JOIN_IP_HARD", "1000/3600")


def rate_join_email() -> str:
    """Sign-ups per email address, as COUNT/SECONDS."""
    return setting_str("KINSHIP_RATE_JOIN_EMAIL", "5/3600")


def rate_data_request() -> str:
    """ "Your data" link requests per client IP, as COUNT/SECONDS."""
    return setting_str("KINSHIP_RATE_DATA_REQUEST", "5/3600")


def rate_join_resend() -> str:
    """ "Send the email again" on the join "check your email" page, per sign-up."""
    return setting_str("KINSHIP_RATE_JOIN_RESEND", "3/3600")


def rate_champion_ip() -> str:
    """Champion sign-ups and champion link requests per client IP, as COUNT/SECONDS."""
    return setting_str("KINSHIP_RATE_CHAMPION_IP", "10/3600")

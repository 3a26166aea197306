"""Signed links in emails. Each purpose has its own salt so one link cannot be used for another."""

from __future__ import annotations

from datetime import timedelta

from kinship.core.conf import confirmation_days
from kinship.core.signing import ExpiredTokenError, InvalidTokenError, make_token, read_int_token

__all__ = ["ExpiredTokenError", "InvalidTokenError", "make_token", "read_int_token"]

JOIN_SALT = "kinship.supporters.join-confirm"
UNSUBSCRIBE_SALT = "kinship.supporters.unsubscribe"
DATA_ACCESS_SALT = "kinship.supporters.data-access"
CHECK_EMAIL_SALT = "kinship.supporters.check-email"

DATA_ACCESS_MAX_AGE = timedelta(days=7)


def join_max_age() -> timedelta:
    return timedelta(days=confirmation_days())


CHAMPION_CONFIRM_SALT = "kinship.supporters.champion-confirm"
CHAMPION_PAGE_SALT = "kinship.supporters.champion-page"


def champion_page_max_age() -> timedelta:
    return timedelta(days=30)

"""Signed links in messaging emails. Each purpose has its own salt so one link cannot open another."""

from __future__ import annotations

from datetime import timedelta

from kinship.core.conf import confirmation_days
from kinship.core.signing import ExpiredTokenError, InvalidTokenError, make_token, read_int_token, read_token
from kinship.messaging import conf

__all__ = [
    "ExpiredTokenError",
    "InvalidTokenError",
    "make_token",
    "read_int_token",
    "read_token",
]

CONFIRM_SALT = "kinship.messaging.confirm"
LETTER_SALT = "kinship.messaging.letter"
REPLY_SALT = "kinship.messaging.reply"
MY_ACTIONS_SALT = "kinship.messaging.my-actions"
LETTER_READY_SALT = "kinship.messaging.letter-ready"
CHECK_EMAIL_SALT = "kinship.messaging.check-email"
# Travels to the mail provider in a message's metadata and comes back with its bounce.
BOUNCE_SALT = "kinship.messaging.bounce"


def confirm_max_age() -> timedelta:
    return timedelta(days=confirmation_days())


def my_actions_max_age() -> timedelta:
    return timedelta(days=conf.my_actions_link_days())


# Letters and reply links stay usable for as long as the letter text is kept.
def letter_max_age() -> timedelta:
    return timedelta(days=conf.body_retention_days())


def check_email_max_age() -> timedelta:
    """The "check your email" page (with its resend button) works as long as the confirm link does."""
    return confirm_max_age()

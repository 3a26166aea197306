"""Signed links in messaging emails. Each purpose has its own salt so one link cannot open another."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing

from kinship.messaging import conf

CONFIRM_SALT = "kinship.messaging.confirm"
LETTER_SALT = "kinship.messaging.letter"
REPLY_SALT = "kinship.messaging.reply"
MY_ACTIONS_SALT = "kinship.messaging.my-actions"


class InvalidTokenError(Exception):
    """The link is broken or was not made by us."""


class ExpiredTokenError(InvalidTokenError):
    """The link was ours but is too old."""


def make_token(value: int | str, *, salt: str) -> str:
    return signing.TimestampSigner(salt=salt).sign(str(value))


def read_token(token: str, *, salt: str, max_age: timedelta | None) -> str:
    try:
        return signing.TimestampSigner(salt=salt).unsign(token, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise ExpiredTokenError from exc
    except signing.BadSignature as exc:
        raise InvalidTokenError from exc


def read_int_token(token: str, *, salt: str, max_age: timedelta | None) -> int:
    raw = read_token(token, salt=salt, max_age=max_age)
    try:
        return int(raw)
    except ValueError as exc:
        raise InvalidTokenError from exc


def confirm_max_age() -> timedelta:
    return timedelta(days=settings.KINSHIP_CONFIRMATION_DAYS)


def my_actions_max_age() -> timedelta:
    return timedelta(days=int(conf.get("KINSHIP_MY_ACTIONS_LINK_DAYS")))


# Letters and reply links stay usable for as long as the letter text is kept.
def letter_max_age() -> timedelta:
    return timedelta(days=int(conf.get("KINSHIP_MESSAGE_BODY_RETENTION_DAYS")))


LETTER_READY_SALT = "kinship.messaging.letter-ready"

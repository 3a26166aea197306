"""Signed links in emails. Each purpose has its own salt so one link cannot be used for another."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing

JOIN_SALT = "kinship.supporters.join-confirm"
UNSUBSCRIBE_SALT = "kinship.supporters.unsubscribe"
DATA_ACCESS_SALT = "kinship.supporters.data-access"

DATA_ACCESS_MAX_AGE = timedelta(days=7)


class InvalidTokenError(Exception):
    """The link is broken or was not made by us."""


class ExpiredTokenError(InvalidTokenError):
    """The link was ours but is too old."""


def make_token(value: int, *, salt: str) -> str:
    return signing.TimestampSigner(salt=salt).sign(str(value))


def read_token(token: str, *, salt: str, max_age: timedelta | None) -> int:
    signer = signing.TimestampSigner(salt=salt)
    try:
        raw = signer.unsign(token, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise ExpiredTokenError from exc
    except signing.BadSignature as exc:
        raise InvalidTokenError from exc
    try:
        return int(raw)
    except ValueError as exc:
        raise InvalidTokenError from exc


def join_max_age() -> timedelta:
    return timedelta(days=settings.KINSHIP_CONFIRMATION_DAYS)

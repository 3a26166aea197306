"""Signed links in emails, shared by every app. Each purpose passes its own salt so one link
cannot open another; the salts and lifetimes live in each app's `tokens.py`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.core import signing


class InvalidTokenError(Exception):
    """The link is broken or was not made by us."""


class ExpiredTokenError(InvalidTokenError):
    """The link was ours but is too old."""


def make_token(value: int | str, *, salt: str) -> str:
    """Sign `value` with a timestamp for a link."""
    return signing.TimestampSigner(salt=salt).sign(str(value))


def read_token(token: str, *, salt: str, max_age: timedelta | None) -> str:
    """The value a link was signed with; raises ExpiredTokenError or InvalidTokenError."""
    try:
        return signing.TimestampSigner(salt=salt).unsign(token, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise ExpiredTokenError from exc
    except signing.BadSignature as exc:
        raise InvalidTokenError from exc


def read_int_token(token: str, *, salt: str, max_age: timedelta | None) -> int:
    """The id a link was signed with; raises ExpiredTokenError or InvalidTokenError."""
    raw = read_token(token, salt=salt, max_age=max_age)
    try:
        return int(raw)
    except ValueError as exc:
        raise InvalidTokenError from exc


@contextmanager
def link_errors(*, expired: type[Exception], invalid: type[Exception]) -> Iterator[None]:
    """Turn token errors into an app's own link errors (which its views show as kind pages)."""
    try:
        yield
    except ExpiredTokenError as exc:
        raise expired from exc
    except InvalidTokenError as exc:
        raise invalid from exc

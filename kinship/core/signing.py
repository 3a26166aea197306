"""Signed links in emails, shared by every app. Each purpose passes its own salt so one link
cannot open another; the salts and lifetimes live in each app's `tokens.py`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.core import signing
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


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


# What a signed token is made of (`TimestampSigner`: the value, a base62 time, a URL-safe
# base64 signature, joined by ":"), none of which `reverse` would quote.
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_:-]+$")
_HOLE = "kinshiptokenhole"
# (view, language, script prefix, urlconf, other arguments) -> the path before and after the token
_token_paths: dict[tuple[object, ...], tuple[str, str]] = {}
_MAX_TOKEN_PATHS = 1024


def token_path(viewname: str, *, token: str, **kwargs: str) -> str:
    """`reverse(viewname, kwargs={"token": token, **kwargs})`, the URL resolver asked once per
    view, language and other arguments rather than for every link: every public write makes two
    to four such links, and reversing was about a twelfth of a join's Python (issue 17). The
    token goes into the path as `reverse` would put it (a token of another shape is reversed)."""
    if not _TOKEN_SHAPE.match(token):
        return reverse(viewname, kwargs={**kwargs, "token": token})
    key = (viewname, get_language(), get_script_prefix(), get_urlconf(), tuple(sorted(kwargs.items())))
    parts = _token_paths.get(key)
    if parts is None:
        path = reverse(viewname, kwargs={**kwargs, "token": _HOLE})
        if path.count(_HOLE) != 1:
            return reverse(viewname, kwargs={**kwargs, "token": token})
        before, after = path.split(_HOLE)
        if len(_token_paths) >= _MAX_TOKEN_PATHS:
            _token_paths.clear()
        parts = _token_paths[key] = (before, after)
    return f"{parts[0]}{token}{parts[1]}"

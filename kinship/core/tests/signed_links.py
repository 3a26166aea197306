"""Comparing two signed links in tests without depending on the clock.

A link's token carries the second it was signed in (`core.signing.make_token`), so a link
written during a request and one signed again by the test differ whenever the second ticks
over between them (a slow machine makes that common). Two links are the same link when they
differ only in the token and both tokens read back to the same value."""

from __future__ import annotations

import re

from kinship.core.signing import read_token

_TOKEN = re.compile(r"/([A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+)/")


def assert_same_signed_link(written: str, expected: str, *, salt: str) -> None:
    """`written` is `expected` but for the time its token was signed."""
    written_token, expected_token = _token(written), _token(expected)
    assert written.replace(written_token, "<token>") == expected.replace(expected_token, "<token>")
    assert read_token(written_token, salt=salt, max_age=None) == read_token(
        expected_token, salt=salt, max_age=None
    )


def _token(url: str) -> str:
    match = _TOKEN.search(url)
    assert match, f"no signed token in {url}"
    return match.group(1)

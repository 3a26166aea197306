"""Bounded retries for the representatives clients: 429, 5xx, timeouts and dropped connections
are retried with exponential backoff, honouring Retry-After; everything else fails at once."""

from __future__ import annotations

import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Self

import httpx

from kinship.representatives import conf

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER_SECONDS = 60.0


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds from a Retry-After header (a number of seconds or an HTTP date), capped."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - time.time()
    return max(0.0, min(seconds, MAX_RETRY_AFTER_SECONDS))


class TransientHTTPError(Exception):
    """The last attempt failed in a way worth retrying; carries what happened."""

    def __init__(self, message: str, *, timed_out: bool = False, status: int | None = None) -> None:
        super().__init__(message)
        self.timed_out = timed_out
        self.status = status


def get_with_retries(
    client: httpx.Client,
    url: str,
    *,
    params: dict[str, str | int] | None,
    max_retries: int,
    backoff: float,
    sleep: Callable[[float], None],
) -> httpx.Response:
    """GET `url`; returns the first non-retryable response, or raises TransientHTTPError."""
    attempt = 0
    while True:
        wait: float | None = None
        try:
            response = client.get(url, params=params)
        except httpx.TimeoutException as exc:
            error = TransientHTTPError(f"timed out after {client.timeout.read}s: {exc}", timed_out=True)
        except httpx.TransportError as exc:
            error = TransientHTTPError(f"could not connect: {exc}")
        else:
            if response.status_code not in RETRY_STATUSES:
                return response
            error = TransientHTTPError(f"HTTP {response.status_code}", status=response.status_code)
            wait = retry_after_seconds(response.headers.get("Retry-After"))
        if attempt >= max_retries:
            raise error
        sleep(wait if wait is not None else backoff * (2**attempt))
        attempt += 1


class RetryingClient:
    """Shared plumbing for one API's client: an httpx client with explicit timeouts, bounded
    retries and a context manager. Each API's module subclasses it and raises its own errors."""

    def __init__(
        self,
        *,
        timeout: float,
        max_retries: int,
        backoff: float,
        sleep: Callable[[float], None],
        transport: httpx.BaseTransport | None,
        accept: str,
        follow_redirects: bool,
        base_url: str = "",
    ) -> None:
        self.max_retries = max_retries
        self.backoff = backoff
        self._sleep = sleep
        self._http = httpx.Client(
            base_url=base_url,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            headers={"Accept": accept, "User-Agent": conf.USER_AGENT},
            transport=transport,
            follow_redirects=follow_redirects,
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _get(self, url: str, params: dict[str, str | int] | None = None) -> httpx.Response:
        """GET with bounded retries; raises TransientHTTPError when every attempt failed."""
        return get_with_retries(
            self._http,
            url,
            params=params,
            max_retries=self.max_retries,
            backoff=self.backoff,
            sleep=self._sleep,
        )

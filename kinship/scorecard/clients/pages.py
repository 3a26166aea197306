"""The one HTTP client for fetching council web pages (the evidence checker): timeouts, a
clear user agent, a polite gap between requests to the same host, a size cap, and redirects
followed but reported. Raises PageFetchError when a page cannot be reached at all."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Self
from urllib.parse import urlsplit

import httpx

from kinship.scorecard import conf

MAX_BYTES = 2_000_000
MAX_REDIRECTS = 10


class PageFetchError(Exception):
    """The page could not be reached (timeout, refused connection, bad address, too many redirects)."""


@dataclass(frozen=True)
class FetchedPage:
    url: str  # as asked
    final_url: str  # after redirects
    status: int
    html: str


class PageClient:
    """Fetch pages politely. Use as a context manager; one per checking round."""

    def __init__(
        self,
        *,
        timeout: float | None = None,
        host_interval: float | None = None,
        user_agent: str | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = httpx.Client(
            timeout=timeout if timeout is not None else conf.checker_timeout_seconds(),
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            headers={"User-Agent": user_agent or conf.checker_user_agent(), "Accept": "text/html,*/*;q=0.5"},
        )
        self._interval = host_interval if host_interval is not None else conf.checker_host_interval_seconds()
        self._sleep = sleep
        self._clock = clock
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._client.close()

    def _wait_turn(self, host: str) -> None:
        with self._lock:
            last = self._last.get(host)
            now = self._clock()
            if last is not None and now - last < self._interval:
                self._sleep(self._interval - (now - last))
            self._last[host] = self._clock()

    def fetch(self, url: str) -> FetchedPage:
        """GET one page (following redirects); 4xx and 5xx are answers, not errors."""
        host = urlsplit(url).hostname or ""
        if urlsplit(url).scheme not in ("http", "https") or not host:
            raise PageFetchError(f"not a web address: {url}")
        self._wait_turn(host)
        try:
            with self._client.stream("GET", url) as response:
                body = b""
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > MAX_BYTES:
                        break
                encoding = response.encoding or "utf-8"
                return FetchedPage(
                    url=url,
                    final_url=str(response.url),
                    status=response.status_code,
                    html=body[:MAX_BYTES].decode(encoding, errors="replace"),
                )
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise PageFetchError(f"{type(exc).__name__} fetching {host}") from exc

"""Outliving the database: what a long-running loop does when its connection goes away.

A PostgreSQL restart, a network blip or a killed backend surfaces in Django as
`OperationalError` or `InterfaceError`. The worker's loops catch those, close the dead
connection (the next query opens a fresh one), wait a bounded, growing time and carry on.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import InterfaceError, OperationalError, connections

from kinship.core import conf

logger = logging.getLogger("kinship.worker")

DB_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)

T = TypeVar("T")


class Backoff:
    """Bounded exponential backoff with a little jitter: first, 2×first, 4×first … up to `cap`."""

    def __init__(self, *, first: float = 0.5, cap: float = 30.0) -> None:
        self.first = first
        self.cap = cap
        self.failures = 0

    def next_delay(self) -> float:
        delay = min(self.first * (2**self.failures), self.cap)
        self.failures += 1
        return delay + random.uniform(0, delay * 0.1)

    def reset(self) -> None:
        self.failures = 0


def reset_connections() -> None:
    """Close this thread's database connections; the next query opens a fresh one.

    Closing a connection whose server has gone can itself fail: that is ignored."""
    for conn in connections.all(initialized_only=True):
        try:
            conn.close()
        except DB_ERRORS:
            logger.debug("closing a dead database connection failed")


def retry_on_db_error(func: Callable[[], T], *, what: str, within: float | None = None) -> T:
    """Call `func` until it returns without a database error, backing off in between; after
    `within` seconds (KINSHIP_DB_RETRY_SECONDS by default) the last error is raised.

    For writes that must not be lost while the database is briefly away, such as recording
    that an email has already been handed to the mail server. `func` must be idempotent."""
    limit = conf.db_retry_seconds() if within is None else within
    deadline = time.monotonic() + limit
    backoff = Backoff()
    while True:
        try:
            return func()
        except DB_ERRORS as exc:
            reset_connections()
            delay = backoff.next_delay()
            if time.monotonic() + delay > deadline:
                raise
            logger.warning(
                "database unavailable while %s (%s); retrying in %.1f s", what, type(exc).__name__, delay
            )
            time.sleep(delay)

"""Outliving the database: what a long-running loop does when its connection goes away, and
how a request's first database work finds out for itself whether its connection still works.

A PostgreSQL restart, a network blip or a killed backend surfaces in Django as
`OperationalError` or `InterfaceError`. The worker's loops catch those, close the dead
connection (the next query opens a fresh one), wait a bounded, growing time and carry on.
The peak-day paths (the postcode read, the public writes) run their first work through
`on_checked_connection` instead of paying for Django's `SELECT 1` health check.
"""

from __future__ import annotations

import functools
import logging
import random
import time
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections, transaction

from kinship.core import conf

logger = logging.getLogger("kinship.worker")

DB_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)

T = TypeVar("T")
P = ParamSpec("P")


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


def _due_health_check(connection: Any) -> bool:
    """A connection reused from an earlier request, due its CONN_HEALTH_CHECKS `SELECT 1` before
    its first query, and outside any transaction (Django's own health-check state, which
    django-stubs does not know)."""
    return bool(
        getattr(connection, "health_check_enabled", False)
        and not getattr(connection, "health_check_done", True)
        and connection.connection is not None
        and not connection.in_atomic_block
    )


def _died(connection: Any, raw: Any) -> bool:
    """Whether the raw connection `raw` has died: Django has already dropped it (a failed
    ROLLBACK at the end of `atomic` closes the connection, and leaving the block opens a new
    one), or psycopg knows it closed, or it fails a check now."""
    if connection.connection is not raw:
        return True
    return bool(getattr(raw, "closed", False)) or not connection.is_usable()


def on_checked_connection(work: Callable[[], T], *, atomic: bool = False, using: str = DEFAULT_DB_ALIAS) -> T:
    """Run `work` (a read; with `atomic`, a whole transaction) without first sending Django's
    health check when it is a request's first database work on a reused connection.

    CONN_HEALTH_CHECKS sends a `SELECT 1` before each request's first query, a round trip and
    some Python as dear as a primary-key read, on the busiest paths of a peak day (issue 17).
    The work shows as well whether the connection works: if it fails because the connection had
    died since the last request (the database restarted, the backend was killed), nothing can
    have been committed, so the dead connection is closed and `work` runs once more, on a new
    one (its own transaction again with `atomic`: on_commit hooks of the failed try are dropped
    with it). An error at COMMIT is never retried (the rows may have been stored), nor an error
    on a connection that still works (a constraint, a timeout): those are raised as ever.
    Elsewhere (a checked connection, inside a caller's transaction) this is plain `work()`, in
    `transaction.atomic` when asked."""
    connection = connections[using]
    committing = False

    def attempt() -> T:
        nonlocal committing
        if not atomic:
            return work()
        with transaction.atomic(using=using):
            result = work()
            committing = True
        return result

    if not _due_health_check(connection):
        return attempt()
    connection.health_check_done = True  # type: ignore[attr-defined]  # the work will show it works
    raw = connection.connection
    try:
        return attempt()
    except DB_ERRORS:
        if committing or not _died(connection, raw):
            raise
        logger.info("a reused database connection had died; trying again on a new one")
        if connection.connection is raw:
            try:
                connection.close()
            except DB_ERRORS:
                logger.debug("closing a dead database connection failed")
    return attempt()


def atomic_on_checked_connection(func: Callable[P, T]) -> Callable[P, T]:
    """`transaction.atomic` for a public write service, run through `on_checked_connection`:
    no health check before its transaction, and one more try on a new connection if the reused
    one had died before anything was committed."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        return on_checked_connection(lambda: func(*args, **kwargs), atomic=True)

    return wrapper

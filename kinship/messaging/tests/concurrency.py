"""Helpers for tests that run workers or confirmations at the same time.

These need real concurrent transactions with row locks, which the in-memory SQLite test
database cannot give (its shared-cache locks fail instead of waiting), so they run on
PostgreSQL and are skipped on SQLite."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections


def needs_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs concurrent transactions with row locks (PostgreSQL); the in-memory SQLite test "
            "database cannot run two workers meaningfully — run with DATABASE_URL=postgres://..."
        )


def in_threads(*targets: Callable[[], object]) -> list[BaseException]:
    """Run each target in its own thread, all starting together; return what they raised."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(targets))

    def wrap(fn: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            try:
                barrier.wait()
                fn()
            except BaseException as exc:  # noqa: BLE001 - collected and asserted on by the test
                errors.append(exc)
            finally:
                connections.close_all()

        return run

    threads = [threading.Thread(target=wrap(t)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return errors

"""Test helpers: a reused database connection as a request finds it, and one whose PostgreSQL
backend has been killed since (as a database restart leaves it)."""

from __future__ import annotations

import psycopg
from django.db import connection


def new_request() -> None:
    """As Django leaves a reused connection at the start of a request (CONN_HEALTH_CHECKS on)."""
    connection.ensure_connection()
    connection.health_check_enabled = True  # type: ignore[attr-defined]
    connection.health_check_done = False  # type: ignore[attr-defined]


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        row = cursor.fetchone()
        assert row is not None
        return int(row[0])


def kill_backend() -> int:
    """Terminate this connection's PostgreSQL backend from another connection; its pid."""
    pid = backend_pid()
    settings = connection.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        password=settings["PASSWORD"] or None,
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    return pid

"""The postcode read on PostgreSQL (a prepared statement, the busiest read at a peak): the first
read of a request needs no `SELECT 1` health check first, and a connection that died since the
last request (the database restarted) is replaced and the read made again, so no visitor sees an
error for it."""

from __future__ import annotations

import pytest
from django.db import connection

from kinship.core.tests.dead_connection import backend_pid, kill_backend, new_request
from kinship.geography.selectors import postcode_row_get
from kinship.geography.tests.factories import PostcodeFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the prepared read is PostgreSQL's (DATABASE_URL=postgres://...)")


def test_the_first_read_of_a_request_sends_no_health_check(monkeypatch):
    PostcodeFactory(postcode="XX9 9ZZ")
    new_request()
    checks = []
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append(1) or True)

    row = postcode_row_get(postcode="XX9 9ZZ")

    assert row is not None and row.postcode == "XX9 9ZZ"
    assert checks == []
    assert connection.health_check_done  # type: ignore[attr-defined]  # the read showed it works


def test_a_connection_that_died_between_requests_is_replaced_and_the_read_made_again():
    PostcodeFactory(postcode="XX9 9ZY")
    pid = kill_backend()
    new_request()

    row = postcode_row_get(postcode="XX9 9ZY")

    assert row is not None and row.postcode == "XX9 9ZY"
    assert backend_pid() != pid

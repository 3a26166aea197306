"""The first database work of a request on a reused connection (`core.dbretry.on_checked_connection`,
issue 17): no `SELECT 1` health check before it; a connection that had died is replaced and the
work done once more, so nobody sees an error for it and nothing is stored twice; any other error
is raised as before."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import OperationalError, connection, transaction

from kinship.core.dbretry import on_checked_connection
from kinship.core.models import OutboundEmail
from kinship.core.outbox import email_enqueue
from kinship.core.tests.dead_connection import backend_pid, kill_backend, new_request

pytestmark = pytest.mark.django_db(transaction=True)


def _enqueue(hooks: list[int]) -> OutboundEmail:
    row = email_enqueue(
        kind="test", to="ann@example.org", template="t", context={}, language="en-gb", render_in_worker=True
    )
    transaction.on_commit(lambda: hooks.append(row.pk))
    return row


@pytest.fixture
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("killing a backend is PostgreSQL's (DATABASE_URL=postgres://...)")


def test_the_first_transaction_of_a_request_sends_no_health_check(monkeypatch):
    new_request()
    checks: list[int] = []
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append(1) or True)
    hooks: list[int] = []

    row = on_checked_connection(lambda: _enqueue(hooks), atomic=True)

    assert checks == []
    assert hooks == [row.pk]
    assert connection.health_check_done  # type: ignore[attr-defined]  # the work showed it works


@pytest.mark.usefixtures("_postgres_only")
def test_a_transaction_on_a_connection_that_died_is_made_once_on_a_new_one():
    pid = kill_backend()
    new_request()
    hooks: list[int] = []

    row = on_checked_connection(lambda: _enqueue(hooks), atomic=True)

    assert list(OutboundEmail.objects.values_list("pk", flat=True)) == [row.pk]
    assert hooks == [row.pk]  # the failed try's on_commit hook went with it
    assert backend_pid() != pid


def test_an_error_on_a_working_connection_is_not_tried_again():
    new_request()
    calls: list[int] = []

    def work() -> Any:
        calls.append(1)
        _enqueue([])
        raise OperationalError("a statement timeout, say")

    with pytest.raises(OperationalError):
        on_checked_connection(work, atomic=True)
    assert calls == [1]
    assert not OutboundEmail.objects.exists()


def test_inside_a_callers_transaction_it_is_the_callers_work():
    new_request()
    with transaction.atomic():
        on_checked_connection(lambda: _enqueue([]), atomic=True)
        assert connection.in_atomic_block
    assert OutboundEmail.objects.count() == 1

"""Concurrency: two workers at once, and a double-clicked confirm racing itself.

These need real concurrent transactions with row locks, which the in-memory SQLite test
database cannot give (its shared-cache locks fail instead of waiting), so they run on
PostgreSQL and are skipped on SQLite."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from kinship.messaging import services, tokens
from kinship.messaging.models import Message, MessageStatus
from kinship.messaging.tasks import message_send
from kinship.messaging.tests.conftest import run_worker
from kinship.messaging.tests.factories import BODY, ActionFactory, submission_data

pytestmark = pytest.mark.django_db(transaction=True)


def _needs_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs concurrent transactions with row locks (PostgreSQL); the in-memory SQLite test "
            "database cannot run two workers meaningfully — run with DATABASE_URL=postgres://..."
        )


def _in_threads(*targets) -> list[BaseException]:  # type: ignore[no-untyped-def]
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(targets))

    def wrap(fn):  # type: ignore[no-untyped-def]
        def run() -> None:
            try:
                barrier.wait()
                fn()
            except BaseException as exc:  # noqa: BLE001
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


def test_two_workers_at_once_never_send_a_message_twice(place, smtp, db_tasks):
    _needs_postgres()
    action = ActionFactory()
    for i in range(15):
        sub = services.message_submit(
            action=action,
            data=submission_data(email=f"c{i}@example.com", body=f"{BODY} ({i})"),
            language="en-gb",
        )
        services.message_confirm(token=tokens.make_token(sub.pk, salt=tokens.CONFIRM_SALT))
    # Every message queued a second time as well, as a lost-task recovery might.
    for pk in Message.objects.values_list("pk", flat=True):
        message_send.enqueue(pk)
    errors = _in_threads(lambda: run_worker(worker_id="w1"), lambda: run_worker(worker_id="w2"))
    assert errors == []
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.SENT}
    ids = Counter(
        str(m["Message-ID"]) for m in smtp.inbox.messages if str(m["Message-ID"]).startswith("<message-")
    )
    assert len(ids) == 30
    assert set(ids.values()) == {1}


def test_double_clicked_confirm_racing_itself_sends_once(action, smtp, db_tasks):
    _needs_postgres()
    sub = services.message_submit(action=action, data=submission_data(), language="en-gb")
    token = tokens.make_token(sub.pk, salt=tokens.CONFIRM_SALT)
    errors = _in_threads(*[lambda: services.message_confirm(token=token) for _ in range(4)])
    assert errors == []
    run_worker()
    assert len(smtp.inbox.to("mp@parliament.example.org")) == 1
    assert len(smtp.inbox.to("lead.member@demoshire.example.org")) == 1

"""Fault tests: the real worker (`manage.py worker`, a child process) outlives its database.

Messages to representatives and service emails are queued, the worker starts draining them to
a real SMTP server on loopback, and the database goes away mid-drain: its sessions killed
(a lost connection), the line cut (a network blip), or the server restarted while another
thread submits a burst of new messages. Afterwards every queued email has arrived exactly once
(counted by Message-ID at the SMTP server), no submission is half-written, and the worker
process is still running. PostgreSQL only: the child process needs a shared database server.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.db import connection, connections
from django.utils import timezone

from kinship.core.dbretry import DB_ERRORS, reset_connections
from kinship.core.models import OutboundEmail
from kinship.core.outbox import outbound_email_send
from kinship.messaging import services, tokens
from kinship.messaging.models import Channel, Message, MessageStatus, Submission, SubmissionStatus
from kinship.messaging.tests.conftest import SmtpServer, free_port, submit_and_confirm
from kinship.messaging.tests.factories import BODY, submission_data
from kinship.messaging.tests.faults import (
    SlowInbox,
    TcpRelay,
    WorkerProcess,
    database_url,
    local_cluster,
    restart_postgres,
    terminate_other_sessions,
    wait_until,
)

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "fault tests run the worker as a child process, which needs a shared database server "
            "(PostgreSQL); the SQLite test database is in memory"
        )


@pytest.fixture
def slow_smtp(settings) -> Iterator[SmtpServer]:  # type: ignore[no-untyped-def]
    """aiosmtpd on loopback taking 30 ms a message, so a drain lasts a few seconds."""
    server = SmtpServer(SlowInbox(delay=0.03), free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def queued(settings, action) -> None:  # type: ignore[no-untyped-def]
    """Rows are left for the worker (no sending on commit in this process)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    settings.KINSHIP_MESSAGE_DAILY_CAP_PER_TARGET = 100_000


@dataclass
class Outcome:
    expected: set[str] = field(default_factory=set)
    lost: int = 0
    twice: int = 0
    strangers: int = 0
    partial_rows: int = 0
    server_errors: int = 0

    def line(self, name: str) -> str:
        return (
            f"FAULT {name}: queued={len(self.expected)} lost={self.lost} sent_twice={self.twice} "
            f"unexpected={self.strangers} server_errors={self.server_errors} partial_rows={self.partial_rows}"
        )


def expected_message_ids() -> set[str]:
    """Every email the worker must deliver: confirmed messages and service emails."""
    messages = Message.objects.filter(channel=Channel.EMAIL).exclude(
        status__in=[MessageStatus.AWAITING_CONFIRMATION, MessageStatus.WITHHELD, MessageStatus.ABANDONED]
    )
    return {m.message_id for m in messages} | {e.message_id for e in OutboundEmail.objects.all()}


def all_sent() -> bool:
    try:
        return (
            not Message.objects.filter(
                channel=Channel.EMAIL, status__in=[MessageStatus.QUEUED, MessageStatus.SENDING]
            ).exists()
            and not OutboundEmail.objects.exclude(status="sent").exists()
        )
    except DB_ERRORS:
        reset_connections()
        return False


def partial_submissions() -> int:
    """Submissions without their messages, or confirmed with messages left unconfirmed."""
    empty = Submission.objects.filter(messages__isnull=True).count()
    half = (
        Submission.objects.filter(
            status=SubmissionStatus.CONFIRMED, messages__status=MessageStatus.AWAITING_CONFIRMATION
        )
        .distinct()
        .count()
    )
    return empty + half


def settle(worker: WorkerProcess, inbox: SlowInbox, outcome: Outcome, name: str) -> Outcome:
    """Wait for the queue to empty, then count what the SMTP server received."""
    delivered = wait_until(all_sent, timeout=240, step=0.25)
    reset_connections()
    outcome.expected |= expected_message_ids()
    counts = inbox.message_ids()
    outcome.lost = sum(1 for mid in outcome.expected if counts[mid] == 0)
    outcome.twice = sum(1 for mid in outcome.expected if counts[mid] > 1)
    outcome.strangers = sum(1 for mid in counts if mid not in outcome.expected)
    outcome.partial_rows = partial_submissions()
    print(outcome.line(name))
    assert delivered, worker.output()[-4000:]
    return outcome


def assert_clean(worker: WorkerProcess, outcome: Outcome) -> None:
    assert (outcome.lost, outcome.twice, outcome.strangers, outcome.partial_rows) == (0, 0, 0, 0)
    assert worker.alive(), worker.output()[-4000:]


def task_sent_email() -> OutboundEmail:
    """A service email sent through the task queue (not the drain loop): proves the task
    worker is still taking tasks. `send_after` keeps the drain loop off it."""
    row = OutboundEmail.objects.create(
        kind="test",
        to="task@example.org",
        subject="Sent by a task",
        text_body="Hello",
        send_after=timezone.now() + dt.timedelta(days=1),
    )
    outbound_email_send.enqueue(row.pk)
    return row


def test_worker_survives_lost_database_connections_mid_drain(action, queued, slow_smtp):
    submit_and_confirm(action, n=25)
    worker = WorkerProcess(smtp_port=slow_smtp.port, db_url=database_url())
    worker.start()
    try:
        assert wait_until(lambda: len(slow_smtp.inbox.messages) >= 10, timeout=60), worker.output()
        killed = terminate_other_sessions()
        assert wait_until(lambda: len(slow_smtp.inbox.messages) >= 30, timeout=60), worker.output()
        killed += terminate_other_sessions()
        assert killed >= 2  # the worker's sessions really were cut
        task_row = task_sent_email()
        outcome = settle(worker, slow_smtp.inbox, Outcome(), "lost connection")
        assert_clean(worker, outcome)
        task_row.refresh_from_db()
        assert task_row.status == "sent"
    finally:
        worker.stop()


def test_worker_survives_a_network_blip_mid_drain(action, queued, slow_smtp, settings):
    submit_and_confirm(action, n=25)
    db = settings.DATABASES["default"]
    relay = TcpRelay(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432))
    worker = WorkerProcess(smtp_port=slow_smtp.port, db_url=database_url(host="127.0.0.1", port=relay.port))
    worker.start()
    try:
        assert wait_until(lambda: len(slow_smtp.inbox.messages) >= 10, timeout=60), worker.output()
        assert relay.blip(3.0) >= 1  # the worker's connections went through the relay and were cut
        assert wait_until(lambda: len(slow_smtp.inbox.messages) >= 30, timeout=60), worker.output()
        relay.blip(1.0)
        task_row = task_sent_email()
        outcome = settle(worker, slow_smtp.inbox, Outcome(), "network blip")
        assert_clean(worker, outcome)
        task_row.refresh_from_db()
        assert task_row.status == "sent"
    finally:
        worker.stop()
        relay.close()


def _burst(action, count: int, outcome: Outcome, done: threading.Event) -> None:  # type: ignore[no-untyped-def]
    """Another thread submitting and confirming messages through the services, retrying each
    step the restarting database refuses (each refusal is what a web request would show as a
    server error)."""
    try:
        for i in range(count):
            email = f"burst{i}@example.com"
            submission = None
            while submission is None:
                try:
                    submission = Submission.objects.filter(email=email).first() or services.submission_create(
                        action=action,
                        data=submission_data(email=email, body=f"{BODY} [burst {i}]"),
                        language="en-gb",
                    )
                except DB_ERRORS:
                    outcome.server_errors += 1
                    reset_connections()
                    done.wait(0.2)
            token = tokens.make_token(submission.pk, salt=tokens.CONFIRM_SALT)
            while True:
                try:
                    services.submission_confirm(token=token)
                    break
                except DB_ERRORS:
                    outcome.server_errors += 1
                    reset_connections()
                    done.wait(0.2)
    finally:
        connections.close_all()
        done.set()


@pytest.mark.skipif(
    int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")) > 1,
    reason="restarting PostgreSQL would break the other xdist workers' tests: run without -n (as make test does)",
)
@pytest.mark.skipif(
    os.environ.get("KINSHIP_FAULT_RESTART_POSTGRES") != "1",
    reason="restarts the machine's PostgreSQL server, which would break anyone else's tests on it: "
    "set KINSHIP_FAULT_RESTART_POSTGRES=1 (.ci/run does) on a machine of your own",
)
def test_worker_survives_a_postgresql_restart_mid_drain_and_mid_burst(action, queued, slow_smtp):
    version = local_cluster()
    if version is None:
        pytest.skip("needs the local PostgreSQL cluster and pg_ctlcluster to restart it")
    submit_and_confirm(action, n=25)
    worker = WorkerProcess(smtp_port=slow_smtp.port, db_url=database_url())
    worker.start()
    outcome = Outcome()
    done = threading.Event()
    try:
        assert wait_until(lambda: len(slow_smtp.inbox.messages) >= 10, timeout=60), worker.output()
        burst = threading.Thread(target=_burst, args=(action, 20, outcome, done))
        burst.start()
        assert wait_until(
            lambda: Submission.objects.filter(email__startswith="burst").count() >= 3, timeout=30
        )
        connection.close()  # this thread's connection dies with the server
        took = restart_postgres(version)
        assert took < 30
        burst.join(timeout=120)
        assert not burst.is_alive()
        task_row = task_sent_email()
        settle(worker, slow_smtp.inbox, outcome, "postgresql restart")
        assert Submission.objects.filter(email__startswith="burst").count() == 20
        assert_clean(worker, outcome)
        task_row.refresh_from_db()
        assert task_row.status == "sent"
    finally:
        done.set()
        worker.stop()

import pytest
from django.core.management import call_command

from kinship.core.models import DeadLetter
from kinship.core.tests import sample_tasks

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}


@pytest.mark.django_db(transaction=True)
def test_worker_command_runs_queued_tasks_from_the_database(settings):
    settings.TASKS = DB_TASKS
    sample_tasks.CALLS.clear()
    sample_tasks.fails_twice.enqueue("queued")
    assert sample_tasks.CALLS == []  # nothing runs until a worker picks it up
    settings.KINSHIP_TASK_BACKOFF_SECONDS = 0
    for _ in range(3):
        call_command("worker", "--batch", "--no-startup-delay", "--no-periodic", "--interval", "0")
    assert sample_tasks.CALLS == ["queued", "queued", "queued"]
    assert DeadLetter.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_worker_dead_letters_after_the_last_attempt(settings):
    settings.TASKS = DB_TASKS
    settings.KINSHIP_TASK_MAX_ATTEMPTS = 2
    settings.KINSHIP_TASK_BACKOFF_SECONDS = 0
    sample_tasks.CALLS.clear()
    sample_tasks.always_fails.enqueue("doomed")
    for _ in range(3):
        call_command("worker", "--batch", "--no-startup-delay", "--no-periodic", "--interval", "0")
    assert sample_tasks.CALLS == ["doomed", "doomed"]
    assert DeadLetter.objects.get().attempts == 2


@pytest.mark.django_db(transaction=True)
def test_worker_drains_the_outbox_without_a_task_per_email(settings):
    from django.core import mail
    from django_tasks_db.models import DBTaskResult

    from kinship.core.models import OutboundEmail
    from kinship.core.outbox import email_enqueue

    settings.TASKS = DB_TASKS
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    rows = [
        email_enqueue(
            kind="test", to=f"x{i}@example.org", template="supporters/email/data_access", context={}
        )
        for i in range(3)
    ]
    assert DBTaskResult.objects.count() == 0  # the outbox row is the queue entry
    call_command(
        "worker",
        "--batch",
        "--no-startup-delay",
        "--no-periodic",
        "--interval",
        "0",
        "--drain-interval",
        "0.1",
    )
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}
    assert sorted(m.extra_headers["Message-ID"] for m in mail.outbox) == sorted(r.message_id for r in rows)


@pytest.mark.django_db(transaction=True)
def test_worker_drain_loop_sends_within_a_couple_of_seconds(settings):
    import threading
    import time

    from django.core import mail
    from django.db import OperationalError, connections

    from kinship.core.management.commands.worker import Command
    from kinship.core.models import OutboundEmail
    from kinship.core.outbox import email_enqueue

    settings.TASKS = DB_TASKS
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    stop = threading.Event()

    def loop() -> None:
        try:
            Command._drain_loop(0.2, stop)
        finally:
            connections.close_all()

    def enqueue() -> OutboundEmail:
        # The in-memory SQLite test database locks whole tables while the loop's claim runs
        # (file databases wait instead): try again, as a moment later the loop has let go.
        for _ in range(100):
            try:
                return email_enqueue(
                    kind="test", to="x@example.org", template="supporters/email/data_access", context={}
                )
            except OperationalError as exc:
                if "locked" not in str(exc):
                    raise
                time.sleep(0.01)
        raise AssertionError("the outbox table stayed locked")

    thread = threading.Thread(target=loop)
    thread.start()
    try:
        row = enqueue()
        deadline = time.monotonic() + 2
        while (
            time.monotonic() < deadline
            and not OutboundEmail.objects.filter(pk=row.pk, status="sent").exists()
        ):
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(10)
    assert OutboundEmail.objects.get(pk=row.pk).status == "sent"
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [row.message_id]


def test_backoff_grows_and_stays_under_its_cap():
    from kinship.core.dbretry import Backoff

    backoff = Backoff(first=0.5, cap=4.0)
    delays = [backoff.next_delay() for _ in range(8)]

    assert delays[0] < delays[1] < delays[2]
    assert all(d <= 4.0 * 1.1 for d in delays)
    backoff.reset()
    assert backoff.next_delay() <= 0.55


def test_retry_on_db_error_waits_for_the_database_to_come_back(monkeypatch):
    from django.db import OperationalError

    from kinship.core import dbretry

    monkeypatch.setattr(dbretry.time, "sleep", lambda _s: None)
    calls = []

    def record() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("the connection is closed")
        return "recorded"

    assert dbretry.retry_on_db_error(record, what="a test", within=60) == "recorded"
    assert len(calls) == 3


def test_retry_on_db_error_gives_up_after_its_limit():
    from django.db import InterfaceError

    from kinship.core import dbretry

    def never() -> None:
        raise InterfaceError("connection already closed")

    with pytest.raises(InterfaceError):
        dbretry.retry_on_db_error(never, what="a test", within=0)


@pytest.mark.django_db(transaction=True)
def test_rows_claimed_but_never_sent_go_back_on_the_queue_when_the_database_fails(settings, monkeypatch):
    from django.db import OperationalError
    from django.utils import timezone

    from kinship.core import outbox
    from kinship.core.models import OutboundEmail

    settings.TASKS = DB_TASKS
    for i in range(3):
        outbox.email_enqueue(
            kind="test", to=f"x{i}@example.org", template="supporters/email/data_access", context={}
        )

    def claims_then_loses_the_database() -> int:
        due = OutboundEmail.objects.filter(status="queued")
        outbox.claim_batch(due, limit=10, stamp_field="claimed_at", now=timezone.now())
        raise OperationalError("server closed the connection unexpectedly")  # reading the batch

    monkeypatch.setattr(outbox, "DRAINERS", [claims_then_loses_the_database])
    with pytest.raises(OperationalError):
        outbox.drain_once()  # the worker's drain loop backs off on this

    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"queued"}


@pytest.mark.django_db(transaction=True)
def test_a_batch_already_being_sent_is_never_put_back(settings, monkeypatch):
    from django.db import OperationalError
    from django.utils import timezone

    from kinship.core import outbox
    from kinship.core.models import OutboundEmail

    settings.TASKS = DB_TASKS
    outbox.email_enqueue(kind="test", to="x@example.org", template="supporters/email/data_access", context={})

    def claims_sends_then_fails() -> int:
        outbox.claim_batch(
            OutboundEmail.objects.filter(status="queued"),
            limit=10,
            stamp_field="claimed_at",
            now=timezone.now(),
        )
        outbox.send_over_one_connection(
            [], build=lambda r: r, sent=lambda r, e: None, failed=lambda r, e: None
        )
        raise OperationalError("lost after sending")

    monkeypatch.setattr(outbox, "DRAINERS", [claims_sends_then_fails])
    with pytest.raises(OperationalError):
        outbox.drain_once()

    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sending"}  # stale recovery's job

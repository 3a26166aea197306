"""Service email through the outbox: write a row in the caller's transaction, send it later.

The outbox tables are the queue (WriteToThem's design). `python manage.py worker` runs a drain
loop that claims a batch of due rows (`queued`, `send_after` <= now) — on PostgreSQL with
`SELECT … FOR UPDATE SKIP LOCKED` in a short transaction that marks them `sending` — then sends
the batch over one mail connection and records each result. Apps with outboxes of their own
(messaging's `Message` rows) register a drainer with `drainer(...)` in their AppConfig.ready().
Whether a failed send is retried is decided for every outbox by `kinship.core.failures`.

When the task backend runs tasks at once (the test suite), a row is also sent right after
commit by the `outbound_email_send` task, so a test sees its email without a worker.
"""

from __future__ import annotations

import logging
import smtplib
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone, translation

from kinship.core.dbretry import DB_ERRORS, retry_on_db_error
from kinship.core.emailrender import render_email
from kinship.core.failures import send_failure_is_permanent, smtp_code
from kinship.core.inserts import insert_row, rows_update
from kinship.core.jobs import backoff_seconds, reliable_task
from kinship.core.models import OutboundEmail, OutboundEmailStatus
from kinship.core.privacy import scrub

logger = logging.getLogger("kinship.outbox")

MAX_SEND_ATTEMPTS = 6
STALE_SENDING_MINUTES = 10
DRAIN_BATCH_SIZE = 50

T = TypeVar("T")


# ---------------------------------------------------------------- writing


def tasks_run_immediately() -> bool:
    """True when the task backend runs a task as soon as it is enqueued (tests): then the
    outbox also sends on commit, as a fast path; otherwise the worker's drain loop polls."""
    from django_tasks.backends.immediate import ImmediateBackend

    return isinstance(outbound_email_send.get_backend(), ImmediateBackend)


def email_enqueue(
    *,
    kind: str,
    to: str,
    template: str,
    context: dict[str, Any],
    language: str | None = None,
    headers: dict[str, str] | None = None,
    render_in_worker: bool = False,
) -> OutboundEmail:
    """Store an email built from `template`, to be sent by the worker.

    Call inside the transaction that makes the change the email is about: if that rolls back,
    no email exists; if it commits, the email will be sent. With `render_in_worker` the
    templates are rendered when the email is sent, not now: `context` must then be JSON-safe
    (strings, numbers, booleans, lists and dicts of them).
    """
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if render_in_worker:
        # One compiled INSERT (kinship.core.inserts): this is on every public write path.
        row = insert_row(
            OutboundEmail(
                kind=kind,
                to=to,
                subject="",
                text_body="",
                template=template,
                context=context,
                language=language,
                headers=headers or {},
            )
        )
    else:
        subject, text, html = render_email(template, context, language)
        row = OutboundEmail.objects.create(
            kind=kind,
            to=to,
            subject=subject,
            text_body=text,
            html_body=html,
            language=language,
            headers=headers or {},
        )
    if tasks_run_immediately():
        transaction.on_commit(lambda: outbound_email_send.enqueue(row.pk))
    return row


# ---------------------------------------------------------------- claiming and sending


@dataclass
class _PendingClaim:
    model: Any
    ids: list[int]
    stamp_field: str
    stamp: datetime


# Per drain thread: the batch claimed but not yet handed to `send_over_one_connection`.
_claims = threading.local()


def release_unsent_claim() -> int:
    """Put back on the queue the rows this thread claimed but never began to send (the
    database went away between claiming a batch and reading it); returns how many. Without
    this they would sit in `sending` until the stale-row recovery, minutes later."""
    pending: _PendingClaim | None = getattr(_claims, "pending", None)
    if pending is None:
        return 0

    def release() -> int:
        return int(
            pending.model.objects.filter(
                pk__in=pending.ids, status="sending", **{pending.stamp_field: pending.stamp}
            ).update(status="queued")
        )

    released = retry_on_db_error(release, what="putting back an unsent batch")
    _claims.pending = None
    if released:
        logger.warning("put %s claimed but unsent rows back on the queue", released)
    return released


def claim_batch(
    due: QuerySet[Any], *, limit: int, stamp_field: str, now: datetime, **changes: Any
) -> list[int]:
    """Claim up to `limit` rows of `due` for this worker: mark them `sending` and return their ids.

    PostgreSQL: `SELECT … FOR UPDATE SKIP LOCKED` in a short transaction, so concurrent
    drainers get disjoint batches. SQLite has one writer at a time: the guarded UPDATE
    (`status = 'queued'`) decides, and the claim stamp tells which rows this call won."""
    model = due.model
    with transaction.atomic():
        if db_connection.features.has_select_for_update_skip_locked:
            candidates = due.select_for_update(skip_locked=True)
        else:
            candidates = due
        ids = list(candidates.order_by("pk").values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        model.objects.filter(pk__in=ids, status="queued").update(
            status="sending", **{stamp_field: now}, **changes
        )
        # Noted before the commit, which can itself fail after succeeding on the server.
        _claims.pending = _PendingClaim(model=model, ids=ids, stamp_field=stamp_field, stamp=now)
    if db_connection.features.has_select_for_update_skip_locked:
        return ids
    return list(
        model.objects.filter(pk__in=ids, status="sending", **{stamp_field: now}).values_list("pk", flat=True)
    )


def _connection_broken(exc: BaseException) -> bool:
    # A refused recipient or sender leaves the SMTP session usable (smtplib sends RSET);
    # anything else (disconnects, timeouts) may not, so the next message gets a fresh one.
    return not isinstance(exc, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused)


class _Session:
    """One mail connection for a batch, opened when the first email is ready, re-opened after
    a failure that may have broken it, and closed at the end."""

    def __init__(self) -> None:
        self.connection = get_connection()
        self.is_open = False

    def open(self) -> None:
        if not self.is_open:
            self.connection.open()
            self.is_open = True

    def send(self, email: EmailMessage) -> None:
        email.connection = self.connection
        self.connection.send_messages([email])

    def failed(self, exc: BaseException) -> None:
        if self.is_open and _connection_broken(exc):
            self.close()

    def close(self) -> None:
        if not self.is_open:
            return
        self.is_open = False
        try:
            self.connection.close()
        except Exception:  # noqa: BLE001 - closing a dead session can fail too
            logger.debug("closing the mail connection failed")


def send_over_one_connection(
    items: Iterable[T],
    *,
    build: Callable[[T], EmailMessage],
    sent: Callable[[T, EmailMessage], object],
    failed: Callable[[T, BaseException], object],
    flush: Callable[[], None] | None = None,
    flush_every: int = 10,
) -> None:
    """Send each item's email over one mail connection, opened once; record each result.

    A failure is recorded for that item only and the batch goes on (re-connecting when the
    session may be broken); an error while recording one item's outcome is isolated to it. `sent` may only note a success: `flush` then records the noted
    ones, every `flush_every` successes and at the end, in one statement — so a worker killed
    mid-batch leaves at most that many sent-but-unrecorded rows, each re-sent at most once by
    the stale-`sending` recovery (same Message-ID). While the database is away, recording waits
    and retries (`retry_on_db_error`): an email already handed to the mail server is recorded
    once the database is back, not sent again."""
    _claims.pending = None  # the batch is being sent: from here each row's outcome is recorded
    flush = _isolated(_durable(flush, "recording sent emails"), "recording sent emails") if flush else None
    failed = _isolated(_durable_failed(failed), "recording a send failure")
    session = _Session()
    unflushed = 0
    unreachable: BaseException | None = None
    try:
        for item in items:
            if unreachable is not None:
                # The server could not be reached for this batch: the rest wait for a retry
                # rather than each waiting out its own connection timeout.
                failed(item, unreachable)
                continue
            try:
                email = build(item)
            except Exception as exc:  # noqa: BLE001 - recorded for this item only
                failed(item, exc)
                continue
            try:
                session.open()
            except Exception as exc:  # noqa: BLE001
                unreachable = exc
                failed(item, exc)
                continue
            try:
                session.send(email)
            except Exception as exc:  # noqa: BLE001 - every failure is recorded, then classified
                failed(item, exc)
                session.failed(exc)
                continue
            sent(item, email)
            unflushed += 1
            if flush is not None and unflushed >= flush_every:
                flush()
                unflushed = 0
    finally:
        try:
            if flush is not None:
                flush()
        finally:
            session.close()  # even when recording the last successes fails


def _isolated(func: Callable[..., Any], what: str) -> Callable[..., Any]:
    """One row's bad outcome-recording never sinks the batch: an error (other than the database
    being away, which `retry_on_db_error` has already waited out) is logged, by its type only
    since its text can hold addresses, and the batch goes on. The row stays `sending` until the
    stale-row recovery looks at it again."""

    def call(*args: Any) -> Any:
        try:
            return func(*args)
        except DB_ERRORS:
            raise
        except Exception as exc:  # noqa: BLE001 - isolated to this row, logged
            logger.error("%s failed for a row (%s); the rest of the batch goes on", what, type(exc).__name__)
            return None

    return call


def _durable(func: Callable[[], None], what: str) -> Callable[[], None]:
    return lambda: retry_on_db_error(func, what=what)


def _durable_failed(failed: Callable[[T, BaseException], object]) -> Callable[[T, BaseException], object]:
    return lambda item, exc: retry_on_db_error(lambda: failed(item, exc), what="recording a send failure")


def _build_service_email(row: OutboundEmail) -> EmailMultiAlternatives:
    if row.template and not row.text_body:
        row.subject, row.text_body, row.html_body = render_email(row.template, row.context, row.language)
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.text_body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[row.to],
        headers={**row.headers, "Message-ID": row.message_id},
    )
    if row.html_body:
        message.attach_alternative(row.html_body, "text/html")
    return message


def _record_service_sent(row: OutboundEmail, _email: EmailMessage | None = None) -> None:
    _record_service_sent_many([row])


def _record_service_sent_many(rows: list[OutboundEmail]) -> None:
    """Mark rows sent, in one UPDATE. A row rendered by the worker keeps its template, context
    and language, which determine what was sent (and what a resend after a crash sends)."""
    rows_update(
        OutboundEmail,
        [row.pk for row in rows],
        where_status=OutboundEmailStatus.SENDING,
        status=OutboundEmailStatus.SENT,
        sent_at=timezone.now(),
        last_error="",
    )


def _record_service_failure(row: OutboundEmail, exc: BaseException) -> str:
    error = scrub(f"{type(exc).__name__}: {exc}")
    code = smtp_code(exc)
    if send_failure_is_permanent(exc) or row.attempts >= MAX_SEND_ATTEMPTS:
        OutboundEmail.objects.filter(pk=row.pk, status=OutboundEmailStatus.SENDING).update(
            status=OutboundEmailStatus.FAILED, last_error=error
        )
        logger.warning("service email %s failed permanently (%s)", row.pk, code or type(exc).__name__)
        return "failed"
    # Back to queued, same row and Message-ID, after a backoff.
    OutboundEmail.objects.filter(pk=row.pk, status=OutboundEmailStatus.SENDING).update(
        status=OutboundEmailStatus.QUEUED,
        last_error=error,
        send_after=timezone.now() + timedelta(seconds=backoff_seconds(row.attempts)),
    )
    return "retry"


def outbound_email_deliver(*, email_id: int) -> bool:
    """Send one queued service email exactly once; return True if this call sent it."""
    with transaction.atomic():
        row = OutboundEmail.objects.select_for_update().filter(pk=email_id).first()
        if row is None or row.status != OutboundEmailStatus.QUEUED:
            return False
        if row.attempts >= MAX_SEND_ATTEMPTS:
            row.status = OutboundEmailStatus.FAILED
            row.save(update_fields=["status"])
            return False
        row.status = OutboundEmailStatus.SENDING
        row.attempts += 1
        row.claimed_at = timezone.now()
        row.save(update_fields=["status", "attempts", "claimed_at"])
    try:
        _build_service_email(row).send()
    except Exception as exc:
        _record_service_failure(row, exc)
        raise
    _record_service_sent(row)
    return True


@reliable_task(max_attempts=MAX_SEND_ATTEMPTS + 1)
def outbound_email_send(email_id: int) -> None:
    outbound_email_deliver(email_id=email_id)


def outbound_emails_drain(*, limit: int = DRAIN_BATCH_SIZE, now: datetime | None = None) -> int:
    """Claim and send one batch of due service emails over one connection; return how many
    rows were claimed (0: nothing due)."""
    now = now or timezone.now()
    due = OutboundEmail.objects.filter(Q(send_after__isnull=True) | Q(send_after__lte=now), status="queued")
    ids = claim_batch(due, limit=limit, stamp_field="claimed_at", now=now, attempts=F("attempts") + 1)
    if not ids:
        return 0
    rows = list(OutboundEmail.objects.filter(pk__in=ids).order_by("pk"))
    done: list[OutboundEmail] = []

    def flush() -> None:
        if done:
            _record_service_sent_many(done)
            done.clear()

    send_over_one_connection(
        rows,
        build=_build_service_email,
        sent=lambda row, _email: done.append(row),
        failed=_record_service_failure,
        flush=flush,
        # Each row recorded as soon as it has gone: a worker killed mid-batch leaves at most the
        # one email in hand to be re-sent (same Message-ID), not a batch of them.
        flush_every=1,
    )
    return len(ids)


def outbound_email_requeue_stale(*, older_than_minutes: int = STALE_SENDING_MINUTES) -> int:
    """Recover rows a killed worker left in `sending`: queued again once (the fixed Message-ID
    makes the possible duplicate visible), failed if stuck a second time. Returns how many
    rows were put back on the queue."""
    now = timezone.now()
    cutoff = now - timedelta(minutes=older_than_minutes)
    stuck = OutboundEmail.objects.filter(status=OutboundEmailStatus.SENDING, claimed_at__lt=cutoff)
    OutboundEmail.objects.filter(pk__in=stuck.filter(resends__gte=1).values("pk")).update(
        status=OutboundEmailStatus.FAILED,
        last_error="The worker stopped twice while sending; not sent again to avoid duplicates.",
    )
    requeued = list(stuck.filter(resends=0).values_list("pk", flat=True)[:500])
    OutboundEmail.objects.filter(pk__in=requeued, status=OutboundEmailStatus.SENDING).update(
        status=OutboundEmailStatus.QUEUED, resends=F("resends") + 1
    )
    if tasks_run_immediately():
        # No drain loop in this process: send what is due now.
        due = list(
            OutboundEmail.objects.filter(
                Q(send_after__isnull=True) | Q(send_after__lte=now),
                status=OutboundEmailStatus.QUEUED,
                created_at__lt=cutoff,
            ).values_list("pk", flat=True)[:500]
        )
        for pk in sorted(set(due) | set(requeued)):
            outbound_email_send.enqueue(pk)
    return len(requeued)


# ---------------------------------------------------------------- the drain loop

DRAINERS: list[Callable[[], int]] = [outbound_emails_drain]


def drainer(func: Callable[[], int]) -> Callable[[], int]:
    """Register an outbox drainer: a function that claims and sends one batch and returns how
    many rows it claimed. `manage.py worker` calls every drainer in its drain loop."""
    if func not in DRAINERS:
        DRAINERS.append(func)
    return func


def drain_once() -> int:
    """Run every registered drainer once; return how many rows were claimed in all.

    A database error stops the round and is raised, so the worker's drain loop backs off; any
    other failure is logged and the next outbox is drained. Either way, rows the failed drainer
    had claimed but not begun to send go back on the queue."""
    total = 0
    for func in list(DRAINERS):
        try:
            total += func()
        except DB_ERRORS:
            release_unsent_claim()
            raise
        except Exception:  # one outbox failing must not stop the others
            logger.exception("outbox drainer %s failed", getattr(func, "__name__", func))
            release_unsent_claim()
        finally:
            _claims.pending = None
    return total


def drain_until_empty(*, max_rounds: int = 1000) -> int:
    """Drain every outbox until nothing is due (for `worker --batch` and tests)."""
    total = 0
    for _ in range(max_rounds):
        claimed = drain_once()
        total += claimed
        if not claimed:
            break
    return total

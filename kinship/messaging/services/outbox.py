"""The messages outbox: when a queued message may go (the per-recipient daily cap), and the
fast path that sends queued rows right after commit when tasks run at once (the test suite;
otherwise the worker's drain loop finds every due row by itself)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from kinship.core.outbox import email_enqueue, tasks_run_immediately
from kinship.core.ratelimit import first_in_window
from kinship.messaging import conf
from kinship.messaging.models import Message, MessageStatus

logger = logging.getLogger("kinship.messaging")

CAP_LOOKAHEAD_DAYS = 60


def _day_start(moment: dt.datetime) -> dt.datetime:
    local = timezone.localtime(moment)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def _lock_recipient(recipient_email: str) -> None:
    """Hold this recipient's cap lock until the transaction ends, so concurrent confirms count
    and claim their day one at a time (without it 8 racing confirms with a cap of 3 sent 4).
    PostgreSQL: a transaction-level advisory lock keyed on the address's hash (no row to make,
    never left behind). Not on SQLite, the single-process demo database."""
    if connection.vendor != "postgresql":
        return
    digest = hashlib.sha256(f"kinship-daily-cap:{recipient_email.lower()}".encode()).digest()
    key = int.from_bytes(digest[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def message_send_after(message: Message, *, now: dt.datetime) -> dt.datetime:
    """`now`, or the first later day on which this recipient is under the daily cap. Call inside
    the transaction that saves the message: the recipient stays locked until it commits."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("message_send_after must run inside the transaction that saves the message")
    _lock_recipient(message.recipient_email)
    cap = message.action.daily_cap_per_target or conf.daily_cap_per_target()
    day = _day_start(now)
    for offset in range(CAP_LOOKAHEAD_DAYS):
        start = day + dt.timedelta(days=offset)
        end = start + dt.timedelta(days=1)
        load = (
            Message.objects.filter(
                recipient_email=message.recipient_email, send_after__gte=start, send_after__lt=end
            )
            .exclude(status__in=[MessageStatus.ABANDONED, MessageStatus.AWAITING_CONFIRMATION])
            .count()
        )
        if load < cap:
            if offset:
                _alert_staff_cap(message, day=start)
            return now if offset == 0 else start
    return day + dt.timedelta(days=CAP_LOOKAHEAD_DAYS)


def _alert_staff_cap(message: Message, *, day: dt.datetime) -> None:
    # One alert per recipient per day is enough for staff to act.
    key = f"msg-cap-alert:{message.recipient_email}:{_day_start(timezone.now()).date()}"
    if not first_in_window(key=key, seconds=86400):
        return
    email_enqueue(
        kind="staff_cap_alert",
        to=conf.staff_alert_email(),
        template="messaging/email/staff_cap_alert",
        context={"recipient": message.recipient_name, "action": message.action, "day": day.date()},
        language=settings.LANGUAGE_CODE,
    )
    logger.warning("daily cap reached for recipient of action %s; messages wait", message.action_id)


def messages_enqueue_on_commit(ids: list[int]) -> None:
    """Send these queued rows right after commit when tasks run at once (see the module docstring)."""
    if not ids or not tasks_run_immediately():
        return

    def enqueue() -> None:
        from kinship.messaging.tasks import message_send  # tasks call services: import when used

        for pk in ids:
            message_send.enqueue(pk)

    transaction.on_commit(enqueue)

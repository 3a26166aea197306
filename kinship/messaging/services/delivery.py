"""Delivery: each Message is its own outbox row (WriteToThem's queue as a state machine). The
worker's drain loop claims due rows in batches and sends them over one connection; each row is
sent once, failures are classified by `kinship.core.failures` (temporary: back to the queue
after a backoff; permanent: failed, and the carer is told), provider bounces are recorded, and
rows a killed worker left in `sending` are recovered."""

from __future__ import annotations

import datetime as dt
import logging
from email.utils import formataddr, parseaddr
from functools import lru_cache
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kinship.core.conf import advice_line
from kinship.core.dbretry import DB_ERRORS, retry_on_db_error
from kinship.core.failures import send_failure_is_permanent, smtp_code
from kinship.core.inserts import rows_update
from kinship.core.jobs import backoff_seconds
from kinship.core.outbox import claim_batch, email_enqueue, send_over_one_connection, tasks_run_immediately
from kinship.core.privacy import scrub
from kinship.core.scheduling import each_isolated
from kinship.messaging import conf
from kinship.messaging.attachments import attachments_for, attachments_prefetch
from kinship.messaging.merge import text_to_html
from kinship.messaging.models import Channel, Message, MessageStatus
from kinship.messaging.services.composition import message_language
from kinship.messaging.services.errors import MessageRetryError
from kinship.messaging.services.links import (
    bounce_token,
    letter_url_absolute,
    message_id_from_bounce_token,
    my_actions_url,
)

logger = logging.getLogger("kinship.messaging")

DRAIN_BATCH_SIZE = 50
# A message waiting out a retry backoff (at most an hour) is left to its own deferred task.
LOST_TASK_MINUTES = 65


def message_email_build(message: Message) -> EmailMultiAlternatives:
    """The email as the recipient sees it: from the platform, replies straight to the carer."""
    submission = message.submission
    # The platform's own address (so DMARC passes), named for the carer so the recipient sees who wrote.
    platform_name, platform_address = _parsed_address(conf.from_email())
    # Everything the recipient reads is in the language the message is written in.
    language = message_language(text=message.body, default=submission.language)
    with translation.override(language):
        named = _("%(name)s via %(platform)s") % {
            "name": submission.sender_name,
            "platform": platform_name or "Kinship Campaigns",
        }
    from_address = formataddr((named, platform_address))
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        from_email=from_address,
        to=[message.recipient_email],
        reply_to=[formataddr((submission.sender_name, submission.email))],
        headers={
            "Message-ID": message.message_id,
            "X-Kinship-Campaigns-Action": message.action.slug,
        },
    )
    with translation.override(language):
        footer = _(
            "This message was sent by %(name)s through Kinship Campaigns, a service of the kinship care "
            "charity. Reply to this email to answer them directly."
        ) % {"name": submission.sender_name}
    email.body = f"{message.body}\n\n--\n{footer}\n"
    email.attach_alternative(
        f'{text_to_html(message.body)}<hr><p style="color:#505a5f;font-size:14px">{text_to_html(footer)}</p>',
        "text/html",
    )
    for attachment in attachments_for(message):
        email.attach(attachment.filename, attachment.content, attachment.mimetype)
    # Lets an anymail provider's tracking webhook find the row again (besides the provider's own id).
    email.metadata = {"kinship_token": bounce_token(message)}  # type: ignore[attr-defined]
    return email


@lru_cache(maxsize=8)
def _parsed_address(address: str) -> tuple[str, str]:
    # The platform's sender is the same for every message; parsing it is not free (issue 17).
    return parseaddr(address)


def message_deliver(*, message_id: int) -> str:
    """Send one queued message exactly once; returns what happened ("sent", "skipped", ...).

    The row is locked and its state checked first, so a second worker or a repeated task
    finds it no longer `queued` and does nothing."""
    now = timezone.now()
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(of=("self",))
            .select_related("submission", "action")
            .filter(pk=message_id, status=MessageStatus.QUEUED, channel=Channel.EMAIL)
            .first()
        )
        if message is None:
            return "skipped"
        if message.send_after and message.send_after > now:
            return "deferred"  # the drain loop sends it when due
        message.status = MessageStatus.SENDING
        message.sending_started_at = now
        message.attempts += 1
        message.save(update_fields=["status", "sending_started_at", "attempts", "updated_at"])
    email = message_email_build(message)
    try:
        email.send()
    except Exception as exc:  # noqa: BLE001 - every failure is recorded, then classified
        return _record_failure(message, exc)
    _record_sent(message, email)
    return "sent"


def _record_sent(message: Message, email: EmailMultiAlternatives) -> None:
    status = getattr(email, "anymail_status", None)
    esp_id = str(getattr(status, "message_id", "") or "")[:255]
    # One statement written once (`rows_update`, which also stamps `updated_at`), not compiled
    # by the ORM for every email.
    rows_update(
        Message,
        [message.pk],
        where_status=MessageStatus.SENDING,
        status=MessageStatus.SENT,
        sent_at=timezone.now(),
        last_error="",
        esp_message_id=esp_id,
    )


def _record_sent_many(sent: list[tuple[Message, Any]]) -> None:
    """Record sent messages, each row in its own statement (its own small transaction), so an
    error recording one row never touches another."""
    for message, email in sent:

        def record(m: Message = message, e: Any = email) -> None:
            _record_sent(m, e)

        try:
            retry_on_db_error(record, what="recording a sent message")
        except DB_ERRORS:
            raise
        except Exception as exc:  # noqa: BLE001 - this row only; it stays `sending` for the recovery
            logger.error("recording message %s as sent failed (%s)", message.pk, type(exc).__name__)


def _record_failure(message: Message, exc: BaseException, *, raise_retry: bool = True) -> str:
    code = smtp_code(exc)
    error = scrub(f"{type(exc).__name__}: {exc}")
    if send_failure_is_permanent(exc) or message.attempts >= conf.message_max_attempts():
        with transaction.atomic():
            updated = Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
                status=MessageStatus.FAILED,
                failed_at=timezone.now(),
                last_error=error,
                last_smtp_code=code,
                updated_at=timezone.now(),
            )
            if updated:
                _notify_sender_failed_isolated(message, bounced=False)
        logger.warning("message %s failed permanently (%s)", message.pk, code or type(exc).__name__)
        return "failed"
    # Back to the queue after a backoff; the row's send_after is when the drain loop retries it.
    retry_at = timezone.now() + dt.timedelta(seconds=backoff_seconds(message.attempts))
    Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
        status=MessageStatus.QUEUED,
        last_error=error,
        last_smtp_code=code,
        send_after=retry_at,
        updated_at=timezone.now(),
    )
    logger.info("message %s will be retried (%s)", message.pk, code or type(exc).__name__)
    if not raise_retry:
        return "retry"
    # `from None`: the raw SMTP error can hold addresses; only the scrubbed text travels on.
    raise MessageRetryError(error) from None


def messages_drain(*, limit: int = DRAIN_BATCH_SIZE, now: dt.datetime | None = None) -> int:
    """Claim a batch of due messages (`queued`, send_after <= now), send them over one mail
    connection, and record each result; returns how many were claimed (0: nothing due).
    Registered with the worker's drain loop in MessagingConfig.ready()."""
    now = now or timezone.now()
    due = Message.objects.filter(
        Q(send_after__isnull=True) | Q(send_after__lte=now),
        status=MessageStatus.QUEUED,
        channel=Channel.EMAIL,
    )
    ids = claim_batch(
        due,
        limit=limit,
        stamp_field="sending_started_at",
        now=now,
        attempts=F("attempts") + 1,
        updated_at=now,
    )
    if not ids:
        return 0
    batch = list(Message.objects.select_related("submission", "action").filter(pk__in=ids).order_by("pk"))
    attachments_prefetch(batch)

    done: list[tuple[Message, Any]] = []

    def flush() -> None:
        if done:
            _record_sent_many(done)
            done.clear()

    def failed(message: Message, exc: BaseException) -> None:
        _record_failure(message, exc, raise_retry=False)

    send_over_one_connection(
        batch,
        build=message_email_build,
        sent=lambda m, email: done.append((m, email)),
        failed=failed,
        flush=flush,
        flush_every=1,  # each row recorded as soon as it has gone, on its own
    )
    return len(ids)


def _notify_sender_failed(message: Message, *, bounced: bool) -> None:
    submission = message.submission
    if submission.erased_at:
        return
    email_enqueue(
        kind="message_failed",
        to=submission.email,
        template="messaging/email/failed",
        context={
            "name": submission.first_name,
            "recipient": message.recipient_name,
            "bounced": bounced,
            "has_postal_address": bool(message.recipient_postal_address),
            "letter_url": letter_url_absolute(message),
            "my_actions_url": my_actions_url(submission),
            "advice_line": advice_line(),
        },
        language=submission.language,
    )


def _notify_sender_failed_isolated(message: Message, *, bounced: bool) -> None:
    """Tell the sender, in a savepoint: if the notice cannot be made, the message is still
    recorded as failed (and nothing else in the batch is touched); logged by type only."""
    try:
        with transaction.atomic():
            _notify_sender_failed(message, bounced=bounced)
    except DB_ERRORS:
        raise
    except Exception as exc:  # noqa: BLE001 - the row's outcome stands; staff see the log
        logger.error(
            "the failure notice for message %s could not be queued (%s)", message.pk, type(exc).__name__
        )


def message_mark_bounced(*, esp_message_id: str = "", token: str = "", description: str = "") -> bool:
    """Record a bounce reported by the mail provider and tell the sender, once; True if a row
    changed. The message is found by the provider's own id for it, or by the unguessable
    token we gave the provider (`bounce_token`), never by a bare id anyone could guess.
    Only a sent message can bounce: a repeated event, or one for a message that already
    failed (its sender already told), changes nothing."""
    message_id = message_id_from_bounce_token(token) if token else None
    named = Q(esp_message_id=esp_message_id) if esp_message_id else Q(pk__in=[])
    if message_id is not None:
        named |= Q(pk=message_id)
    if not esp_message_id and message_id is None:
        return False
    query = Message.objects.filter(named, channel=Channel.EMAIL)
    with transaction.atomic():
        message = query.select_for_update(of=("self",)).select_related("submission").first()
        if message is None or message.status != MessageStatus.SENT:
            return False
        message.status = MessageStatus.BOUNCED
        message.failed_at = timezone.now()
        message.last_error = scrub(description or "Bounced")
        message.save(update_fields=["status", "failed_at", "last_error", "updated_at"])
        _notify_sender_failed_isolated(message, bounced=True)
    return True


def _recover_sending(pk: int, *, now: dt.datetime, cutoff: dt.datetime) -> str:
    """One row stuck in `sending`: queued again the first time, failed the second ("" if it moved on)."""
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=pk, status=MessageStatus.SENDING).first()
        if message is None or not message.sending_started_at or message.sending_started_at >= cutoff:
            return ""
        if message.resends >= 1:
            message.status = MessageStatus.FAILED
            message.failed_at = now
            message.last_error = (
                "The worker stopped twice while sending; not sent again to avoid duplicates. "
                "Check the mail log for this Message-ID."
            )
            outcome = "given_up"
        else:
            message.status = MessageStatus.QUEUED
            message.resends += 1
            outcome = "requeued"
        message.save(update_fields=["status", "failed_at", "last_error", "resends", "updated_at"])
    return outcome


def messages_recover_stale(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Recover messages a killed worker left in `sending`, and queued ones whose task was lost.

    A message stuck in `sending` may or may not have gone: it is re-sent at most once (the
    fixed Message-ID shows the duplicate); stuck a second time, it is failed for staff to check."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(minutes=conf.stale_sending_minutes())
    stuck = Message.objects.filter(status=MessageStatus.SENDING, sending_started_at__lt=cutoff)
    pks = list(stuck.values_list("pk", flat=True)[:500])
    recovered = each_isolated(
        pks, lambda pk: (pk, _recover_sending(pk, now=now, cutoff=cutoff)), job="messaging.recover_stale"
    )
    outcomes = dict(recovered)
    requeued = [pk for pk, outcome in outcomes.items() if outcome == "requeued"]
    # Queued and due, but untouched for a while: the task was lost (or deferral unsupported).
    backoff_cutoff = now - dt.timedelta(minutes=LOST_TASK_MINUTES)
    released = list(
        Message.objects.filter(
            Q(send_after__isnull=True) | Q(send_after__lte=now),
            Q(attempts=0) | Q(updated_at__lt=backoff_cutoff),
            status=MessageStatus.QUEUED,
            updated_at__lt=cutoff,
        ).values_list("pk", flat=True)[:500]
    )
    if tasks_run_immediately():
        # No drain loop in this process (tests): send them now. Otherwise the drain loop
        # finds every due `queued` row by itself.
        from kinship.messaging.tasks import message_send  # tasks call services: import when used

        for pk in requeued + released:
            message_send.enqueue(pk)
    given_up = sum(1 for outcome in outcomes.values() if outcome == "given_up")
    return {"requeued": len(requeued), "given_up": given_up, "released": len(released)}

"""Service email through the outbox: write a row in the caller's transaction, send by id later."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from kinship.core.jobs import reliable_task
from kinship.core.models import OutboundEmail, OutboundEmailStatus
from kinship.core.privacy import scrub

logger = logging.getLogger("kinship.outbox")

MAX_SEND_ATTEMPTS = 6


def email_enqueue(
    *,
    kind: str,
    to: str,
    template: str,
    context: dict[str, Any],
    language: str | None = None,
    headers: dict[str, str] | None = None,
) -> OutboundEmail:
    """Render `template`_subject.txt / .txt / .html, store the email, and queue it after commit.

    Call inside the transaction that makes the change the email is about: if that rolls back,
    no email exists; if it commits, the email will be sent.
    """
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text: str = render_to_string(f"{template}.txt", context)
        try:
            html: str = render_to_string(f"{template}.html", context)
        except Exception:  # noqa: BLE001 - the HTML part is optional
            html = ""
    row = OutboundEmail.objects.create(
        kind=kind, to=to, subject=subject, text_body=text, html_body=html, headers=headers or {}
    )
    transaction.on_commit(lambda: outbound_email_send.enqueue(row.pk))
    return row


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
        row.save(update_fields=["status", "attempts"])
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.text_body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[row.to],
        headers={**row.headers, "Message-ID": row.message_id},
    )
    if row.html_body:
        message.attach_alternative(row.html_body, "text/html")
    try:
        message.send()
    except Exception as exc:
        # Back to queued so the retry (same Message-ID) can try again.
        OutboundEmail.objects.filter(pk=row.pk).update(
            status=OutboundEmailStatus.QUEUED, last_error=scrub(f"{type(exc).__name__}: {exc}")
        )
        raise
    OutboundEmail.objects.filter(pk=row.pk).update(
        status=OutboundEmailStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


@reliable_task(max_attempts=MAX_SEND_ATTEMPTS + 1)
def outbound_email_send(email_id: int) -> None:
    outbound_email_deliver(email_id=email_id)


def outbound_email_requeue_stale(*, older_than_minutes: int = 10) -> int:
    """Recover rows a killed worker left in `sending` or never enqueued; returns how many."""
    cutoff = timezone.now() - timedelta(minutes=older_than_minutes)
    stale = list(
        OutboundEmail.objects.filter(status=OutboundEmailStatus.QUEUED, created_at__lt=cutoff).values_list(
            "pk", flat=True
        )[:500]
    )
    for pk in stale:
        outbound_email_send.enqueue(pk)
    return len(stale)

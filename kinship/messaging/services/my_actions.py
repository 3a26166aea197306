"""A carer's own messages: the private "my actions" link, data-protection export and erasure
(registered with `kinship.core.rights`), self-service erasure, and deleting message text once
it has been kept long enough."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from kinship.core.outbox import email_enqueue
from kinship.core.personal_data import service_emails_erase
from kinship.core.privacy import canonical_email
from kinship.core.rights import DataSubject
from kinship.messaging import conf
from kinship.messaging.models import LETTER_STATES, Channel, Message, MessageStatus, Submission
from kinship.messaging.services.links import my_actions_url

logger = logging.getLogger("kinship.messaging")


def my_actions_request(*, email: str, language: str) -> None:
    """Email the private "my actions" link. Silent when we hold nothing for the address."""
    latest = (
        Submission.objects.filter(email_canonical=canonical_email(email), erased_at__isnull=True)
        .order_by("-created_at", "-pk")
        .first()
    )
    if latest is None:
        return
    with transaction.atomic():
        email_enqueue(
            kind="my_actions_link",
            to=latest.email,
            template="messaging/email/my_actions",
            context={"url": my_actions_url(latest), "days": conf.my_actions_link_days()},
            language=language,
        )


def messages_export(supporter: DataSubject) -> list[dict[str, Any]]:
    """Everything a carer sent through us, for a data-protection export."""
    subs = (
        Submission.objects.filter(email_canonical=canonical_email(supporter.email), erased_at__isnull=True)
        .select_related("action")
        .prefetch_related("messages")
        .order_by("created_at")
    )
    return [
        {
            "action": sub.action.title,
            "status": sub.status,
            "submitted_at": sub.created_at.isoformat(),
            "confirmed_at": sub.confirmed_at.isoformat() if sub.confirmed_at else None,
            "name": sub.sender_name,
            "email": sub.email,
            "address": sub.address_lines,
            "subject": sub.subject,
            "body": sub.body,
            "messages": [
                {
                    "to": m.recipient_name,
                    "role": m.recipient_role,
                    "channel": m.channel,
                    "status": m.status,
                    "sent_at": m.sent_at.isoformat() if m.sent_at else None,
                    "letter_posted_at": m.letter_posted_at.isoformat() if m.letter_posted_at else None,
                    "reply": m.reply_answer,
                    "body": m.body,
                }
                for m in sub.messages.all()
            ],
        }
        for sub in subs
    ]


@transaction.atomic
def messages_erase_by_email(*, email: str) -> None:
    """Self-service erasure from the private "my actions" page (for carers who never joined):
    their messages and the service emails to them (confirmation links, reminders)."""
    _messages_erase_for(email=email)
    service_emails_erase(_Person(email))
    logger.info("messages erased by their sender (self-service)")


@dataclass
class _Person:
    email: str
    pk: Any = None


def messages_erase(supporter: DataSubject) -> None:
    """Erase message text and sender details; keep anonymous rows so totals stay true."""
    _messages_erase_for(email=supporter.email)


def _messages_erase_for(*, email: str) -> None:
    now = timezone.now()
    subs = Submission.objects.filter(email_canonical=canonical_email(email))
    ids = list(subs.values_list("pk", flat=True))
    Message.objects.filter(submission_id__in=ids).update(
        subject="", body="", body_deleted_at=now, last_error="", moderation_note=""
    )
    Message.objects.filter(
        submission_id__in=ids,
        status__in=[MessageStatus.AWAITING_CONFIRMATION, MessageStatus.QUEUED, MessageStatus.WITHHELD],
    ).update(status=MessageStatus.ABANDONED)
    # One UPDATE; each row keeps a unique placeholder instead of the address.
    Submission.objects.filter(pk__in=ids).update(
        first_name="",
        last_name="",
        email="",
        email_canonical=Concat(Value("erased-"), Cast("pk", output_field=CharField())),
        email_key="",
        address_line1="",
        address_line2="",
        town="",
        postcode="",
        subject="",
        body="",
        fingerprint=[],
        checks_pending=False,  # nothing left to check: its messages will not be sent
        repeat_key="",  # derived from the address
        erased_at=now,
    )


def message_bodies_expire(*, now: dt.datetime | None = None) -> int:
    """Retention: message text is deleted a fixed time after sending; the record stays for counts."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=conf.body_retention_days())
    # A letter is never sent: its text goes the same time after it was made.
    done = Q(sent_at__lte=cutoff) | Q(
        channel=Channel.LETTER, status__in=LETTER_STATES, created_at__lte=cutoff
    )
    return Message.objects.filter(done, body_deleted_at__isnull=True).update(
        body="", body_deleted_at=now, updated_at=now
    )

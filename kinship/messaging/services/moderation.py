"""Moderation: a person on the team approves a held message, asks for an edit, or rejects it;
the sender is told in plain words."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from kinship.core.outbox import email_enqueue
from kinship.messaging.models import Message, MessageStatus, Moderation
from kinship.messaging.services.links import action_url_absolute
from kinship.messaging.services.outbox import message_send_after, messages_enqueue_on_commit


@transaction.atomic
def message_moderate(*, message: Message, decision: str, staff_name: str, note: str = "") -> Message:
    """Approve, ask for an edit, or reject a held message; the sender is told in plain words."""
    locked = (
        Message.objects.select_for_update(of=("self",))
        .select_related("submission", "action")
        .get(pk=message.pk)
    )
    if locked.status != MessageStatus.WITHHELD:
        return locked
    now = timezone.now()
    locked.moderated_by = staff_name[:150]
    locked.moderated_at = now
    locked.moderation_note = note
    if decision == Moderation.APPROVED:
        locked.moderation = Moderation.APPROVED
        locked.status = MessageStatus.QUEUED
        locked.send_after = message_send_after(locked, now=now)
        locked.save()
        messages_enqueue_on_commit([locked.pk])
        return locked
    if decision == Moderation.REJECTED:
        locked.moderation = Moderation.REJECTED
        locked.status = MessageStatus.FAILED
        locked.failed_at = now
        locked.last_error = "Not sent: rejected by moderation"
    elif decision == Moderation.EDIT_REQUESTED:
        locked.moderation = Moderation.EDIT_REQUESTED
    else:
        raise ValueError(decision)
    locked.save()
    submission = locked.submission
    if not submission.erased_at:
        email_enqueue(
            kind="message_moderated",
            to=submission.email,
            template="messaging/email/moderated",
            context={
                "name": submission.first_name,
                "recipient": locked.recipient_name,
                "decision": locked.moderation,
                "note": note,
                "action_url": action_url_absolute(locked.action),
            },
            language=submission.language,
        )
    return locked

"""Printed letters: we make the PDF, the carer prints, signs and posts it. We never send a letter,
so its states are its own: made (on confirming), downloaded, and posted (the carer tells us)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from kinship.messaging.models import LETTER_TO_POST, Channel, Message, MessageStatus


def letter_mark_downloaded(*, message: Message) -> None:
    """Note the first download of a letter; a confirmed letter not yet posted becomes "downloaded"."""
    if message.channel != Channel.LETTER or message.letter_downloaded_at:
        return
    now = timezone.now()
    Message.objects.filter(pk=message.pk, letter_downloaded_at__isnull=True).update(
        letter_downloaded_at=now, updated_at=now
    )
    Message.objects.filter(pk=message.pk, status=MessageStatus.LETTER_MADE).update(
        status=MessageStatus.LETTER_DOWNLOADED, updated_at=now
    )


@transaction.atomic
def letter_mark_posted(*, message: Message) -> bool:
    """The carer says they posted a confirmed letter. Returns False when it cannot be (not a
    letter, not confirmed yet, or deleted); saying it twice changes nothing."""
    locked = Message.objects.select_for_update().filter(pk=message.pk).first()
    if locked is None or locked.channel != Channel.LETTER:
        return False
    if locked.status == MessageStatus.LETTER_POSTED:
        return True
    if locked.status not in LETTER_TO_POST:
        return False
    locked.status = MessageStatus.LETTER_POSTED
    locked.letter_posted_at = timezone.now()
    locked.save(update_fields=["status", "letter_posted_at", "updated_at"])
    message.status, message.letter_posted_at = locked.status, locked.letter_posted_at
    return True

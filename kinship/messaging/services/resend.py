"""Sending the confirmation email again, from the "check your email" page (the first one went
to junk, or was deleted). Through the outbox like every email; the view applies the rate limit."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone, translation

from kinship.core.outbox import email_enqueue
from kinship.messaging.models import Channel, Submission, SubmissionStatus
from kinship.messaging.services.submissions import submission_confirmation_context
from kinship.representatives.models import role_label


class _Recipient:
    """Enough of a target for the confirmation email's list of recipients."""

    def __init__(self, name: str, role: str) -> None:
        self.name, self.role_label = name, role_label(role)


@transaction.atomic
def submission_confirmation_resend(*, submission: Submission) -> bool:
    """Queue the confirmation email again if the submission still waits for it; False when
    there is nothing to confirm (already confirmed, abandoned or deleted)."""
    locked = Submission.objects.select_for_update().select_related("action").filter(pk=submission.pk).first()
    if locked is None or locked.erased_at or locked.status != SubmissionStatus.AWAITING_CONFIRMATION:
        return False
    messages = list(locked.messages.all())
    recipients = [_Recipient(m.recipient_name, m.recipient_role) for m in messages]
    letter = any(m.channel == Channel.LETTER for m in messages)
    with translation.override(locked.language):
        context = submission_confirmation_context(
            submission=locked,
            action=locked.action,
            recipients=recipients,  # type: ignore[arg-type]
            subject=locked.subject,
            letter=letter,
        )
    email_enqueue(
        kind="message_confirmation",
        to=locked.email,
        template="messaging/email/confirm",
        context=context,
        language=locked.language,
        render_in_worker=True,
    )
    locked.confirmation_sent_at = timezone.now()
    locked.save(update_fields=["confirmation_sent_at", "updated_at"])
    return True

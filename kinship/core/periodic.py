"""Core periodic jobs."""

from datetime import timedelta

from django.utils import timezone

from kinship.core.conf import setting_int
from kinship.core.models import CapturedEmail, OutboundEmail, OutboundEmailStatus
from kinship.core.outbox import outbound_email_requeue_stale
from kinship.core.scheduling import periodic

# Service emails hold addresses and links: keep them only as long as they are useful.
SENT_SERVICE_EMAIL_RETENTION = timedelta(days=30)


@periodic("core.requeue_stale_service_email", every=timedelta(minutes=5))
def requeue_stale_service_email() -> None:
    # One knob for both outboxes: how long a row may sit in `sending` before it is recovered.
    outbound_email_requeue_stale(older_than_minutes=setting_int("KINSHIP_MESSAGE_STALE_SENDING_MINUTES", 10))


@periodic("core.purge_old_service_email", every=timedelta(hours=6))
def purge_old_service_email() -> None:
    cutoff = timezone.now() - SENT_SERVICE_EMAIL_RETENTION
    OutboundEmail.objects.filter(created_at__lt=cutoff).exclude(status=OutboundEmailStatus.QUEUED).delete()
    CapturedEmail.objects.filter(created_at__lt=cutoff).delete()

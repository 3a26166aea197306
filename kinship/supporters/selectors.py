"""Reads for supporters."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from kinship.campaigns.models import Campaign
from kinship.core.privacy import canonical_email
from kinship.supporters.models import DataRequestLog, Signup, SignupStatus


def supporter_has_joined(*, email: str, campaign: Campaign) -> bool:
    """Whether this address has a confirmed sign-up to the campaign (so we do not ask them to join again)."""
    return Signup.objects.filter(
        campaign=campaign,
        supporter__email=canonical_email(email),
        supporter__erased_at__isnull=True,
        status=SignupStatus.CONFIRMED,
    ).exists()


def data_requests_handled(*, since: dt.datetime) -> QuerySet[DataRequestLog]:
    """Copies and erasures done since `since` (self-service and by staff), newest first."""
    return DataRequestLog.objects.filter(handled_at__gte=since).order_by("-handled_at", "-pk")

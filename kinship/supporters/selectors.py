"""Reads for supporters."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from kinship.campaigns.models import Campaign
from kinship.core.privacy import canonical_email
from kinship.supporters.models import (
    ConsentPurpose,
    ConsentRecord,
    DailySignups,
    DataRequest,
    DataRequestLog,
    DataRequestStatus,
    Signup,
    SignupStatus,
    Supporter,
    SupporterExportLog,
)


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


def joins_by_day(
    *, start: dt.datetime, end: dt.datetime, campaign_id: int | None = None
) -> dict[dt.date, int]:
    """Sign-ups confirmed per day in [start, end) (a join counts when confirmed; kept after erasure)."""
    signups = Signup.objects.filter(confirmed_at__gte=start, confirmed_at__lt=end)
    if campaign_id is not None:
        signups = signups.filter(campaign_id=campaign_id)
    rows = (
        signups.annotate(day=TruncDate("confirmed_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(n=Count("id"))
    )
    return {row["day"]: row["n"] for row in rows}


def data_requests_open() -> QuerySet[DataRequest]:
    """Requests entered by staff and not yet done, the nearest deadline first."""
    return (
        DataRequest.objects.filter(status=DataRequestStatus.OPEN)
        .select_related("supporter")
        .order_by("due_on", "pk")
    )


def data_requests_done(*, since: dt.datetime) -> QuerySet[DataRequest]:
    """Requests entered by staff and done (or closed) since `since`, newest first."""
    return (
        DataRequest.objects.exclude(status=DataRequestStatus.OPEN)
        .filter(done_at__gte=since)
        .order_by("-done_at", "-pk")
    )


def supporters_consenting() -> list[tuple[Supporter, ConsentRecord]]:
    """Supporters (not erased) whose latest decision about campaign emails is consent, each with
    that consent record and their confirmed sign-ups prefetched, oldest supporter first."""
    latest = ConsentRecord.objects.filter(
        supporter=OuterRef("pk"), purpose=ConsentPurpose.CAMPAIGN_EMAILS
    ).order_by("-recorded_at", "-id")
    supporters = list(
        Supporter.objects.filter(erased_at__isnull=True)
        .annotate(
            consent_given=Subquery(latest.values("given")[:1]), consent_id=Subquery(latest.values("id")[:1])
        )
        .filter(consent_given=True)
        .prefetch_related("signups__campaign")
        .order_by("pk")
    )
    consents = ConsentRecord.objects.in_bulk([s.consent_id for s in supporters])  # type: ignore[attr-defined]
    return [(s, consents[s.consent_id]) for s in supporters]  # type: ignore[attr-defined]


def supporter_exports_recent(*, limit: int = 50) -> QuerySet[SupporterExportLog]:
    return SupporterExportLog.objects.order_by("-exported_at", "-pk")[:limit]


def carer_share(*, start: dt.datetime, end: dt.datetime, campaign_id: int | None = None) -> tuple[int, int]:
    """Of the supporters whose sign-up was confirmed in [start, end), how many told us they are
    kinship carers, and how many there were."""
    signups = Signup.objects.filter(confirmed_at__gte=start, confirmed_at__lt=end)
    if campaign_id is not None:
        signups = signups.filter(campaign_id=campaign_id)
    supporters = Supporter.objects.filter(pk__in=signups.values("supporter_id"))
    return supporters.filter(is_kinship_carer="yes").count(), supporters.count()


# "What is working" from the daily rollup (`kinship.supporters.rollup`, brought up to date first
# by `signups_rollup_refresh`), for whole local days [first, last].


def _daily(*, first: dt.date, last: dt.date, campaign_id: int | None) -> QuerySet[DailySignups]:
    rows = DailySignups.objects.filter(day__gte=first, day__lte=last).order_by()
    return rows if campaign_id is None else rows.filter(campaign_id=campaign_id)


def signups_daily_joins(
    *, first: dt.date, last: dt.date, campaign_id: int | None = None
) -> dict[dt.date, int]:
    """`joins_by_day` for the local days first to last, from the daily rollup."""
    rows = _daily(first=first, last=last, campaign_id=campaign_id).values("day").annotate(n=Sum("joins"))
    return {row["day"]: row["n"] for row in rows if row["n"]}


def signups_daily_carer_share(
    *, first: dt.date, last: dt.date, campaign_id: int | None = None
) -> tuple[int, int]:
    """Of the sign-ups confirmed on the local days first to last, how many were by people who
    told us they are kinship carers, and how many there were. For one campaign this is
    `carer_share` (one sign-up per supporter and campaign); across campaigns a supporter who
    joined two campaigns counts twice, as two joins."""
    sums = _daily(first=first, last=last, campaign_id=campaign_id).aggregate(
        carers=Sum("carers"), joined=Sum("joins")
    )
    return sums["carers"] or 0, sums["joined"] or 0

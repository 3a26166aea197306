""" "What is working"'s daily rollup of joins: `DailySignups`, brought up to date from the
sign-ups (and supporters) changed since the last refresh (see `kinship.core.rollup`). Each
(day, campaign) is recomputed whole from the raw rows, so a refresh is idempotent."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q
from django.db.models.functions import TruncDate

from kinship.core.rollup import day_bounds, day_runs, rollup_refresh, rollup_zone
from kinship.supporters.models import DailySignups, Signup, Supporter

NAME = "supporters.daily"


def _compute(run: tuple[dt.date, dt.date] | None, campaigns: set[int] | None) -> None:
    signups = Signup.objects.filter(confirmed_at__isnull=False)
    old = DailySignups.objects.all()
    if run is not None:
        signups = signups.filter(
            confirmed_at__gte=day_bounds(run[0])[0], confirmed_at__lt=day_bounds(run[1])[1]
        )
        old = old.filter(day__gte=run[0], day__lte=run[1])
    if campaigns is not None:
        signups = signups.filter(campaign_id__in=campaigns)
        old = old.filter(campaign_id__in=campaigns)
    rows = (
        signups.annotate(day=TruncDate("confirmed_at", tzinfo=rollup_zone()))
        .order_by()
        .values("day", "campaign_id")
        .annotate(joins=Count("id"), carers=Count("id", filter=Q(supporter__is_kinship_carer="yes")))
    )
    fresh = [DailySignups(**row) for row in rows]
    old.delete()
    DailySignups.objects.bulk_create(fresh, batch_size=2000)


def _update(since: dt.datetime) -> None:
    """Recompute every (day, campaign) with a sign-up changed since `since`, or whose supporter
    changed (their answer about being a kinship carer, or erasure)."""
    confirmed = Signup.objects.filter(confirmed_at__isnull=False)
    by_day: dict[dt.date, set[int]] = defaultdict(set)
    # Two queries, not one with OR across the join, so each reads its own `updated_at` index.
    for changed in (
        confirmed.filter(updated_at__gte=since),
        confirmed.filter(supporter_id__in=Supporter.objects.filter(updated_at__gte=since).values("pk")),
    ):
        pairs = (
            changed.annotate(day=TruncDate("confirmed_at", tzinfo=rollup_zone()))
            .order_by()
            .values_list("day", "campaign_id")
            .distinct()
        )
        for day, campaign_id in pairs:
            by_day[day].add(campaign_id)
    for first, last in day_runs(by_day):
        campaigns = set().union(
            *(by_day[first + dt.timedelta(days=i)] for i in range((last - first).days + 1))
        )
        _compute((first, last), campaigns)


def signups_rollup_refresh(*, rebuild: bool = False, max_lag_seconds: float = 0) -> dt.datetime:
    """Bring the daily joins up to date (all of them, the first time or when `rebuild`), unless
    they were less than `max_lag_seconds` ago; returns the time they are up to date as of."""
    return rollup_refresh(
        name=NAME,
        build=lambda: _compute(None, None),
        update=_update,
        rebuild=rebuild,
        max_lag_seconds=max_lag_seconds,
    )

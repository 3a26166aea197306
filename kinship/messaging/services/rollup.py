""" "What is working"'s daily rollup of messaging: `DailyFigures` and `DailyAreaCount`, brought
up to date from the submissions and messages changed since the last refresh (see
`kinship.core.rollup`). Each (day, action) is always recomputed whole from the raw rows, with
the same definitions as the live counts in `kinship.messaging.selectors`, so a refresh is
idempotent and a test can compare the two on any data."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate

from kinship.core.rollup import day_bounds, day_runs, rollup_recompute, rollup_refresh, rollup_zone
from kinship.messaging.models import (
    AreaKind,
    Channel,
    DailyAreaCount,
    DailyFigures,
    Message,
    MessageStatus,
    ReplyAnswer,
    Submission,
)
from kinship.messaging.selectors import REACHED, REPLIED

NAME = "messaging.daily"
Pair = tuple[dt.date, int]  # (local day, action id)


def _measures() -> list[tuple[QuerySet[Any], str, str, dict[str, Count]]]:
    """The DailyFigures columns, a few queries each counting several: the rows, the time that
    puts a row on a day, the field that names its action, and each column's count."""
    emailed = Message.objects.filter(
        submission_id=OuterRef("pk"), channel=Channel.EMAIL, status=MessageStatus.SENT
    )
    return [
        (
            Submission.objects.all(),
            "created_at",
            "action_id",
            {
                "submissions": Count("id"),
                "funnel_submitted": Count("id"),
                "funnel_confirmed": Count("id", filter=Q(confirmed_at__isnull=False)),
                "funnel_delivered": Count("id", filter=Q(Exists(emailed))),
            },
        ),
        (Submission.objects.all(), "confirmed_at", "action_id", {"confirmations": Count("id")}),
        (
            Message.objects.filter(channel=Channel.EMAIL, status=MessageStatus.SENT),
            "sent_at",
            "action_id",
            {"deliveries": Count("id")},
        ),
        (
            Message.objects.filter(status=MessageStatus.BOUNCED),
            "failed_at",
            "action_id",
            {"bounces": Count("id")},
        ),
        (
            Message.objects.filter(reply_answer__in=(*REPLIED, ReplyAnswer.NO)),
            "reply_recorded_at",
            "action_id",
            {
                "replies": Count("id", filter=Q(reply_answer__in=REPLIED)),
                "no_replies": Count("id", filter=Q(reply_answer=ReplyAnswer.NO)),
            },
        ),
        (Message.objects.all(), "followup_sent_at", "action_id", {"followups": Count("id")}),
        # Scoped by the submission's action (always the message's): PostgreSQL then reads the
        # day's submissions and their messages by index, not every message of the actions.
        (
            Message.objects.filter(REACHED),
            "submission__created_at",
            "submission__action_id",
            {
                "funnel_reached": Count("id"),
                "funnel_replied": Count("id", filter=Q(reply_answer__in=REPLIED)),
            },
        ),
    ]


AREAS = ((AreaKind.CONSTITUENCY, "constituency_name"), (AreaKind.COUNCIL, "council_name"))


def _window(
    queryset: QuerySet[Any],
    field: str,
    run: tuple[dt.date, dt.date] | None,
    actions: set[int] | None,
    action_field: str = "action_id",
) -> QuerySet[Any]:
    # A row without the time (a demo "sent" message with no `sent_at`) is on no day, as in the
    # live counts' date ranges.
    queryset = queryset.filter(**{f"{field}__isnull": False})
    if run is not None:
        queryset = queryset.filter(
            **{f"{field}__gte": day_bounds(run[0])[0], f"{field}__lt": day_bounds(run[1])[1]}
        )
    if actions is not None:
        queryset = queryset.filter(**{f"{action_field}__in": actions})
    return queryset.annotate(day=TruncDate(field, tzinfo=rollup_zone())).order_by()


def _compute(run: tuple[dt.date, dt.date] | None, actions: set[int] | None) -> None:
    """Replace the rollup rows of the days in `run` (every day when None) and `actions` (all
    when None) with counts made afresh from the raw rows."""
    figures: dict[Pair, dict[str, int]] = defaultdict(dict)
    for queryset, field, action_field, counts in _measures():
        rows = (
            _window(queryset, field, run, actions, action_field)
            .values("day", action_field)
            .annotate(**counts)
        )
        for row in rows:
            figures[(row["day"], row[action_field])].update({column: row[column] for column in counts})
    areas: list[DailyAreaCount] = []
    for kind, field in AREAS:
        confirmed = Submission.objects.filter(confirmed_at__isnull=False).exclude(**{field: ""})
        rows = (
            _window(confirmed, "created_at", run, actions)
            .values("day", "action_id", field)
            .annotate(n=Count("id"))
        )
        areas += [
            DailyAreaCount(day=r["day"], action_id=r["action_id"], kind=kind, name=r[field], confirmed=r["n"])
            for r in rows
        ]
    old_figures, old_areas = DailyFigures.objects.all(), DailyAreaCount.objects.all()
    if run is not None:
        old_figures = old_figures.filter(day__gte=run[0], day__lte=run[1])
        old_areas = old_areas.filter(day__gte=run[0], day__lte=run[1])
    if actions is not None:
        old_figures = old_figures.filter(action_id__in=actions)
        old_areas = old_areas.filter(action_id__in=actions)
    old_figures.delete()
    old_areas.delete()
    DailyFigures.objects.bulk_create(
        [
            DailyFigures(day=day, action_id=action_id, **counts)
            for (day, action_id), counts in figures.items()
        ],
        batch_size=2000,
    )
    DailyAreaCount.objects.bulk_create(areas, batch_size=2000)


def _recompute(pairs: Iterable[Pair]) -> None:
    by_day: dict[dt.date, set[int]] = defaultdict(set)
    for day, action_id in pairs:
        by_day[day].add(action_id)
    for run in day_runs(by_day):
        actions = set().union(
            *(by_day[run[0] + dt.timedelta(days=i)] for i in range((run[1] - run[0]).days + 1))
        )
        _compute(run, actions)


def _changed(since: dt.datetime) -> set[Pair]:
    """Every (day, action) a submission or message changed since `since` counts on: a row counts
    on several days (made, confirmed, sent, replied...), and a message also on its submission's."""
    pairs: set[Pair] = set()
    for model, fields in (
        (Submission, ("created_at", "confirmed_at")),
        (
            Message,
            ("submission__created_at", "sent_at", "failed_at", "reply_recorded_at", "followup_sent_at"),
        ),
    ):
        changed = model.objects.filter(updated_at__gte=since)  # type: ignore[attr-defined]
        for field in fields:
            rows = (
                changed.filter(**{f"{field}__isnull": False})
                .annotate(day=TruncDate(field, tzinfo=rollup_zone()))
                .order_by()
                .values_list("day", "action_id")
                .distinct()
            )
            pairs.update(rows)
    return pairs


def messaging_rollup_refresh(*, rebuild: bool = False, max_lag_seconds: float = 0) -> dt.datetime:
    """Bring the daily figures up to date (all of them, the first time or when `rebuild`), unless
    they were less than `max_lag_seconds` ago; returns the time they are up to date as of."""
    return rollup_refresh(
        name=NAME,
        build=lambda: _compute(None, None),
        update=lambda since: _recompute(_changed(since)),
        rebuild=rebuild,
        max_lag_seconds=max_lag_seconds,
    )


def messaging_rollup_recompute(*, pairs: Iterable[Pair]) -> None:
    """Recompute these (day, action) figures now: for submissions deleted, which leave no
    `updated_at` behind."""
    wanted = list(pairs)
    if wanted:
        rollup_recompute(name=NAME, recompute=lambda: _recompute(wanted))


def submission_days(queryset: QuerySet[Submission]) -> set[Pair]:
    """The (day, action) pairs these submissions are counted on, read before they are deleted."""
    rows = (
        queryset.annotate(day=TruncDate("created_at", tzinfo=rollup_zone()))
        .order_by()
        .values_list("day", "action_id")
        .distinct()
    )
    return set(rows)

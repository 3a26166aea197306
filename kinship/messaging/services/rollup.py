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

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncDate, TruncHour
from django.utils import timezone

from kinship.core.rollup import (
    consecutive_runs,
    day_bounds,
    day_runs,
    rollup_recompute,
    rollup_refresh,
    rollup_zone,
)
from kinship.messaging.models import (
    AreaKind,
    Channel,
    DailyAreaCount,
    DailyAreaTotal,
    DailyFigures,
    HourlyAreaCount,
    HourlyFigures,
    Message,
    MessageStatus,
    ReplyAnswer,
    Submission,
)
from kinship.messaging.selectors import REACHED, REPLIED

NAME = "messaging.daily"
Pair = tuple[Any, int]  # (local day or UTC hour, action id)


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


Window = tuple[dt.datetime, dt.datetime | None]  # [start, end) of raw-row times; None: no end


def _window(
    queryset: QuerySet[Any],
    field: str,
    window: Window | None,
    actions: set[int] | None,
    bucket: Any,
    action_field: str = "action_id",
) -> QuerySet[Any]:
    # A row without the time (a demo "sent" message with no `sent_at`) is on no day, as in the
    # live counts' date ranges.
    queryset = queryset.filter(**{f"{field}__isnull": False})
    if window is not None:
        queryset = queryset.filter(**{f"{field}__gte": window[0]})
        if window[1] is not None:
            queryset = queryset.filter(**{f"{field}__lt": window[1]})
    if actions is not None:
        queryset = queryset.filter(**{f"{action_field}__in": actions})
    return queryset.annotate(period=bucket(field)).order_by()


def _by_day(field: str) -> Any:
    return TruncDate(field, tzinfo=rollup_zone())


def _by_hour(field: str) -> Any:
    # UTC hours: with a whole-hour zone offset (the UK's) each lies inside one local day.
    return TruncHour(field, tzinfo=dt.UTC)


AreaKey = tuple[Any, int, str, str]  # (period, action id, kind, name)
HOUR = dt.timedelta(hours=1)


def _figure_counts(
    window: Window | None, actions: set[int] | None, bucket: Any
) -> dict[Pair, dict[str, int]]:
    """Every figure of the raw rows in `window` (all when None) and `actions` (all when None),
    by (period, action), the period made by `bucket` (an hour or a day)."""
    figures: dict[Pair, dict[str, int]] = defaultdict(dict)
    for queryset, field, action_field, counts in _measures():
        rows = (
            _window(queryset, field, window, actions, bucket, action_field)
            .values("period", action_field)
            .annotate(**counts)
        )
        for row in rows:
            figures[(row["period"], row[action_field])].update({column: row[column] for column in counts})
    return figures


def _area_counts(window: Window | None, actions: set[int] | None, bucket: Any) -> dict[AreaKey, int]:
    """Confirmed submissions made in `window` by (period, action, area kind, area name)."""
    areas: dict[AreaKey, int] = {}
    for kind, field in AREAS:
        confirmed = Submission.objects.filter(confirmed_at__isnull=False).exclude(**{field: ""})
        rows = (
            _window(confirmed, "created_at", window, actions, bucket)
            .values("period", "action_id", field)
            .annotate(n=Count("id"))
        )
        areas.update({(r["period"], r["action_id"], kind, r[field]): r["n"] for r in rows})
    return areas


def _scoped(queryset: QuerySet[Any], actions: set[int] | None) -> QuerySet[Any]:
    return queryset if actions is None else queryset.filter(action_id__in=actions)


def _hour_figures(window: Window | None, actions: set[int] | None) -> None:
    """Replace the hourly figures in `window` (every hour when None) and `actions` with counts
    made afresh from the raw rows of those hours only."""
    figures = _figure_counts(window, actions, _by_hour)
    old = HourlyFigures.objects.all()
    if window is not None:
        old = old.filter(hour__gte=window[0], hour__lt=window[1])
    _scoped(old, actions).delete()
    HourlyFigures.objects.bulk_create(
        [
            HourlyFigures(hour=hour, action_id=action_id, **counts)
            for (hour, action_id), counts in figures.items()
        ],
        batch_size=2000,
    )


def _sum_figures(run: tuple[dt.date, dt.date] | None, actions: set[int] | None) -> None:
    """The daily figures of the days in `run` (every day when None) and `actions`, as the sums
    of their hours (at most 25 rows a day and action)."""
    columns = [f.name for f in HourlyFigures._meta.fields if f.name not in {"id", "hour", "action"}]
    rows, old = HourlyFigures.objects.all(), DailyFigures.objects.all()
    if run is not None:
        rows = rows.filter(hour__gte=day_bounds(run[0])[0], hour__lt=day_bounds(run[1])[1])
        old = old.filter(day__gte=run[0], day__lte=run[1])
    sums = (
        _scoped(rows, actions)
        .annotate(day=TruncDate("hour", tzinfo=rollup_zone()))
        .order_by()
        .values("day", "action_id")
        .annotate(**{column: Sum(column) for column in columns})
    )
    fresh = [
        DailyFigures(
            day=row["day"], action_id=row["action_id"], **{column: row[column] for column in columns}
        )
        for row in sums
    ]
    _scoped(old, actions).delete()
    DailyFigures.objects.bulk_create(fresh, batch_size=2000)


def _day_areas(run: tuple[dt.date, dt.date] | None, actions: set[int] | None) -> None:
    """Replace the daily area rows of the days in `run` (every day when None) and `actions` with
    counts made afresh from the raw rows of those days."""
    window = None if run is None else (day_bounds(run[0])[0], day_bounds(run[1])[1])
    areas = _area_counts(window, actions, _by_day)
    old = DailyAreaCount.objects.all()
    if run is not None:
        old = old.filter(day__gte=run[0], day__lte=run[1])
    _scoped(old, actions).delete()
    DailyAreaCount.objects.bulk_create(
        [
            DailyAreaCount(day=day, action_id=action_id, kind=kind, name=name, confirmed=n)
            for (day, action_id, kind, name), n in areas.items()
        ],
        batch_size=2000,
    )
    _sum_totals(run)


def _hour_areas(window: Window, actions: set[int] | None, *, days: bool = True) -> None:
    """Recount the hourly area rows in `window` (and `actions`) from the raw rows of those hours
    only and, unless `days` is False (a build, whose daily rows are counted whole), add what
    changed to the days they are on: a day has thousands of area rows, one minute's changes a
    few, and each open day stays exactly the sum of its hours."""
    old = HourlyAreaCount.objects.filter(hour__gte=window[0])
    if window[1] is not None:
        old = old.filter(hour__lt=window[1])
    before = {
        (hour, action_id, kind, name): (pk, n)
        for pk, hour, action_id, kind, name, n in _scoped(old, actions).values_list(
            "pk", "hour", "action_id", "kind", "name", "confirmed"
        )
    }
    after = _area_counts(window, actions, _by_hour)
    _sync(HourlyAreaCount, ("hour", *AREA_FIELDS[1:]), before, after)
    if not days:
        return
    zone = rollup_zone()
    delta: dict[AreaKey, int] = defaultdict(int)
    for (hour, action_id, kind, name), (_pk, n) in before.items():
        delta[(timezone.localtime(hour, zone).date(), action_id, kind, name)] -= n
    for (hour, action_id, kind, name), n in after.items():
        delta[(timezone.localtime(hour, zone).date(), action_id, kind, name)] += n
    _add_to_days({key: n for key, n in delta.items() if n})


def _sync(
    model: Any, fields: tuple[str, ...], before: dict[Any, tuple[int, int]], after: dict[Any, int]
) -> None:
    """Write count rows (`fields` their key, `confirmed` their count) so that they are `after`
    where they were `before` (key: (pk, count)): only the rows whose count changed are written."""
    gone = [pk for key, (pk, _n) in before.items() if key not in after]
    changed = [
        model(pk=before[key][0], confirmed=n)
        for key, n in after.items()
        if key in before and before[key][1] != n
    ]
    new = [
        model(**dict(zip(fields, key, strict=True)), confirmed=n)
        for key, n in after.items()
        if key not in before
    ]
    for i in range(0, len(gone), 2000):
        model.objects.filter(pk__in=gone[i : i + 2000]).delete()
    model.objects.bulk_update(changed, ["confirmed"], batch_size=2000)
    model.objects.bulk_create(new, batch_size=2000)


def _apply(model: Any, fields: tuple[str, ...], delta: dict[Any, int]) -> None:
    """Add these changes to the count rows (a row that comes to zero goes)."""
    if not delta:
        return
    rows = model.objects.filter(
        day__in={key[0] for key in delta}, name__in={key[-1] for key in delta}
    ).values_list("pk", *fields, "confirmed")
    before = {tuple(row[1:-1]): (row[0], row[-1]) for row in rows}
    after = {key: n for key, (_pk, n) in before.items()}
    for key, n in delta.items():
        after[key] = after.get(key, 0) + n
    _sync(model, fields, before, {key: n for key, n in after.items() if n > 0})


AREA_FIELDS = ("day", "action_id", "kind", "name")
TOTAL_FIELDS = ("day", "kind", "name")


def _add_to_days(delta: dict[AreaKey, int]) -> None:
    """Add these changes to the daily area rows and the totals over every action."""
    _apply(DailyAreaCount, AREA_FIELDS, delta)
    totals: dict[tuple[Any, str, str], int] = defaultdict(int)
    for (day, _action_id, kind, name), n in delta.items():
        totals[(day, kind, name)] += n
    _apply(DailyAreaTotal, TOTAL_FIELDS, {key: n for key, n in totals.items() if n})


def _sum_totals(run: tuple[dt.date, dt.date] | None) -> None:
    """The totals over every action of the days in `run` (every day when None), afresh from the
    daily area rows."""
    rows, old = DailyAreaCount.objects.all(), DailyAreaTotal.objects.all()
    if run is not None:
        rows = rows.filter(day__gte=run[0], day__lte=run[1])
        old = old.filter(day__gte=run[0], day__lte=run[1])
    sums = rows.order_by().values_list(*TOTAL_FIELDS).annotate(n=Sum("confirmed"))
    fresh = [DailyAreaTotal(day=day, kind=kind, name=name, confirmed=n) for day, kind, name, n in sums]
    old.delete()
    DailyAreaTotal.objects.bulk_create(fresh, batch_size=2000)


def _open_from(now: dt.datetime) -> dt.datetime:
    """Where the days whose area counts are kept by the hour begin: yesterday, local (a row
    written just before midnight may be counted in just after it)."""
    return day_bounds(timezone.localtime(now, rollup_zone()).date() - dt.timedelta(days=1))[0]


def _build() -> None:
    _hour_figures(None, None)
    _sum_figures(None, None)
    _day_areas(None, None)
    HourlyAreaCount.objects.all().delete()
    _hour_areas((_open_from(timezone.now()), None), None, days=False)


def _grouped(pairs: Iterable[Pair]) -> dict[Any, set[int]]:
    grouped: dict[Any, set[int]] = defaultdict(set)
    for period, action_id in pairs:
        grouped[period].add(action_id)
    return grouped


def _recompute(figure_hours: Iterable[Pair], area_hours: Iterable[Pair]) -> None:
    """Recount the figures of these (UTC hour, action) pairs hour by hour, and sum their days
    again; recount the area counts of these hour by hour when the day is still open (see
    `_open_from`), else the whole day (only a change to a submission moves them, never a reply
    or a bounce); drop hourly area rows of days no longer open (their daily rows are final)."""
    zone = rollup_zone()
    by_hour = _grouped(figure_hours)
    days: dict[dt.date, set[int]] = defaultdict(set)
    for first, last in consecutive_runs(by_hour, HOUR):
        actions = set().union(*(acts for hour, acts in by_hour.items() if first <= hour <= last))
        _hour_figures((first, last + HOUR), actions)
        day, last_day = timezone.localtime(first, zone).date(), timezone.localtime(last, zone).date()
        while day <= last_day:
            days[day] |= actions
            day += dt.timedelta(days=1)
    for run in day_runs(days):
        _sum_figures(run, set().union(*(acts for day, acts in days.items() if run[0] <= day <= run[1])))
    open_from = _open_from(timezone.now())
    areas = _grouped(area_hours)
    closed: dict[dt.date, set[int]] = defaultdict(set)
    for hour, actions in areas.items():
        if hour < open_from:
            closed[timezone.localtime(hour, zone).date()] |= actions
    for run in day_runs(closed):
        _day_areas(run, set().union(*(acts for day, acts in closed.items() if run[0] <= day <= run[1])))
    recent = {hour: actions for hour, actions in areas.items() if hour >= open_from}
    for first, last in consecutive_runs(recent, HOUR):
        _hour_areas((first, last + HOUR), set().union(*(a for h, a in recent.items() if first <= h <= last)))
    HourlyAreaCount.objects.filter(hour__lt=open_from).delete()


def _day_hours(day: dt.date) -> list[dt.datetime]:
    """The UTC hours of a local day (23 to 25)."""
    start, end = day_bounds(day)
    hours, hour = [], start.astimezone(dt.UTC)
    while hour < end:
        hours.append(hour)
        hour += HOUR
    return hours


def _changed(since: dt.datetime) -> tuple[set[Pair], set[Pair]]:
    """Every (UTC hour, action) a submission or message changed since `since` counts on, for
    the figures (a row counts on several hours: made, confirmed, sent, replied..., and a message
    also on its submission's) and for the area counts (a submission's hour made)."""
    figures: set[Pair] = set()
    areas: set[Pair] = set()
    for model, fields in (
        (Submission, ("created_at", "confirmed_at")),
        (
            Message,
            ("submission__created_at", "sent_at", "failed_at", "reply_recorded_at", "followup_sent_at"),
        ),
    ):
        changed = model.objects.filter(updated_at__gte=since)  # type: ignore[attr-defined]
        for field in fields:
            rows = set(
                changed.filter(**{f"{field}__isnull": False})
                .annotate(hour=_by_hour(field))
                .order_by()
                .values_list("hour", "action_id")
                .distinct()
            )
            figures |= rows
            if model is Submission and field == "created_at":
                areas |= rows
    return figures, areas


def messaging_rollup_refresh(*, rebuild: bool = False, max_lag_seconds: float = 0) -> dt.datetime:
    """Bring the daily figures up to date (all of them, the first time or when `rebuild`), unless
    they were less than `max_lag_seconds` ago; returns the time they are up to date as of."""
    return rollup_refresh(
        name=NAME,
        build=_build,
        update=lambda since: _recompute(*_changed(since)),
        rebuild=rebuild,
        max_lag_seconds=max_lag_seconds,
    )


def messaging_rollup_recompute(*, pairs: Iterable[Pair] = (), moments: Iterable[Pair] = ()) -> None:
    """Recount now, for what `updated_at` cannot show: these (day, action) pairs whole (the days
    of submissions deleted, which leave no row behind), and the figures of the hours of these
    (time, action) moments (a message's time that moved: the hour it was counted on before)."""
    days = [(hour, action_id) for day, action_id in pairs for hour in _day_hours(day)]
    hours = [(_hour_of(when), action_id) for when, action_id in moments]
    if days or hours:
        rollup_recompute(name=NAME, recompute=lambda: _recompute(days + hours, days))


def _hour_of(when: dt.datetime) -> dt.datetime:
    return when.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)


def submission_days(queryset: QuerySet[Submission]) -> set[Pair]:
    """The (day, action) pairs these submissions are counted on, read before they are deleted."""
    rows = (
        queryset.annotate(day=TruncDate("created_at", tzinfo=rollup_zone()))
        .order_by()
        .values_list("day", "action_id")
        .distinct()
    )
    return set(rows)

"""Read-through daily rollups: summary rows per local day that a reader brings up to date before
summing them, instead of counting every raw row in a period.

An app's rollup keeps one `RollupMark` row. `rollup_refresh` locks it (so two readers, or a
reader and the worker, never rebuild the same days at once), finds the rows changed since the
mark, lets the app recompute the days they touch fully from the raw rows, and moves the mark on.
The mark is read back with an overlap: a transaction that stamped `updated_at` before the last
refresh but committed after it is still seen. Recomputing a day is idempotent, so the overlap
only costs a re-read of the last seconds' rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.db import transaction
from django.utils import timezone

from kinship.core.models import RollupMark

# Longer than any write transaction between stamping `updated_at` and its commit, and than the
# clock difference between app servers.
OVERLAP = dt.timedelta(seconds=60)

# A day or an hour (a datetime is a date).
_Step = TypeVar("_Step", bound=dt.date)


def rollup_zone() -> dt.tzinfo:
    """The site's time zone: rollup days are local days (the staff console's days)."""
    return timezone.get_default_timezone()


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of a local day, as aware datetimes."""
    zone = rollup_zone()
    return (
        dt.datetime.combine(day, dt.time.min, tzinfo=zone),
        dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
    )


def consecutive_runs(values: Iterable[_Step], step: dt.timedelta) -> list[tuple[_Step, _Step]]:
    """Values one `step` apart as (first, last) runs, so a recompute reads each run in one range
    (days with a step of a day, hours with an hour)."""
    runs: list[tuple[_Step, _Step]] = []
    for value in sorted(set(values)):
        if runs and runs[-1][1] + step == value:
            runs[-1] = (runs[-1][0], value)
        else:
            runs.append((value, value))
    return runs


def day_runs(days: Iterable[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Consecutive days as (first, last) runs."""
    return consecutive_runs(days, dt.timedelta(days=1))


def rollup_refresh(
    *,
    name: str,
    build: Callable[[], None],
    update: Callable[[dt.datetime], None],
    rebuild: bool = False,
    max_lag_seconds: float = 0,
) -> dt.datetime:
    """Bring the rollup `name` up to date: `build()` everything when it has no mark (or
    `rebuild`), else `update(since)` the days touched by rows changed since `since`. Returns
    the time it is up to date as of. With `max_lag_seconds`, a rollup brought up to date that
    recently (by the worker, or another reader) is left as it is, without taking its lock:
    recounting today on every read is the one cost that grows with the day's activity."""
    if max_lag_seconds > 0 and not rebuild:
        mark = RollupMark.objects.filter(name=name).values_list("mark", flat=True).first()
        if mark is not None and timezone.now() - mark < dt.timedelta(seconds=max_lag_seconds):
            return mark
    return _refresh_locked(name=name, build=build, update=update, rebuild=rebuild)


@transaction.atomic
def _refresh_locked(
    *, name: str, build: Callable[[], None], update: Callable[[dt.datetime], None], rebuild: bool
) -> dt.datetime:
    RollupMark.objects.get_or_create(name=name)
    row = RollupMark.objects.select_for_update().get(name=name)
    now = timezone.now()
    if row.mark is None or rebuild:
        build()
    else:
        update(row.mark - OVERLAP)
    row.mark = now
    row.save(update_fields=["mark"])
    return now


@transaction.atomic
def rollup_recompute(*, name: str, recompute: Callable[[], None]) -> None:
    """Recompute some days now, under the rollup's lock, without moving its mark: for changes
    `updated_at` cannot show (rows deleted). Nothing to do before the rollup is first built."""
    RollupMark.objects.get_or_create(name=name)
    row = RollupMark.objects.select_for_update().get(name=name)
    if row.mark is not None:
        recompute()

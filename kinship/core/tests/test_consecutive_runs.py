"""Recomputes read each run of touched days or hours in one range: the runs must be exact."""

import datetime as dt

from kinship.core.rollup import consecutive_runs, day_runs

HOUR = dt.timedelta(hours=1)


def test_days_in_runs_unordered_and_repeated() -> None:
    d = dt.date(2026, 11, 28)
    days = [d + dt.timedelta(days=2), d, d + dt.timedelta(days=1), d, d + dt.timedelta(days=5)]
    assert day_runs(days) == [(d, d + dt.timedelta(days=2)), (d + dt.timedelta(days=5),) * 2]


def test_hours_in_runs_across_midnight() -> None:
    t = dt.datetime(2026, 11, 30, 22, tzinfo=dt.UTC)
    hours = [t + 3 * HOUR, t, t + HOUR, t + 2 * HOUR, t + 6 * HOUR]
    assert consecutive_runs(hours, HOUR) == [(t, t + 3 * HOUR), (t + 6 * HOUR, t + 6 * HOUR)]


def test_nothing_touched_is_no_run() -> None:
    assert consecutive_runs([], HOUR) == []

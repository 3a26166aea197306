"""Periodic jobs (reminders, follow-ups, clean-ups) run by the worker, once across all workers.

Apps register a function with `@periodic("name", every=timedelta(...))` in their own
`periodic.py`; the worker calls `run_due_jobs()` every few seconds. A row lock (skip_locked)
on PeriodicJobRun makes sure two workers never run the same job at the same time.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from kinship.core.dbretry import DB_ERRORS
from kinship.core.privacy import scrub

logger = logging.getLogger("kinship.periodic")

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    func: Callable[[], object]


REGISTRY: dict[str, PeriodicJob] = {}


def periodic(name: str, *, every: timedelta) -> Callable[[Callable[[], object]], Callable[[], object]]:
    """Register a function as a periodic job."""

    def decorator(func: Callable[[], object]) -> Callable[[], object]:
        REGISTRY[name] = PeriodicJob(name=name, every=every, func=func)
        return func

    return decorator


def autodiscover() -> None:
    """Import every kinship app's `periodic` module so its jobs register."""
    for config in apps.get_app_configs():
        if config.name.startswith("kinship."):
            try:
                importlib.import_module(f"{config.name}.periodic")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.periodic":
                    raise


def run_due_jobs(now: datetime | None = None) -> list[str]:
    """Run every registered job whose interval has passed; return the names that ran."""
    from kinship.core.models import PeriodicJobRun

    now = now or timezone.now()
    ran: list[str] = []
    for job in list(REGISTRY.values()):
        PeriodicJobRun.objects.get_or_create(name=job.name)
        with transaction.atomic():
            row = PeriodicJobRun.objects.select_for_update(skip_locked=True).filter(name=job.name).first()
            if row is None:
                continue  # another worker holds it
            if row.last_started_at and row.last_started_at + job.every > now:
                continue
            row.last_started_at = now
            row.save(update_fields=["last_started_at"])
        try:
            job.func()
            PeriodicJobRun.objects.filter(name=job.name).update(
                last_finished_at=timezone.now(), last_error=""
            )
        except Exception as exc:  # keep the worker alive; record for staff
            logger.exception("periodic job %s failed", job.name)
            PeriodicJobRun.objects.filter(name=job.name).update(
                last_error=scrub(f"{type(exc).__name__}: {exc}")
            )
        ran.append(job.name)
    return ran


def each_isolated(items: Iterable[T], func: Callable[[T], R], *, job: str) -> list[R]:
    """Run `func` on each item of a periodic job by itself (each in its own transaction, which
    `func` opens): one item's error is logged, by the item's id and the error's type (never its
    text, which can hold addresses), and the other items go on. The database being away is
    raised, for the worker's backoff. Returns the results of the items that succeeded."""
    results: list[R] = []
    for item in items:
        try:
            results.append(func(item))
        except DB_ERRORS:
            raise
        except Exception as exc:  # noqa: BLE001 - isolated to this item, logged
            logger.error(
                "periodic job %s: item %s failed (%s); the others go on", job, item, type(exc).__name__
            )
    return results

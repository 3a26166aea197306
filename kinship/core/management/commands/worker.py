"""`python manage.py worker`: run background tasks, the outbox drain loop and periodic jobs.

It is the django-tasks-db worker with two additions:
- a drain thread: the outbox tables are the queue, so it claims batches of due rows (service
  emails, messages to representatives) and sends each batch over one mail connection;
- a thread that runs due periodic jobs (unless `--no-periodic`).
Start as many as you like; tasks and outbox rows are claimed with row locks and periodic jobs
run once. On SIGTERM the worker finishes the batch in hand before it exits.

All three loops outlive their database (`kinship.core.dbretry`): a restart, a network blip or a
lost connection is logged, the dead connection closed, and the loop backs off (bounded) and
carries on. Run the worker under a supervisor all the same (docs/deploy/kinship-worker.service).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Any

from django.db import close_old_connections
from django.db import connection as db_connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from kinship.core import outbox, scheduling
from kinship.core.dbretry import DB_ERRORS, Backoff, reset_connections

logger = logging.getLogger("kinship.worker")

# Drain threads per worker on PostgreSQL: one thread spends most of each email waiting on the
# mail server and the database; more threads overlap those waits (four took two workers from
# 0.3 to 1.0 of the submission rate in bench/submissions_bench.py on the busy 2-core machine;
# eight sent about a quarter more again in bench/peak_table.py, using the whole machine where
# four left a quarter of it idle). A worker killed mid-batch may leave one row per thread to be
# re-sent once (same Message-ID).
PG_DRAIN_THREADS = 8


class ResilientWorker(Worker):
    """The django-tasks-db worker loop, restarted after a database error instead of exiting.

    A task whose outcome could not be recorded because the database went away is put back
    as ready once the database answers again: tasks are idempotent (they load rows by id and
    check state), so running one again is safe, and losing it is not."""

    in_flight: str | None = None

    def run(self) -> None:
        backoff = Backoff()
        while self.running:
            try:
                self._requeue_in_flight()
                super().run()
                return
            except DB_ERRORS as exc:
                reset_connections()
                delay = backoff.next_delay()
                logger.warning(
                    "task worker lost the database (%s); retrying in %.1f s", type(exc).__name__, delay
                )
                self.startup_delay = False
                time.sleep(delay)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.in_flight = str(db_task_result.pk)
        super().run_task(db_task_result)  # raises only when the outcome could not be recorded
        self.in_flight = None

    def _requeue_in_flight(self) -> None:
        if self.in_flight is None:
            return
        DBTaskResult.objects.filter(pk=self.in_flight, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY, started_at=None
        )
        logger.warning("task %s was interrupted by a database error; queued again", self.in_flight)
        self.in_flight = None


class Command(DbWorkerCommand):
    help = (
        "Run the background worker: queued tasks, the outbox drain loop (emails) and periodic jobs "
        "(reminders, follow-ups, clean-ups)."
    )

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-periodic", action="store_true", help="Do not run periodic jobs in this worker."
        )
        parser.add_argument(
            "--periodic-interval", type=float, default=30.0, help="Seconds between periodic job checks."
        )
        parser.add_argument(
            "--drain-interval",
            type=float,
            default=0.2,
            help="Seconds the outbox drain loop waits when nothing is due (it loops at once after a batch).",
        )
        parser.add_argument(
            "--drain-threads",
            type=int,
            default=None,
            help=(
                "Drain threads in this worker (claims are exclusive, so more are safe). Default: "
                f"{PG_DRAIN_THREADS} on PostgreSQL (sending waits on the mail server and the database, "
                "so threads overlap the waits), 1 on SQLite (one writer at a time)."
            ),
        )
        parser.add_argument(
            "--no-drain", action="store_true", help="Do not drain the outboxes in this worker."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        no_periodic = options.pop("no_periodic", False)
        periodic_interval = options.pop("periodic_interval", 30.0)
        drain_interval = options.pop("drain_interval", 0.2)
        no_drain = options.pop("no_drain", False)
        drain_threads = options.pop("drain_threads", None)
        if drain_threads is None:
            drain_threads = PG_DRAIN_THREADS if db_connection.vendor == "postgresql" else 1
        drain_threads = max(1, int(drain_threads))
        if not no_periodic:
            scheduling.autodiscover()
            threading.Thread(
                target=self._periodic_loop, args=(periodic_interval,), name="periodic", daemon=True
            ).start()
        stop = threading.Event()
        drain_workers: list[threading.Thread] = []
        if not no_drain:
            if options.get("batch"):
                # Batch mode runs until nothing is left: drain first, then tasks, then again
                # for whatever the tasks wrote.
                self._drain_all()
            else:
                for n in range(drain_threads):
                    thread = threading.Thread(
                        target=self._drain_loop,
                        args=(drain_interval, stop),
                        name=f"outbox-drain-{n}",
                        daemon=True,
                    )
                    thread.start()
                    drain_workers.append(thread)
        try:
            self._run_tasks(**options)
        finally:
            stop.set()
            for thread in drain_workers:
                thread.join(timeout=120)  # let the batch in hand be sent and recorded
        if not no_drain and options.get("batch"):
            self._drain_all()

    def _run_tasks(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options: Any,
    ) -> None:
        """django-tasks-db's `handle`, with the resilient worker."""
        self.configure_logging(verbosity)
        worker = ResilientWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only the reloaded child handles signals
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()

    @staticmethod
    def _drain_all() -> None:
        try:
            outbox.drain_until_empty()
        finally:
            close_old_connections()

    @staticmethod
    def _drain_loop(interval: float, stop: threading.Event) -> None:
        backoff = Backoff()
        while not stop.is_set():
            claimed = 0
            try:
                close_old_connections()
                claimed = outbox.drain_once()
                backoff.reset()
            except DB_ERRORS as exc:
                reset_connections()
                delay = backoff.next_delay()
                logger.warning(
                    "outbox drain lost the database (%s); retrying in %.1f s", type(exc).__name__, delay
                )
                stop.wait(delay)
                continue
            except Exception:  # the loop must outlive any one failure
                logger.exception("outbox drain failed")
            if not claimed:
                close_old_connections()
                stop.wait(interval)

    @staticmethod
    def _periodic_loop(interval: float) -> None:
        backoff = Backoff()
        while True:
            delay = interval
            try:
                close_old_connections()
                scheduling.run_due_jobs()
                backoff.reset()
            except DB_ERRORS as exc:
                reset_connections()
                delay = min(interval, backoff.next_delay())
                logger.warning(
                    "periodic jobs lost the database (%s); retrying in %.1f s", type(exc).__name__, delay
                )
            except Exception:  # the loop must outlive any one failure
                logger.exception("periodic job check failed")
            finally:
                close_old_connections()
            time.sleep(delay)

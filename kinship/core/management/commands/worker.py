"""`python manage.py worker`: run background tasks, the outbox drain loop and periodic jobs.

It is the django-tasks-db worker with two additions:
- a drain thread: the outbox tables are the queue, so it claims batches of due rows (service
  emails, messages to representatives) and sends each batch over one mail connection;
- a thread that runs due periodic jobs (unless `--no-periodic`).
Start as many as you like; tasks and outbox rows are claimed with row locks and periodic jobs
run once. On SIGTERM the worker finishes the batch in hand before it exits.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from kinship.core import outbox, scheduling

logger = logging.getLogger("kinship.worker")


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
            default=1.0,
            help="Seconds the outbox drain loop waits when nothing is due (it loops at once after a batch).",
        )
        parser.add_argument(
            "--drain-threads",
            type=int,
            default=1,
            help="Drain threads in this worker (claims are exclusive, so more are safe).",
        )
        parser.add_argument(
            "--no-drain", action="store_true", help="Do not drain the outboxes in this worker."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        no_periodic = options.pop("no_periodic", False)
        periodic_interval = options.pop("periodic_interval", 30.0)
        drain_interval = options.pop("drain_interval", 1.0)
        no_drain = options.pop("no_drain", False)
        drain_threads = max(1, int(options.pop("drain_threads", 1)))
        if not no_periodic:
            scheduling.autodiscover()
            threading.Thread(target=self._periodic_loop, args=(periodic_interval,), daemon=True).start()
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
            super().handle(*args, **options)
        finally:
            stop.set()
            for thread in drain_workers:
                thread.join(timeout=120)  # let the batch in hand be sent and recorded
        if not no_drain and options.get("batch"):
            self._drain_all()

    @staticmethod
    def _drain_all() -> None:
        try:
            outbox.drain_until_empty()
        finally:
            close_old_connections()

    @staticmethod
    def _drain_loop(interval: float, stop: threading.Event) -> None:
        while not stop.is_set():
            claimed = 0
            try:
                close_old_connections()
                claimed = outbox.drain_once()
            except Exception:  # the loop must survive a database hiccup
                logger.exception("outbox drain failed")
            if not claimed:
                close_old_connections()
                stop.wait(interval)

    @staticmethod
    def _periodic_loop(interval: float) -> None:
        while True:
            try:
                close_old_connections()
                scheduling.run_due_jobs()
            except Exception:  # the loop must survive a database hiccup
                logger.exception("periodic job check failed")
            finally:
                close_old_connections()
            time.sleep(interval)

"""`python manage.py worker`: run background tasks and periodic jobs.

It is the django-tasks-db worker with one addition: a thread that runs due periodic jobs.
Start as many as you like; tasks are claimed with row locks and periodic jobs run once.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from kinship.core import scheduling

logger = logging.getLogger("kinship.worker")


class Command(DbWorkerCommand):
    help = "Run the background worker: queued tasks plus periodic jobs (reminders, follow-ups, clean-ups)."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-periodic", action="store_true", help="Do not run periodic jobs in this worker."
        )
        parser.add_argument(
            "--periodic-interval", type=float, default=30.0, help="Seconds between periodic job checks."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options.pop("no_periodic", False):
            interval = options.pop("periodic_interval", 30.0)
            scheduling.autodiscover()
            thread = threading.Thread(target=self._periodic_loop, args=(interval,), daemon=True)
            thread.start()
        else:
            options.pop("periodic_interval", None)
        super().handle(*args, **options)

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

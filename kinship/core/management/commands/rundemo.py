"""Run the site and a background worker together, for `make demo`."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run the development server with a background worker beside it (demo only)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.KINSHIP_MAIL_MODE != "capture":
            raise CommandError(
                "The demo only runs with KINSHIP_MAIL_MODE=capture: it must never email real people."
            )
        worker = subprocess.Popen([sys.executable, "manage.py", "worker", "--interval", "1"])
        try:
            call_command("runserver", options["addrport"], use_reloader=False)
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()

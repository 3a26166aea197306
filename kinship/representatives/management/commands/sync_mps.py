"""python manage.py sync_mps [--base-url URL]: MPs from the UK Parliament Members API."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinship.representatives.clients.parliament import ParliamentClient
from kinship.representatives.mps import MpSyncAbortedError, mps_sync


class Command(BaseCommand):
    help = "Create or update every constituency's MP from the UK Parliament Members API and end offices of MPs who left."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--base-url", help="Members API root (default: KINSHIP_PARLIAMENT_API_URL)")
        parser.add_argument("--timeout", type=float, help="seconds to wait for each answer")

    def handle(self, *args: Any, **options: Any) -> None:
        with ParliamentClient(options.get("base_url"), timeout=options.get("timeout")) as client:
            try:
                report = mps_sync(client=client)
            except MpSyncAbortedError as exc:
                raise CommandError(str(exc)) from exc
        for line in report.lines("sync_mps"):
            self.stdout.write(line)

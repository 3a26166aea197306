"""python manage.py import_onspd FILE: load the ONS Postcode Directory (.csv, .csv.gz or .zip)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinship.geography.importers.onspd import OnspdFileError, OnspdLayoutError, import_onspd


class Command(BaseCommand):
    help = (
        "Load the ONS Postcode Directory from FILE (.csv, .csv.gz or the .zip ONS publishes), in the "
        "classic or November 2025 column layout. Lookups keep working while it loads."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--skip-if-loaded",
            action="store_true",
            help="Do nothing if this exact file (name, size, time) was the one last imported",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            import_onspd(
                options["file"],
                progress=lambda message: self.stdout.write(message),
                force=not options["skip_if_loaded"],
            )
        except (OnspdLayoutError, OnspdFileError) as exc:
            raise CommandError(str(exc)) from exc

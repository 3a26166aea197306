"""python manage.py import_districts FILE: CSV of districts and their counties (district_to_county_england.csv)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinship.geography.importers import areas


class Command(BaseCommand):
    help = "Import CSV of districts and their counties (district_to_county_england.csv), idempotently (rows are updated in place by GSS code)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--all-councils",
            type=Path,
            default=None,
            help="uk_local_authorities_current.csv, for GOV.UK links",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = areas.import_districts(options["file"], all_councils=options["all_councils"])
        except areas.AreaImportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(summary))

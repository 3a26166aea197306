"""python manage.py import_wards FILE: CSV of wards with their council (wards_wd25_england_wales.csv)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinship.geography.importers import areas


class Command(BaseCommand):
    help = "Import CSV of wards with their council (wards_wd25_england_wales.csv), idempotently (rows are updated in place by GSS code)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = areas.import_wards(options["file"])
        except areas.AreaImportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(summary))

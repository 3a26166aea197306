"""python manage.py import_constituencies FILE: CSV of Westminster constituencies (pcon24_constituencies_uk.csv)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinship.geography.importers import areas


class Command(BaseCommand):
    help = "Import CSV of Westminster constituencies (pcon24_constituencies_uk.csv), idempotently (rows are updated in place by GSS code)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = areas.import_constituencies(options["file"])
        except areas.AreaImportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(summary))

"""python manage.py import_areas DIR: countries, councils, districts, constituencies, Senedd
constituencies and wards from a folder laid out like ../shared/data (each file optional)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinship.geography.importers.areas import AreaImportError
from kinship.geography.importers.load import load_areas


class Command(BaseCommand):
    help = "Import areas (countries, councils, districts, constituencies, Senedd, wards) from DIR."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dir", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["dir"].is_dir():
            raise CommandError(f"{options['dir']} is not a folder")
        try:
            load_areas(options["dir"], say=self.stdout.write)
        except AreaImportError as exc:
            raise CommandError(str(exc)) from exc

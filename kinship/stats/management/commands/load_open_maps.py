"""Load the hex maps and boundaries from an open-data folder, then derive overlaps and live figures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinship.stats.importers import DatasetFileError
from kinship.stats.loaders import load_open_stats


class Command(BaseCommand):
    help = "Load hexmaps/ and boundaries/ from a folder laid out like ../shared/data; derive overlaps."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["folder"].is_dir():
            raise CommandError(f"{options['folder']} is not a folder")
        try:
            load_open_stats(options["folder"], say=self.stdout.write)
        except DatasetFileError as exc:
            raise CommandError(str(exc)) from exc

"""python manage.py load_open_places DIR: areas, then postcodes, from an open-data folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinship.geography.importers.areas import AreaImportError
from kinship.geography.importers.load import load_open_places
from kinship.geography.importers.onspd import OnspdFileError, OnspdLayoutError


def add_open_data_arguments(parser: CommandParser) -> None:
    parser.add_argument("dir", type=Path)
    parser.add_argument(
        "--force-postcodes", action="store_true", help="Re-import postcodes even if that file was loaded"
    )
    parser.add_argument("--skip-postcodes", action="store_true")


class Command(BaseCommand):
    help = (
        "Load areas, then postcodes, from a folder laid out like ../shared/data (local-authorities/, "
        "constituencies/, senedd/, wards/, postcodes/). Idempotent. `load_open_data` runs this and "
        "the other apps' open data too."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_open_data_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["dir"].is_dir():
            raise CommandError(f"{options['dir']} is not a folder")
        try:
            load_open_places(
                options["dir"],
                say=self.stdout.write,
                postcodes=not options["skip_postcodes"],
                force_postcodes=options["force_postcodes"],
            )
        except (AreaImportError, OnspdFileError, OnspdLayoutError) as exc:
            raise CommandError(str(exc)) from exc

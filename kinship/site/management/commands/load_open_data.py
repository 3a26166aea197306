"""python manage.py load_open_data DIR: every open file the platform understands, in order."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinship.geography.importers.areas import AreaImportError
from kinship.geography.importers.onspd import OnspdFileError, OnspdLayoutError
from kinship.geography.management.commands.load_open_places import add_open_data_arguments
from kinship.site.loaders import open_data_load


class Command(BaseCommand):
    help = (
        "Load areas, then postcodes, from a folder laid out like ../shared/data (local-authorities/, "
        "constituencies/, senedd/, wards/, postcodes/), then the open MP list (constituencies/current-MPs.csv). "
        "Idempotent: run it after downloading each official release."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_open_data_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["dir"].is_dir():
            raise CommandError(f"{options['dir']} is not a folder")
        try:
            open_data_load(
                options["dir"],
                say=self.stdout.write,
                postcodes=not options["skip_postcodes"],
                force_postcodes=options["force_postcodes"],
            )
        except (AreaImportError, OnspdFileError, OnspdLayoutError) as exc:
            raise CommandError(str(exc)) from exc

"""python manage.py import_districts FILE [--all-councils FILE]: CSV of districts and their counties (district_to_county_england.csv)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kinship.geography.importers import areas
from kinship.geography.management.commands._area_file_import import AreaFileImportCommand


class Command(AreaFileImportCommand):
    help = "Import CSV of districts and their counties (district_to_county_england.csv), idempotently (rows are updated in place by GSS code)."
    all_councils = True

    def run(self, path: Path, **options: Any) -> areas.ImportSummary:
        return areas.import_districts(path, all_councils=options["all_councils"])

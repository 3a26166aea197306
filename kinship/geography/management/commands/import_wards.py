"""python manage.py import_wards FILE: CSV of wards with their council (wards_wd25_england_wales.csv)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kinship.geography.importers import areas
from kinship.geography.management.commands._area_file_import import AreaFileImportCommand


class Command(AreaFileImportCommand):
    help = "Import CSV of wards with their council (wards_wd25_england_wales.csv), idempotently (rows are updated in place by GSS code)."

    def run(self, path: Path, **options: Any) -> areas.ImportSummary:
        return areas.import_wards(path)

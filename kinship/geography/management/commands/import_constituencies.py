"""python manage.py import_constituencies FILE: CSV of Westminster constituencies (pcon24_constituencies_uk.csv)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kinship.geography.importers import areas
from kinship.geography.management.commands._area_file_import import AreaFileImportCommand


class Command(AreaFileImportCommand):
    help = "Import CSV of Westminster constituencies (pcon24_constituencies_uk.csv), idempotently (rows are updated in place by GSS code)."

    def run(self, path: Path, **options: Any) -> areas.ImportSummary:
        return areas.import_constituencies(path)

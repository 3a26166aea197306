"""python manage.py import_senedd_constituencies FILE: CSV mapping Welsh Westminster to Senedd constituencies (senedd_2026_constituencies.csv)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kinship.geography.importers import areas
from kinship.geography.management.commands._area_file_import import AreaFileImportCommand


class Command(AreaFileImportCommand):
    help = "Import CSV mapping Welsh Westminster to Senedd constituencies (senedd_2026_constituencies.csv), idempotently (rows are updated in place by GSS code)."

    def run(self, path: Path, **options: Any) -> areas.ImportSummary:
        return areas.import_senedd_constituencies(path)

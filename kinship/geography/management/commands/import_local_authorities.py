"""python manage.py import_local_authorities FILE [--all-councils FILE]: CSV of children's services authorities (childrens_services_authorities_england_wales.csv)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kinship.geography.importers import areas
from kinship.geography.management.commands._area_file_import import AreaFileImportCommand


class Command(AreaFileImportCommand):
    help = "Import CSV of children's services authorities (childrens_services_authorities_england_wales.csv), idempotently (rows are updated in place by GSS code)."
    all_councils = True

    def run(self, path: Path, **options: Any) -> areas.ImportSummary:
        return areas.import_childrens_services_authorities(path, all_councils=options["all_councils"])

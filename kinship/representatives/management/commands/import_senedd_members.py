"""python manage.py import_senedd_members FILE [--dry-run]: Members of the Senedd from the staff CSV template.

The columns are documented in kinship/representatives/importers.py and the template is
kinship/representatives/templates_csv/senedd_members_template.csv.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kinship.representatives.importers import senedd_members_import
from kinship.representatives.management.commands._csv_import import CsvImportCommand


class Command(CsvImportCommand):
    help = "Import Members of the Senedd (by Senedd constituency) from a CSV file."
    command_name = "import_senedd_members"

    def importer(self) -> Callable[..., Any]:
        return senedd_members_import

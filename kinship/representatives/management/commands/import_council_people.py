"""python manage.py import_council_people FILE [--dry-run]: council roles from the staff CSV template.

The columns are documented in kinship/representatives/importers.py and the template is
kinship/representatives/templates_csv/council_people_template.csv.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kinship.representatives.importers import council_people_import
from kinship.representatives.management.commands._csv_import import CsvImportCommand


class Command(CsvImportCommand):
    help = "Import council leaders, cabinet, lead members, ward councillors and directors from a CSV file."
    command_name = "import_council_people"

    def importer(self) -> Callable[..., Any]:
        return council_people_import

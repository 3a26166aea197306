"""python manage.py import_council_people FILE [--dry-run]: council roles from the staff CSV template.

The columns are documented in kinship/representatives/importers.py and the template is
kinship/representatives/templates_csv/council_people_template.csv.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinship.representatives.importers import ImportRefusedError, council_people_import


class Command(BaseCommand):
    help = "Import council leaders, cabinet, lead members, ward councillors and directors from a CSV file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="check every row and report; change nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        try:
            result = council_people_import(path, dry_run=options["dry_run"])
        except ImportRefusedError as exc:
            for line in exc.rejected:
                self.stderr.write(f"  rejected: {line}")
            raise CommandError(f"{exc}. Fix the rows above (try --dry-run) and import again.") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path} is not UTF-8 text: save it as CSV UTF-8") from exc
        for line in result.lines("import_council_people"):
            self.stdout.write(line)

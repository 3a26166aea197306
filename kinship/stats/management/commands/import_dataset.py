"""Import a table of figures by area (CSV with area_code and value columns) as a dataset."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinship.stats.importers import DatasetDetails, DatasetFileError, dataset_check, dataset_import
from kinship.stats.models import AreaKind, Visibility


class Command(BaseCommand):
    help = "Import figures by area from a CSV (area_code,value) with the dataset's details."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--slug", required=True)
        parser.add_argument("--title", required=True)
        parser.add_argument("--title-cy", default="")
        parser.add_argument("--unit", required=True)
        parser.add_argument("--source", required=True)
        parser.add_argument("--source-url", default="")
        parser.add_argument("--licence", required=True)
        parser.add_argument("--date", required=True, help="YYYY-MM-DD: the date the figures are for")
        parser.add_argument("--area-kind", required=True, choices=[k.value for k in AreaKind])
        parser.add_argument("--public", action="store_true", help="Show it publicly (default: staff only)")
        parser.add_argument("--dry-run", action="store_true", help="Check every row; import nothing")
        parser.add_argument(
            "--skip-unknown",
            action="store_true",
            help="Import the rows we can place; list the codes we cannot",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            published_on = dt.date.fromisoformat(options["date"])
        except ValueError as exc:
            raise CommandError(f"--date must be YYYY-MM-DD, not {options['date']!r}") from exc
        try:
            if options["dry_run"]:
                values, report = dataset_check(options["path"], area_kind=options["area_kind"])
                for line in report.problems:
                    self.stdout.write(line)
                self.stdout.write(f"{len(values)} rows would be imported; {len(report.problems)} problems")
                return
            report = dataset_import(
                options["path"],
                DatasetDetails(
                    slug=options["slug"],
                    title=options["title"],
                    title_cy=options["title_cy"],
                    unit=options["unit"],
                    source=options["source"],
                    source_url=options["source_url"],
                    licence=options["licence"],
                    published_on=published_on,
                    area_kind=options["area_kind"],
                    visibility=Visibility.PUBLIC if options["public"] else Visibility.STAFF,
                ),
                skip_unknown=options["skip_unknown"],
            )
        except (DatasetFileError, OSError) as exc:
            raise CommandError(f"Nothing imported.\n{exc}") from exc
        for line in report.problems:
            self.stdout.write(f"Skipped {line}")
        self.stdout.write(self.style.SUCCESS(f"Imported {report.imported} values into {options['slug']}"))

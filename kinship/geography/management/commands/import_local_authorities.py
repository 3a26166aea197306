"""python manage.py import_local_authorities FILE: CSV of children's services authorities (childrens_services_authorities_england_wales.csv)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinship.geography.importers import areas


class Command(BaseCommand):
    help = "Import CSV of children's services authorities (childrens_services_authorities_england_wales.csv), idempotently (rows are updated in place by GSS code)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--all-councils",
            type=Path,
            default=None,
            help="uk_local_authorities_current.csv, for GOV.UK links",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = areas.import_childrens_services_authorities(
                options["file"], all_councils=options["all_councils"]
            )
        except areas.AreaImportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(summary))

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinship.scorecard.conf import shared_data_dir
from kinship.scorecard.importers import (
    AllowanceFileError,
    allowance_rates_import,
    council_regions_import,
    default_rates_files,
)


class Command(BaseCommand):
    help = (
        "Load national minimum fostering allowance rates from CSV (by default every "
        "allowances/fostering_nma_*.csv in KINSHIP_SHARED_DATA: England, and Wales when present), "
        "and each council's allowance region."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", help="rates CSV files")
        parser.add_argument("--council-regions", default="", help="children's-services authorities CSV")

    def handle(self, *args: Any, **options: Any) -> None:
        paths = [Path(p) for p in options["paths"]] or default_rates_files()
        if not paths:
            raise CommandError(f"No rates files given, and none in {shared_data_dir() / 'allowances'}")
        regions = Path(
            options["council_regions"]
            or shared_data_dir() / "local-authorities" / "childrens_services_authorities_england_wales.csv"
        )
        try:
            for path in paths:
                self.stdout.write(allowance_rates_import(path))
            if regions.is_file():
                self.stdout.write(council_regions_import(regions))
        except AllowanceFileError as exc:
            raise CommandError(str(exc)) from exc

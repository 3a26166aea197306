"""Imports: national minimum fostering allowance rates from CSV, and which allowance region each
council is in (from the children's-services authorities list). Atomic: a bad file loads nothing."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from kinship.geography.models import Area
from kinship.scorecard.allowances import BadAgeBandError, parse_age_band
from kinship.scorecard.conf import shared_data_dir
from kinship.scorecard.models import AllowanceRate, AllowanceRegion, CouncilAllowanceRegion

REGION_COLUMNS = {f"{region.value}_gbp_per_week": region.value for region in AllowanceRegion}
REQUIRED = ("tax_year", "valid_from", "valid_to", "age_band", "source")
# ONS region (children's-services authorities list) → allowance region. London and Wales follow
# from the council itself; everything else in England not listed is the rest of England.
ONS_REGIONS = {"South East": AllowanceRegion.SOUTH_EAST}


class AllowanceFileError(Exception):
    """The file cannot be loaded; says which line and why. Nothing was loaded."""


def default_rates_files() -> list[Path]:
    folder = shared_data_dir() / "allowances"
    return sorted(folder.glob("fostering_nma_*.csv")) if folder.is_dir() else []


def _date(text: str, line: int, column: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise AllowanceFileError(f"line {line}: {column} {text!r} is not a date like 2025-04-06") from exc


def _money(text: str, line: int, column: str) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation as exc:
        raise AllowanceFileError(f"line {line}: {column} {text!r} is not an amount in pounds") from exc
    if value <= 0 or value > 10000:
        raise AllowanceFileError(f"line {line}: {column} {text!r} is not a weekly amount")
    return value


def _rows(path: Path) -> list[dict[str, object]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [c for c in REQUIRED if c not in header]
            regions = [c for c in header if c in REGION_COLUMNS]
            if missing or not regions:
                raise AllowanceFileError(
                    f"{path.name}: needs columns {', '.join(REQUIRED)} and at least one of "
                    f"{', '.join(REGION_COLUMNS)}"
                )
            rows = []
            for line, record in enumerate(reader, start=2):
                try:
                    age_min, age_max = parse_age_band(record["age_band"] or "")
                except BadAgeBandError as exc:
                    raise AllowanceFileError(f"line {line}: {exc}") from exc
                valid_from = _date(record["valid_from"] or "", line, "valid_from")
                valid_to = _date(record["valid_to"] or "", line, "valid_to")
                if valid_to < valid_from:
                    raise AllowanceFileError(f"line {line}: valid_to is before valid_from")
                for column in regions:
                    if not (record.get(column) or "").strip():
                        continue  # this region has no rate in this file
                    rows.append(
                        {
                            "year": (record["tax_year"] or "").strip()[:9],
                            "valid_from": valid_from,
                            "valid_to": valid_to,
                            "region": REGION_COLUMNS[column],
                            "age_band": (record["age_band"] or "").strip(),
                            "age_min": age_min,
                            "age_max": age_max,
                            "weekly_gbp": _money(record[column] or "", line, column),
                            "source": (record["source"] or "").strip()[:300],
                        }
                    )
            return rows
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise AllowanceFileError(f"cannot read {path}: {exc}") from exc


@transaction.atomic
def allowance_rates_import(path: Path) -> str:
    """Create or update the rates in a CSV (columns like `london_gbp_per_week`; Wales as
    `wales_gbp_per_week`), keyed by region, start date and youngest age."""
    rows = _rows(path)
    for row in rows:
        AllowanceRate.objects.update_or_create(
            region=row["region"], valid_from=row["valid_from"], age_min=row["age_min"], defaults=row
        )
    years = sorted({str(r["year"]) for r in rows})
    return f"{path.name}: {len(rows)} rates ({', '.join(years)})"


@transaction.atomic
def council_regions_import(path: Path) -> str:
    """Record the allowance region of each English council outside London from the ONS region
    column of the children's-services authorities list (staff may correct a row in the admin)."""
    councils = dict(Area.objects.filter(code__startswith="E").values_list("code", "id"))
    count = 0
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for record in csv.DictReader(handle):
                code = (record.get("gss-code") or "").strip()
                if code not in councils:
                    continue
                region = ONS_REGIONS.get(
                    (record.get("region") or "").strip(), AllowanceRegion.REST_OF_ENGLAND
                )
                CouncilAllowanceRegion.objects.update_or_create(
                    council_id=councils[code],
                    defaults={"region": region, "source": f"ONS region: {path.name}"},
                )
                count += 1
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise AllowanceFileError(f"cannot read {path}: {exc}") from exc
    return f"{path.name}: allowance regions for {count} councils"

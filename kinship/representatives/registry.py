"""The registry of councils' democracy sites: which system each council's site runs (ModernGov,
CMIS, custom pages) and where. Loaded from the shared `council_democracy_services.csv` (or a
deployment's own copy, `KINSHIP_DEMOCRACY_SERVICES_FILE`); `sync_moderngov --all` works from it.

Columns (header required, order free): gss_code, local_authority_code, official_name,
councillors_cms (ModernGov, CMIS or Custom HTML), councillors_base_url. A file with any bad
row imports nothing and says which rows and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from kinship.geography import codes
from kinship.geography.models import Area, AreaCode
from kinship.representatives.importers import read_csv
from kinship.representatives.models import CouncilSystem, DemocracyService

REQUIRED = ("gss_code", "official_name", "councillors_cms", "councillors_base_url")
SYSTEMS = {
    "moderngov": CouncilSystem.MODERNGOV,
    "modern gov": CouncilSystem.MODERNGOV,
    "cmis": CouncilSystem.CMIS,
    "custom html": CouncilSystem.CUSTOM,
    "custom": CouncilSystem.CUSTOM,
}

_url = URLValidator(schemes=["http", "https"])


class RegistryRefusedError(Exception):
    """The registry file has bad rows (or is unreadable); nothing was imported."""

    def __init__(self, rejected: list[str]) -> None:
        first = rejected[0] if rejected else ""
        more = f" (and {len(rejected) - 1} more)" if len(rejected) > 1 else ""
        super().__init__(f"nothing imported: {first}{more}")
        self.rejected = rejected


@dataclass
class RegistryImport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_staff_site: list[str] = field(default_factory=list)
    no_council: list[str] = field(default_factory=list)

    def lines(self, title: str) -> list[str]:
        out = [
            f"{title}: {self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.kept_staff_site)} sites kept as a steward corrected them, "
            f"{len(self.no_council)} without a council in our areas"
        ]
        out.extend(f"  kept: {item}" for item in self.kept_staff_site)
        out.extend(f"  no council: {item}" for item in self.no_council)
        return out


def _council_for(code: str) -> Area | None:
    area = Area.objects.filter(code=code).first()
    if area is None:
        other = AreaCode.objects.filter(code=code).select_related("area").first()
        area = other.area if other else None
    return area


def _validate(rows: list[dict[str, str]]) -> tuple[list[dict[str, str]], list[str]]:
    rejected: list[str] = []
    seen: set[str] = set()
    clean = []
    for number, row in enumerate(rows, start=2):
        problems = []
        code = codes.clean_code(row.get("gss_code", "")) or ""
        if not code:
            problems.append(f"gss_code {row.get('gss_code', '')!r} is not a GSS code")
        elif code in seen:
            problems.append(f"gss_code {code} appears twice")
        system = SYSTEMS.get(" ".join(row.get("councillors_cms", "").lower().split()))
        if system is None:
            problems.append(
                f"councillors_cms {row.get('councillors_cms', '')!r} is not ModernGov, CMIS or Custom HTML"
            )
        url = row.get("councillors_base_url", "")
        try:
            _url(url)
        except ValidationError:
            problems.append(f"councillors_base_url {url!r} is not a web address")
        if not row.get("official_name"):
            problems.append("official_name is missing")
        if problems:
            rejected.append(f"row {number}: " + "; ".join(problems))
            continue
        seen.add(code)
        clean.append({**row, "gss_code": code, "system": str(system), "base_url": url.rstrip("/")})
    return clean, rejected


def democracy_services_import(path: str | Path) -> RegistryImport:
    """Create or update one registry row per council in the file; a site a steward corrected in
    the admin is kept."""
    try:
        header, rows = read_csv(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryRefusedError([f"{path}: cannot be read ({exc})"]) from exc
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise RegistryRefusedError([f"{path}: columns missing: {', '.join(missing)}"])
    clean, rejected = _validate(rows)
    if rejected:
        raise RegistryRefusedError(rejected)
    result = RegistryImport()
    with transaction.atomic():
        for row in clean:
            _upsert(row, result)
    return result


def _upsert(row: dict[str, str], result: RegistryImport) -> None:
    council = _council_for(row["gss_code"])
    if council is None:
        result.no_council.append(f"{row['gss_code']} {row['official_name']}")
    values = {
        "local_authority_code": row.get("local_authority_code", "")[:8],
        "official_name": row["official_name"][:250],
        "council": council,
        "system": row["system"],
        "base_url": row["base_url"],
    }
    existing = DemocracyService.objects.filter(gss_code=row["gss_code"]).first()
    if existing is None:
        DemocracyService.objects.create(gss_code=row["gss_code"], **values)
        result.created += 1
        return
    if existing.edited_by_staff and (existing.base_url, existing.system) != (
        values["base_url"],
        values["system"],
    ):
        result.kept_staff_site.append(f"{existing.official_name}: {existing.base_url}")
        values["base_url"], values["system"] = existing.base_url, existing.system
    changed = [name for name, value in values.items() if getattr(existing, name) != value]
    if not changed:
        result.unchanged += 1
        return
    for name, value in values.items():
        setattr(existing, name, value)
    existing._change_reason = f"registry import: {', '.join(changed)}"  # type: ignore[attr-defined]
    existing.save()
    result.updated += 1


def load_open_registry(data_dir: str | Path) -> list[str]:
    """The registry from DATA/representatives/council_democracy_services.csv, if present (after
    the areas, so each row finds its council)."""
    path = Path(data_dir) / "representatives" / "council_democracy_services.csv"
    if not path.is_file():
        return [f"democracy services: {path} not found; skipped"]
    try:
        return democracy_services_import(path).lines(f"democracy services from {path.name}")
    except RegistryRefusedError as exc:
        return [f"democracy services: {exc}"]

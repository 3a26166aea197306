"""Area importers: the open files in their published column layouts, idempotent.

Rows are matched on GSS code and updated in place, never deleted and re-created, because
the offices of people on the floors above hold foreign keys to areas.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from kinship.geography import codes
from kinship.geography.models import CHILDRENS_SERVICES_TYPES, Area, AreaCode, AreaType
from kinship.geography.selectors import area_cache

FIND_LOCAL_COUNCIL = "https://www.gov.uk/find-local-council"

# mySociety's local-authority-type → our AreaType.
LA_TYPES: dict[str, AreaType] = {
    "CTY": AreaType.COUNTY,
    "UA": AreaType.UNITARY,
    "MD": AreaType.METROPOLITAN,
    "LBO": AreaType.LONDON_BOROUGH,
    "CC": AreaType.CITY_OF_LONDON,
    "WPA": AreaType.WELSH_PRINCIPAL,
    "NMD": AreaType.DISTRICT,
}


class AreaImportError(ValueError):
    """A file is missing or not in the layout we expect."""


@dataclass
class ImportSummary:
    label: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"{self.label}: {self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        return text + "".join(f"\n  {note}" for note in self.notes)


def read_csv(path: Path, required: Iterable[str]) -> list[dict[str, str]]:
    """Rows of a CSV file as dicts, after checking the header has the columns we need."""
    header, rows = read_csv_rows(path)
    missing = [name for name in required if name not in header]
    if missing:
        raise AreaImportError(
            f"{Path(path).name}: not the expected layout; missing column(s) {', '.join(missing)} "
            f"(found: {', '.join(header[:12])}{'…' if len(header) > 12 else ''})"
        )
    return rows


def read_csv_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The header and every row of a CSV file, read once; AreaImportError if it cannot be read."""
    path = Path(path)
    if not path.is_file():
        raise AreaImportError(f"{path}: file not found")
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = [name.strip() for name in reader.fieldnames or []]
            reader.fieldnames = header
            rows = [{key: (value or "").strip() for key, value in row.items() if key} for row in reader]
    except (UnicodeDecodeError, csv.Error) as exc:
        raise AreaImportError(f"{path.name}: not a UTF-8 CSV file ({exc})") from exc
    return header, rows


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _website(slug: str) -> str:
    return f"{FIND_LOCAL_COUNCIL}/{slug}" if slug else FIND_LOCAL_COUNCIL


def _is_generated_link(value: str) -> bool:
    # Only replace links we set ourselves: staff edits to contact routes survive re-imports.
    return not value or value.startswith(FIND_LOCAL_COUNCIL)


@transaction.atomic
def areas_upsert(items: list[dict[str, Any]], *, label: str) -> ImportSummary:
    """Create or update areas by code. Items are field dicts; `parent_code` and `senedd_code`
    name other areas by code. Contact links are only set where blank or set by us before."""
    summary = ImportSummary(label=label)
    wanted = [item["code"] for item in items]
    ref_codes = {item.get("parent_code") for item in items} | {item.get("senedd_code") for item in items}
    ref_codes = {c for c in ref_codes if c}
    ids = dict(AreaCode.objects.filter(code__in=ref_codes).values_list("code", "area_id"))
    ids.update(Area.objects.filter(code__in=ref_codes).values_list("code", "id"))
    existing = {area.code: area for area in Area.objects.filter(code__in=wanted)}
    now = timezone.now()
    to_create: list[Area] = []
    to_update: list[Area] = []
    fields: set[str] = set()
    for item in items:
        values = dict(item)
        parent_code = values.pop("parent_code", None)
        senedd_code = values.pop("senedd_code", None)
        values["parent_id"] = ids.get(parent_code) if parent_code else None
        if "senedd_code" in item:
            values["senedd_constituency_id"] = ids.get(senedd_code) if senedd_code else None
        if parent_code and values["parent_id"] is None:
            summary.notes.append(f"{values['code']}: parent {parent_code} not found")
        area = existing.get(values["code"])
        if area is None:
            values.setdefault("slug", slugify(values["name"])[:200])
            to_create.append(Area(**values))
            continue
        changed = False
        for key, value in values.items():
            if key in {"website", "contact_url"} and not _is_generated_link(getattr(area, key)):
                continue
            if getattr(area, key) != value:
                setattr(area, key, value)
                fields.add(key)
                changed = True
        if changed:
            area.updated_at = now
            to_update.append(area)
        else:
            summary.unchanged += 1
    Area.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        Area.objects.bulk_update(to_update, sorted(fields | {"updated_at"}), batch_size=500)
    summary.created, summary.updated = len(to_create), len(to_update)
    transaction.on_commit(area_cache.clear)
    area_cache.clear()
    return summary


def import_countries() -> ImportSummary:
    """The four UK countries (fixed codes; no file needed)."""
    items = [
        {"code": code, "name": name, "name_cy": name_cy, "official_name": "", "type": AreaType.COUNTRY}
        for code, (name, name_cy) in codes.COUNTRIES.items()
    ]
    return areas_upsert(items, label="countries")


def _slugs_by_code(all_councils: Path | None) -> dict[str, str]:
    if all_councils is None:
        return {}
    return {
        row["gss-code"]: row["gov-uk-slug"]
        for row in read_csv(all_councils, ["gss-code", "gov-uk-slug"])
        if row["gov-uk-slug"]
    }


COUNCIL_TYPES = CHILDRENS_SERVICES_TYPES | {AreaType.DISTRICT}


@transaction.atomic
def area_code_add(*, code: str, area: Area, note: str) -> bool:
    """Record another code for an area; False if the code is an area's own or already recorded."""
    if code == area.code or Area.objects.filter(code=code).exists():
        return False
    _alias, created = AreaCode.objects.update_or_create(
        code=code, defaults={"area": area, "note": note[:200]}
    )
    Area.objects.filter(pk=area.pk).update(updated_at=timezone.now())  # other processes reload
    area_cache.clear()
    return created


def import_former_codes(all_councils: Path) -> ImportSummary:
    """Former GSS codes of current councils (uk_local_authorities_current.csv `former-gss-codes`)."""
    summary = ImportSummary(label="former council codes")
    rows = [
        row for row in read_csv(all_councils, ["gss-code", "former-gss-codes"]) if row["former-gss-codes"]
    ]
    councils = Area.objects.in_bulk([row["gss-code"] for row in rows], field_name="code")
    for row in rows:
        area = councils.get(row["gss-code"])
        if area is None:
            continue
        for former in filter(None, (codes.clean_code(c) for c in row["former-gss-codes"].split(","))):
            if area_code_add(code=former, area=area, note="former code (mySociety register)"):
                summary.created += 1
            else:
                summary.unchanged += 1
    return summary


def _council_by_name(name: str) -> Area | None:
    matches = list(Area.objects.filter(type__in=COUNCIL_TYPES).filter(name__iexact=name.strip())[:2])
    return matches[0] if len(matches) == 1 else None


def import_childrens_services_authorities(path: Path, *, all_councils: Path | None = None) -> ImportSummary:
    """The 175 councils that run children's services in England and Wales."""
    slugs = _slugs_by_code(all_councils)
    items = []
    for row in read_csv(
        path, ["gss-code", "official-name", "nice-name", "local-authority-type", "nation", "gov-uk-slug"]
    ):
        code = codes.clean_code(row["gss-code"])
        la_type = LA_TYPES.get(row["local-authority-type"])
        if not code or la_type is None or la_type == AreaType.DISTRICT:
            continue
        slug = row["gov-uk-slug"] or slugs.get(code, "")
        link = _website(slug)
        items.append(
            {
                "code": code,
                "name": row["nice-name"] or row.get("ons_name_CTYUA23NM", ""),
                "name_cy": row.get("ons_name_welsh_CTYUA23NMW", "").strip(),
                "official_name": row["official-name"],
                "type": la_type,
                "parent_code": codes.country_for_code(code),
                "valid_from": _date(row.get("start-date", "")),
                "website": link,
                "contact_url": link,
                "is_demo": False,
            }
        )
    return areas_upsert(items, label="children's services authorities")


def import_districts(path: Path, *, all_councils: Path | None = None) -> ImportSummary:
    """Lower-tier districts in England, each with its county (district_to_county_england.csv)."""
    slugs = _slugs_by_code(all_councils)
    items = []
    for row in read_csv(
        path, ["district_gss_code", "district_name", "district_official_name", "county_gss_code"]
    ):
        code = codes.clean_code(row["district_gss_code"])
        if not code:
            continue
        link = _website(slugs.get(code, ""))
        items.append(
            {
                "code": code,
                "name": row["district_name"],
                "official_name": row["district_official_name"],
                "type": AreaType.DISTRICT,
                "parent_code": codes.clean_code(row["county_gss_code"]),
                "website": link,
                "contact_url": link,
                "is_demo": False,
            }
        )
    return areas_upsert(items, label="districts")


def import_constituencies(path: Path) -> ImportSummary:
    """Westminster constituencies (July 2024 boundaries), with Welsh names where ONS has them."""
    items = []
    for row in read_csv(path, ["PCON24CD", "PCON24NM"]):
        code = codes.clean_code(row["PCON24CD"])
        if not code:
            continue
        items.append(
            {
                "code": code,
                "name": row["PCON24NM"],
                "name_cy": row.get("PCON24NMW", "").strip(),
                "type": AreaType.CONSTITUENCY,
                "parent_code": codes.country_for_code(code),
                "valid_from": date(2024, 7, 4),
                "is_demo": False,
            }
        )
    return areas_upsert(items, label="Westminster constituencies")


def import_senedd_constituencies(path: Path) -> ImportSummary:
    """Senedd constituencies (2026) and which Welsh Westminster constituency lies in which."""
    rows = read_csv(path, ["pcon24cd", "senedd_code", "senedd_name_en", "senedd_name_cy"])
    senedd: dict[str, dict[str, Any]] = {}
    for row in rows:
        code = codes.clean_code(row["senedd_code"])
        if code:
            senedd[code] = {
                "code": code,
                "name": row["senedd_name_en"],
                "name_cy": row["senedd_name_cy"],
                "type": AreaType.SENEDD_CONSTITUENCY,
                "parent_code": codes.WALES,
                "valid_from": date(2026, 5, 7),
                "is_demo": False,
            }
    summary = areas_upsert(list(senedd.values()), label="Senedd constituencies")
    ids = dict(Area.objects.filter(code__in=senedd).values_list("code", "id"))
    linked = 0
    with transaction.atomic():
        for row in rows:
            pcon, target = codes.clean_code(row["pcon24cd"]), codes.clean_code(row["senedd_code"])
            if pcon and target:
                linked += (
                    Area.objects.filter(code=pcon)
                    .exclude(senedd_constituency_id=ids[target])
                    .update(senedd_constituency_id=ids[target], updated_at=timezone.now())
                )
    area_cache.clear()
    summary.notes.append(f"{linked} Westminster constituencies linked to their Senedd constituency")
    return summary


def import_wards(path: Path) -> ImportSummary:
    """Electoral wards with their council (WDyyCD, WDyyNM, LADyyCD, ...: any year's layout)."""
    header, rows = read_csv_rows(path)
    ward_cd = next((h for h in header if h.upper().startswith("WD") and h.upper().endswith("CD")), None)
    ward_nm = next((h for h in header if h.upper().startswith("WD") and h.upper().endswith("NM")), None)
    lad_cd = next((h for h in header if h.upper().startswith("LAD") and h.upper().endswith("CD")), None)
    if not (ward_cd and ward_nm and lad_cd):
        raise AreaImportError(
            f"{Path(path).name}: expected WDyyCD, WDyyNM and LADyyCD columns, found {header}"
        )
    ward_nmw = next((h for h in header if h.upper().startswith("WD") and h.upper().endswith("NMW")), None)
    lad_nm = next((h for h in header if h.upper().startswith("LAD") and h.upper().endswith("NM")), None)
    notes = []
    if lad_nm:
        # ONS sometimes recodes a council whose boundary moved (Barnsley, Sheffield 2024): link the
        # new code to the council of the same name so postcodes carrying it still route.
        lads = {code: row[lad_nm] for row in rows if (code := codes.clean_code(row[lad_cd]))}
        known = set(Area.objects.filter(code__in=lads).values_list("code", flat=True))
        known |= set(AreaCode.objects.filter(code__in=lads).values_list("code", flat=True))
        for code, name in sorted(lads.items()):
            if code in known:
                continue
            council = _council_by_name(name)
            if council and area_code_add(
                code=code, area=council, note=f"{lad_cd} {name} ({Path(path).name})"
            ):
                notes.append(f"{code} {name}: linked to {council.code} {council.name}")
            elif council is None:
                notes.append(f"{code} {name}: no council of that name, wards left without a council")
    items = []
    for row in rows:
        code = codes.clean_code(row[ward_cd])
        if not code:
            continue
        items.append(
            {
                "code": code,
                "name": row[ward_nm],
                "name_cy": row.get(ward_nmw, "") if ward_nmw else "",
                "type": AreaType.WARD,
                "parent_code": codes.clean_code(row[lad_cd]),
                "is_demo": False,
            }
        )
    summary = areas_upsert(items, label=f"wards ({Path(path).name})")
    summary.notes[:0] = notes
    return summary


def import_divisions(path: Path) -> ImportSummary:
    """County electoral divisions with their county, from an ONS lookup carrying CEDyyCD, CEDyyNM
    and CTYyyCD (e.g. "Ward to County Electoral Division to County"; other columns ignored).
    County councils elect by division, so county councillors are placed in these, never in
    district wards; ONSPD's `ced` column points postcodes at them."""
    header, rows = read_csv_rows(path)
    ced_cd = next((h for h in header if h.upper().startswith("CED") and h.upper().endswith("CD")), None)
    ced_nm = next((h for h in header if h.upper().startswith("CED") and h.upper().endswith("NM")), None)
    cty_cd = next((h for h in header if h.upper().startswith("CTY") and h.upper().endswith("CD")), None)
    if not (ced_cd and ced_nm and cty_cd):
        raise AreaImportError(
            f"{Path(path).name}: expected CEDyyCD, CEDyyNM and CTYyyCD columns, found {header}"
        )
    items: dict[str, dict[str, Any]] = {}
    for row in rows:
        code = codes.clean_code(row[ced_cd])
        if code and code not in items:
            items[code] = {
                "code": code,
                "name": row[ced_nm],
                "type": AreaType.DIVISION,
                "parent_code": codes.clean_code(row[cty_cd]),
                "is_demo": False,
            }
    return areas_upsert(list(items.values()), label=f"county electoral divisions ({Path(path).name})")

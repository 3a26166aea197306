"""Loading the files maps and area pages are built from: datasets (CSV), hex maps (hexjson) and
boundaries (GeoJSON). Each loader reads the published layout, checks every row, and writes
nothing when a file is wrong, so a half-loaded map never appears."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from kinship.core.pagecache import source_bump
from kinship.geography.models import CHILDRENS_SERVICES_TYPES, Area, AreaType
from kinship.stats.kinds import AREA_TYPES_OF_KIND
from kinship.stats.models import AreaKind, BoundaryShape, Dataset, DatasetValue, HexCell, Visibility
from kinship.stats.projection import project


class DatasetFileError(ValueError):
    """The file cannot be imported as it stands; the message says why, in full."""


@dataclass(frozen=True)
class DatasetDetails:
    slug: str
    title: str
    unit: str
    source: str
    licence: str
    published_on: dt.date
    area_kind: str
    visibility: str = Visibility.STAFF
    source_url: str = ""
    title_cy: str = ""
    is_demo: bool = False


@dataclass
class DatasetReport:
    imported: int = 0
    unknown_codes: list[tuple[int, str]] = field(default_factory=list)
    wrong_kind: list[tuple[int, str]] = field(default_factory=list)
    bad_values: list[tuple[int, str]] = field(default_factory=list)
    duplicates: list[tuple[int, str]] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        lines = [f"line {n}: no area has the code {c!r}" for n, c in self.unknown_codes]
        lines += [f"line {n}: {c} is not one of this dataset's kind of area" for n, c in self.wrong_kind]
        lines += [f"line {n}: {v!r} is not a number" for n, v in self.bad_values]
        lines += [f"line {n}: {c} appears more than once" for n, c in self.duplicates]
        return lines


def _dataset_rows(path: Path) -> Iterator[tuple[int, str, str]]:
    with Path(path).open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        headers = {h.strip().lower(): h for h in reader.fieldnames or []}
        if "area_code" not in headers or "value" not in headers:
            raise DatasetFileError("The file needs the columns area_code and value (a header row).")
        for line, row in enumerate(reader, start=2):
            yield (
                line,
                (row[headers["area_code"]] or "").strip().upper(),
                (row[headers["value"]] or "").strip(),
            )


def _number(text: str) -> float | None:
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def dataset_check(path: Path, *, area_kind: str) -> tuple[dict[str, float], DatasetReport]:
    """Every row checked: unknown codes, areas of the wrong kind, values that are not numbers and
    repeated codes are each reported by line, never dropped silently."""
    areas = dict(Area.objects.values_list("code", "type"))
    allowed = AREA_TYPES_OF_KIND[area_kind]
    values: dict[str, float] = {}
    report = DatasetReport()
    for line, code, text in _dataset_rows(path):
        number = _number(text)
        if code not in areas:
            report.unknown_codes.append((line, code))
        elif areas[code] not in allowed:
            report.wrong_kind.append((line, code))
        elif number is None:
            report.bad_values.append((line, text))
        elif code in values:
            report.duplicates.append((line, code))
        else:
            values[code] = number
    return values, report


def dataset_import(path: Path, details: DatasetDetails, *, skip_unknown: bool = False) -> DatasetReport:
    """Import (or replace) a dataset. Any problem refuses the whole file, unless `skip_unknown`,
    which imports the rest and still reports each unknown code."""
    values, report = dataset_check(path, area_kind=details.area_kind)
    blocking = report.wrong_kind or report.bad_values or report.duplicates
    if blocking or (report.unknown_codes and not skip_unknown):
        raise DatasetFileError("\n".join(report.problems))
    if not values:
        raise DatasetFileError("The file has no rows to import.")
    ids = dict(Area.objects.filter(code__in=values).values_list("code", "id"))
    with transaction.atomic():
        dataset, _ = Dataset.objects.update_or_create(
            slug=details.slug,
            defaults={
                "title": details.title,
                "title_cy": details.title_cy,
                "unit": details.unit,
                "source": details.source,
                "source_url": details.source_url,
                "licence": details.licence,
                "published_on": details.published_on,
                "area_kind": details.area_kind,
                "visibility": details.visibility,
                "is_demo": details.is_demo,
                "rows": len(values),
            },
        )
        dataset.values.all().delete()
        DatasetValue.objects.bulk_create(
            DatasetValue(dataset=dataset, area_id=ids[code], value=value) for code, value in values.items()
        )
    report.imported = len(values)
    return report


# --- Hex maps ---------------------------------------------------------------------------------


def _hexes(path: Path) -> dict[str, dict[str, Any]]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if data.get("layout") not in {"odd-r", "even-r", "odd-q", "even-q"} or not isinstance(
        data.get("hexes"), dict
    ):
        raise DatasetFileError(f"{path} is not a hexjson file (it needs 'layout' and 'hexes').")
    if data["layout"] != "odd-r":
        raise DatasetFileError(f"{path} uses the {data['layout']} layout; the maps draw odd-r.")
    return data["hexes"]


@dataclass
class HexReport:
    kind: str
    cells: int = 0
    areas: int = 0
    unknown: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        tail = f"; {len(self.unknown)} hexes for areas we do not have: {', '.join(self.unknown[:10])}"
        return f"{self.kind} hex map: {self.cells} hexes for {self.areas} areas" + (
            tail if self.unknown else ""
        )


def _replace_cells(kind: str, cells: Iterable[HexCell]) -> None:
    with transaction.atomic():
        HexCell.objects.filter(kind=kind).delete()
        HexCell.objects.bulk_create(cells)
    # bulk_create sends no signals: the maps and area pages are made again, now and on commit.
    source_bump("stats")
    transaction.on_commit(lambda: source_bump("stats"))


def hexmap_import_constituencies(path: Path) -> HexReport:
    """The 650 constituencies, one hex each (uk-constituencies-2024.hexjson)."""
    hexes = _hexes(path)
    ids = dict(Area.objects.filter(type=AreaType.CONSTITUENCY).values_list("code", "id"))
    report = HexReport(kind=AreaKind.CONSTITUENCY)
    cells = []
    for code, cell in hexes.items():
        if code not in ids:
            report.unknown.append(code)
            continue
        cells.append(
            HexCell(kind=AreaKind.CONSTITUENCY, area_id=ids[code], q=int(cell["q"]), r=int(cell["r"]))
        )
    _replace_cells(AreaKind.CONSTITUENCY, cells)
    report.cells, report.areas = len(cells), len({c.area_id for c in cells})
    return report


def hexmap_import_councils(path: Path) -> HexReport:
    """Children's-services authorities drawn from the district hex map: a county is the hexes of
    all its districts; a unitary, metropolitan or London borough or Welsh council is its own hex."""
    hexes = _hexes(path)
    rows = Area.objects.filter(type__in=[AreaType.DISTRICT, *CHILDRENS_SERVICES_TYPES]).values_list(
        "code", "type", "id", "parent_id"
    )
    owner: dict[str, int] = {}
    for code, type_, id_, parent_id in rows:
        if type_ == AreaType.DISTRICT:
            if parent_id:
                owner[code] = parent_id
        elif type_ != AreaType.COUNTY:
            owner[code] = id_
    report = HexReport(kind=AreaKind.COUNCIL)
    cells = []
    for code, cell in hexes.items():
        if code not in owner:
            if code[:1] in {"E", "W"}:  # Scottish and Northern Irish councils are not on this map
                report.unknown.append(code)
            continue
        cells.append(HexCell(kind=AreaKind.COUNCIL, area_id=owner[code], q=int(cell["q"]), r=int(cell["r"])))
    _replace_cells(AreaKind.COUNCIL, cells)
    report.cells, report.areas = len(cells), len({c.area_id for c in cells})
    return report


# --- Boundaries -------------------------------------------------------------------------------


def _perpendicular(point: tuple[float, float], start: tuple[float, float], end: tuple[float, float]) -> float:
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return math.hypot(x - x1, y - y1)
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / math.hypot(dx, dy)


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker, iterative (rings can be long). Keeps the first and last point."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        furthest, distance = first, 0.0
        for index in range(first + 1, last):
            d = _perpendicular(points[index], points[first], points[last])
            if d > distance:
                furthest, distance = index, d
        if distance > tolerance:
            keep[furthest] = True
            stack += [(first, furthest), (furthest, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _rings(geometry: dict[str, Any]) -> Iterator[list[list[float]]]:
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


def svg_path(geometry: dict[str, Any], *, tolerance: float = 0.6) -> str:
    """A GeoJSON (Multi)Polygon as SVG path data in map units; rings that shrink to less than a
    triangle (small islands at this scale) are left out."""
    parts = []
    for ring in _rings(geometry):
        points = simplify([project(lng, lat) for lng, lat, *_ in ring], tolerance)
        if len(points) < 4:
            continue
        head, *rest = points
        parts.append(f"M{head[0]:.1f} {head[1]:.1f}" + "".join(f"L{x:.1f} {y:.1f}" for x, y in rest) + "Z")
    return "".join(parts)


BOUNDARY_CODE_FIELDS = ("PCON24CD", "CTYUA23CD", "CTYUA24CD", "PCON25CD", "LAD24CD", "LAD23CD")


def boundaries_import(path: Path, *, kind: str, tolerance: float = 0.6) -> HexReport:
    """Simplified boundaries for the areas we know, from an ONS GeoJSON (BUC/BSC) file."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    allowed = AREA_TYPES_OF_KIND[kind]
    ids = dict(Area.objects.filter(type__in=allowed).values_list("code", "id"))
    report = HexReport(kind=f"{kind} boundaries")
    shapes = []
    for feature in data.get("features", []):
        props = feature.get("properties") or {}
        code = next((props[f] for f in BOUNDARY_CODE_FIELDS if f in props), "")
        if code not in ids:
            if code[:1] in {"E", "W"}:
                report.unknown.append(code)
            continue
        path_data = svg_path(feature["geometry"], tolerance=tolerance)
        if path_data:
            shapes.append(BoundaryShape(kind=kind, area_id=ids[code], path=path_data))
    with transaction.atomic():
        BoundaryShape.objects.filter(kind=kind).delete()
        BoundaryShape.objects.bulk_create(shapes)
    report.cells = report.areas = len(shapes)
    return report

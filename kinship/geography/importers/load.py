"""Loading a whole open-data folder (laid out like ../shared/data) in dependency order."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from kinship.geography.importers import areas
from kinship.geography.importers.onspd import file_layout, import_onspd
from kinship.geography.models import Area, DataImport

Say = Callable[[str], None]

AUTHORITIES = "local-authorities/childrens_services_authorities_england_wales.csv"
ALL_COUNCILS = "local-authorities/uk_local_authorities_current.csv"
DISTRICTS = "local-authorities/district_to_county_england.csv"
CONSTITUENCIES = "constituencies/pcon24_constituencies_uk.csv"
SENEDD = "senedd/senedd_2026_constituencies.csv"
# Older boundaries first, so the current names and councils win where a ward is in both.
WARD_FILES = ("wards/wards_wd23_england_wales.csv", "wards/wards_wd25_england_wales.csv")
# County electoral divisions (ONS CEDyyCD/CEDyyNM/CTYyyCD lookups), where a release provides them.
DIVISION_GLOB = "wards/*ced*.csv"


def load_areas(folder: Path, *, say: Say = print) -> None:
    """Countries, councils, districts, constituencies, Senedd constituencies, wards: each if present."""
    folder = Path(folder)
    # Each file is optional here: without this one, councils get the generic GOV.UK link.
    all_councils = folder / ALL_COUNCILS if (folder / ALL_COUNCILS).is_file() else None
    say(str(areas.import_countries()))
    steps: list[tuple[str, Callable[[Path], areas.ImportSummary]]] = [
        (AUTHORITIES, lambda p: areas.import_childrens_services_authorities(p, all_councils=all_councils)),
        (DISTRICTS, lambda p: areas.import_districts(p, all_councils=all_councils)),
        (ALL_COUNCILS, areas.import_former_codes),
        (CONSTITUENCIES, areas.import_constituencies),
        (SENEDD, areas.import_senedd_constituencies),
        *[(name, areas.import_wards) for name in WARD_FILES],
        *[(str(p.relative_to(folder)), areas.import_divisions) for p in sorted(folder.glob(DIVISION_GLOB))],
    ]
    started = time.monotonic()
    for relative, step in steps:
        path = folder / relative
        if path.is_file():
            say(str(step(path)))
        else:
            say(f"{relative}: not found, skipped")
    DataImport.objects.create(
        kind=DataImport.Kind.AREAS,
        source=str(folder)[-300:],
        rows=Area.objects.filter(is_demo=False).count(),
        seconds=round(time.monotonic() - started, 2),
    )


def postcode_files(folder: Path) -> list[Path]:
    """ONSPD files under DIR/postcodes, biggest first (a full release beats the samples)."""
    directory = Path(folder) / "postcodes"
    if not directory.is_dir():
        return []
    candidates = [
        path
        for pattern in ("*.zip", "*.csv.gz", "*.csv")
        for path in directory.glob(pattern)
        if path.is_file() and file_layout(path) is not None
    ]
    return sorted(candidates, key=lambda path: path.stat().st_size, reverse=True)


def load_open_places(
    folder: Path, *, say: Say = print, postcodes: bool = True, force_postcodes: bool = False
) -> None:
    """Areas, then the biggest ONSPD file in DIR/postcodes. (`kinship.site`'s `load_open_data`
    runs this, then the other apps' open data.)"""
    folder = Path(folder)
    load_areas(folder, say=say)
    if not postcodes:
        return
    files = postcode_files(folder)
    if files:
        import_onspd(files[0], progress=say, force=force_postcodes)
    else:
        say("postcodes/: no ONSPD file found, skipped")

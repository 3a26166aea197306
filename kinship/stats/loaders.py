"""Loading a whole open-data folder's map files, and the fictional demo's maps and figures."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.db import transaction

from kinship.core.pagecache import source_bump
from kinship.geography.models import Area
from kinship.stats import importers
from kinship.stats.models import AreaKind, HexCell, Visibility
from kinship.stats.services import live_figures_refresh, overlaps_derive

Say = Callable[[str], None]

CONSTITUENCY_HEXES = "hexmaps/uk-constituencies-2024.hexjson"
DISTRICT_HEXES = "hexmaps/uk-local-authority-districts-2023.hexjson"
CONSTITUENCY_BOUNDARIES = (
    "boundaries/Westminster_Parliamentary_Constituencies_July_2024_Boundaries_UK_BUC.geojson"
)
COUNCIL_BOUNDARIES = "boundaries/Counties_and_Unitary_Authorities_December_2023_Boundaries_UK_BSC.geojson"


def load_open_stats(folder: Path, *, say: Say = print) -> None:
    """Hex maps, boundaries and overlaps, after the areas and postcodes are in."""
    folder = Path(folder)
    steps: list[tuple[str, Callable[[Path], object]]] = [
        (CONSTITUENCY_HEXES, importers.hexmap_import_constituencies),
        (DISTRICT_HEXES, importers.hexmap_import_councils),
        (CONSTITUENCY_BOUNDARIES, lambda p: importers.boundaries_import(p, kind=AreaKind.CONSTITUENCY)),
        (COUNCIL_BOUNDARIES, lambda p: importers.boundaries_import(p, kind=AreaKind.COUNCIL)),
    ]
    for relative, step in steps:
        path = folder / relative
        if path.is_file():
            say(str(step(path)))
        else:
            say(f"Skipped {relative}: not in {folder}")
    say(f"Constituency–council overlaps derived from the postcodes: {overlaps_derive()} pairs")
    say(f"Live figures: {live_figures_refresh()} values")


# The fictional demo places (kinship.geography.demo) drawn as a tiny hex map of their own.
_DEMO_HEXES = {
    AreaKind.CONSTITUENCY: {"E14900001": [(1, 2)], "E14900002": [(2, 2)], "W07900001": [(0, 1)]},
    AreaKind.COUNCIL: {"E10900001": [(1, 2), (2, 2)], "E06900001": [(3, 2)], "W06900001": [(0, 1)]},
}
_DEMO_FIGURES = {"E14900001": 410, "E14900002": 265, "W07900001": 120}


def load_demo_stats() -> list[str]:
    """Demo hexes and a dataset that says plainly it is fictional."""
    ids = dict(Area.objects.filter(is_demo=True).values_list("code", "id"))
    with transaction.atomic():
        for kind, hexes in _DEMO_HEXES.items():
            HexCell.objects.filter(kind=kind, area__is_demo=True).delete()
            HexCell.objects.bulk_create(
                HexCell(kind=kind, area_id=ids[code], q=q, r=r)
                for code, cells in hexes.items()
                if code in ids
                for q, r in cells
            )
    # bulk_create sends no signals: the maps and area pages are made again, now and on commit.
    source_bump("stats")
    transaction.on_commit(lambda: source_bump("stats"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.csv"
        lines = ["area_code,value", *(f"{code},{n}" for code, n in _DEMO_FIGURES.items() if code in ids)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        importers.dataset_import(
            path,
            importers.DatasetDetails(
                slug="demo-children-in-kinship-care",
                title="Children in kinship care (fictional demo figures)",
                title_cy="Plant mewn gofal gan berthnasau (ffigurau demo ffug)",
                unit="children",
                source="Invented for the demo: not real data",
                licence="Not applicable",
                published_on=dt.date(2026, 1, 1),
                area_kind=AreaKind.CONSTITUENCY,
                visibility=Visibility.PUBLIC,
                is_demo=True,
            ),
        )
    overlaps_derive()
    live_figures_refresh()
    return ["Demo maps: hexes for the demo places, their overlaps and one fictional dataset"]

"""The maps built from the real open files: hexjson, the county merge and the GeoJSON boundaries."""

from __future__ import annotations

import pytest

from kinship.geography.importers.load import load_areas
from kinship.geography.models import CHILDRENS_SERVICES_TYPES, Area, AreaType
from kinship.stats import importers, loaders
from kinship.stats.models import AreaKind, BoundaryShape, HexCell

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_areas(shared_data):
    load_areas(shared_data, say=lambda _line: None)
    return shared_data


def test_every_constituency_has_one_hex(real_areas):
    report = importers.hexmap_import_constituencies(real_areas / loaders.CONSTITUENCY_HEXES)
    assert report.cells == 650 and report.areas == 650 and not report.unknown
    assert HexCell.objects.filter(kind=AreaKind.CONSTITUENCY).values("area").distinct().count() == 650


def test_the_district_hex_map_merged_by_county_covers_all_175_authorities(real_areas):
    report = importers.hexmap_import_councils(real_areas / loaders.DISTRICT_HEXES)
    authorities = set(Area.objects.filter(type__in=CHILDRENS_SERVICES_TYPES).values_list("id", flat=True))
    drawn = set(HexCell.objects.filter(kind=AreaKind.COUNCIL).values_list("area_id", flat=True))
    assert len(authorities) == 175
    assert drawn == authorities
    assert not report.unknown
    # A county is drawn as all of its districts: Oxfordshire has five.
    oxfordshire = Area.objects.get(code="E10000025")
    assert HexCell.objects.filter(kind=AreaKind.COUNCIL, area=oxfordshire).count() == 5
    districts = Area.objects.filter(type=AreaType.DISTRICT, parent=oxfordshire).count()
    assert districts == 5


def test_boundaries_become_simplified_svg_paths_for_every_area(real_areas):
    constituencies = importers.boundaries_import(
        real_areas / loaders.CONSTITUENCY_BOUNDARIES, kind=AreaKind.CONSTITUENCY
    )
    councils = importers.boundaries_import(real_areas / loaders.COUNCIL_BOUNDARIES, kind=AreaKind.COUNCIL)
    assert constituencies.areas == 650
    assert councils.areas == 175
    total = sum(len(p) for p in BoundaryShape.objects.values_list("path", flat=True))
    # Simplified for the web: the constituencies and councils together well under a megabyte.
    assert total < 1_000_000
    assert BoundaryShape.objects.filter(path__startswith="M").count() == 825


def test_a_file_in_another_layout_is_refused(tmp_path):
    path = tmp_path / "odd.hexjson"
    path.write_text('{"layout": "even-q", "hexes": {}}')
    with pytest.raises(importers.DatasetFileError, match="even-q"):
        importers.hexmap_import_constituencies(path)

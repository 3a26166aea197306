"""ONSPD's county electoral division column (`ced`, `cedYYcd`): loaded where a release has it,
and a postcode in a county then finds its division (and so its county councillors)."""

from __future__ import annotations

import csv

import pytest

from kinship.geography.importers.onspd import detect_layout, import_onspd
from kinship.geography.models import AreaType, Postcode
from kinship.geography.services import postcode_lookup
from kinship.geography.tests.factories import AreaFactory, CountryFactory, CountyFactory, DistrictFactory

pytestmark = pytest.mark.django_db

AUG2024 = "postcodes/onspd_aug2024_sample_uk-geo-utils.csv"
NOV2025 = "postcodes/onspd_nov2025_sample_uk-geo-utils.csv"


def test_both_layouts_find_the_division_column(shared_data):
    for name, column in ((AUG2024, "ced"), (NOV2025, "ced25cd")):
        with (shared_data / name).open() as handle:
            assert detect_layout(next(csv.reader(handle)))[0].division == column


def test_a_file_without_the_column_loads_without_divisions(tmp_path):
    path = tmp_path / "onspd.csv"
    path.write_text(
        "pcds,oscty,oslaua,osward,pcon,ctry,lat,long,doterm\n"
        "AL1 1AA,E10000015,E07000240,E05013966,E14001507,E92000001,51.7,-0.34,\n"
    )
    import_onspd(path)
    assert Postcode.objects.get().division is None


def test_a_county_postcode_finds_its_division(shared_data, tmp_path):
    CountryFactory()
    county = CountyFactory(code="E10000015", name="Hertfordshire")
    DistrictFactory(code="E07000240", name="St Albans", parent=county)
    AreaFactory(code="E58000666", name="St Albans Central", type=AreaType.DIVISION, parent=county)

    with (shared_data / AUG2024).open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    live = tmp_path / "live.csv"  # the sample's postcodes have since been terminated: make one live
    with live.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows([{**row, "doterm": ""} for row in rows])
    import_onspd(live)
    result = postcode_lookup("AL1 1AA")

    assert Postcode.objects.get(postcode="AL1 1AA").division == "E58000666"
    assert result.division is not None and result.division.code == "E58000666"

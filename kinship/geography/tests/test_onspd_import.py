"""import_onspd: both ONS layouts, the file types ONS publishes, pseudo codes, refusals."""

from __future__ import annotations

import csv
import datetime
import gzip
import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kinship.geography.importers.onspd import OnspdLayoutError, detect_layout, import_onspd
from kinship.geography.models import DataImport, Postcode
from kinship.geography.services import postcode_lookup
from kinship.geography.tests.factories import CountryFactory, CountyFactory, DistrictFactory, WardFactory
from kinship.geography.types import PostcodeOutcome

pytestmark = pytest.mark.django_db

AUG2024 = "postcodes/onspd_aug2024_sample_uk-geo-utils.csv"
NOV2025 = "postcodes/onspd_nov2025_sample_uk-geo-utils.csv"
MAY2018 = "postcodes/onspd_may2018_sample_uk-geo-utils.csv"


def _rewrite(source: Path, target: Path, change) -> Path:
    """A copy of a sample (in the test's temp folder) with some cells changed."""
    with source.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
        header = list(rows[0].keys())
    with target.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, header, quoting=csv.QUOTE_NONNUMERIC)
        writer.writeheader()
        for row in rows:
            writer.writerow(change(row))
    return target


def test_the_classic_layout_is_detected(shared_data):
    with (shared_data / AUG2024).open() as handle:
        header = next(csv.reader(handle))
    assert detect_layout(header)[0].name == "classic"


def test_the_november_2025_layout_is_detected(shared_data):
    with (shared_data / NOV2025).open() as handle:
        header = next(csv.reader(handle))
    layout, _positions = detect_layout(header)
    assert layout.district == "lad25cd" and layout.constituency == "pcon24cd"


def test_the_classic_sample_loads_its_codes_and_termination_dates(shared_data):
    result = import_onspd(shared_data / AUG2024)
    assert result.rows == 4
    row = Postcode.objects.get(postcode="AL1 1AA")
    assert (row.country, row.county, row.district, row.ward, row.constituency) == (
        "E92000001",
        "E10000015",
        "E07000240",
        "E05013966",
        "E14001507",
    )
    assert row.terminated == datetime.date(1994, 5, 1)
    assert row.lat == pytest.approx(51.749084) and row.lng == pytest.approx(-0.341337)


def test_the_november_2025_sample_loads_with_pseudo_codes_as_none(shared_data):
    import_onspd(shared_data / NOV2025)
    row = Postcode.objects.get(postcode="AB1 0AA")
    assert row.county is None  # S99999999
    assert (row.country, row.district, row.ward, row.constituency) == (
        "S92000003",
        "S12000033",
        "S13002843",
        "S14000061",
    )
    assert row.terminated == datetime.date(1996, 6, 1)


def test_the_may_2018_classic_sample_loads_too(shared_data):
    assert import_onspd(shared_data / MAY2018).rows == 4


def test_no_location_means_no_coordinates(shared_data):
    import_onspd(shared_data / AUG2024)
    isle_of_man = Postcode.objects.get(postcode="IM1 1AD")
    assert isle_of_man.lat is None and isle_of_man.lng is None
    assert isle_of_man.ward is None and isle_of_man.district is None


def test_terminated_and_live_postcodes_are_both_kept(shared_data):
    import_onspd(shared_data / AUG2024)
    assert postcode_lookup("AL1 1AB").outcome == PostcodeOutcome.TERMINATED
    assert postcode_lookup("IM1 1AD").outcome == PostcodeOutcome.OUTSIDE_UK


def test_a_live_classic_row_routes_to_the_county(shared_data, tmp_path):
    county = CountyFactory(code="E10000015", name="Hertfordshire")
    DistrictFactory(code="E07000240", name="St Albans", parent=county)
    CountryFactory()
    source = _rewrite(shared_data / AUG2024, tmp_path / "live.csv", lambda row: {**row, "doterm": ""})
    import_onspd(source)
    result = postcode_lookup("al11ab")
    assert result.outcome == PostcodeOutcome.LIVE
    assert result.childrens_services_authority.code == "E10000015"
    assert result.district.code == "E07000240"


def test_a_live_november_2025_row_routes_by_the_new_column_names(shared_data, tmp_path):
    county = CountyFactory(code="E10000015", name="Hertfordshire")
    district = DistrictFactory(code="E07000240", name="St Albans", parent=county)
    WardFactory(code="E05013956", parent=district)

    def as_st_albans(row):
        if row["pcds"] != "AB1 0AA":
            return row
        return {
            **row,
            "pcds": "AL1 1AB",
            "doterm": "",
            "cty25cd": "E10000015",
            "lad25cd": "E07000240",
            "wd25cd": "E05013956",
            "pcon24cd": "E14001507",
            "ctry25cd": "E92000001",
        }

    import_onspd(_rewrite(shared_data / NOV2025, tmp_path / "nov.csv", as_st_albans))
    result = postcode_lookup("AL1 1AB")
    assert result.childrens_services_authority.code == "E10000015"
    assert result.ward.code == "E05013956"


def test_an_unknown_layout_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "codepoint.csv"
    path.write_text("Postcode,Positional_quality_indicator,Eastings,Northings\nOX1 1AA,10,1,2\n")
    with pytest.raises(CommandError, match="Not an ONS Postcode Directory layout"):
        call_command("import_onspd", str(path), stdout=io.StringIO())


def test_an_unknown_layout_leaves_the_live_table_alone(demo_places, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(OnspdLayoutError):
        import_onspd(path)
    assert postcode_lookup("XX1 1AA").outcome == PostcodeOutcome.LIVE


def test_a_gzipped_file_loads(shared_data, tmp_path):
    path = tmp_path / "onspd.csv.gz"
    path.write_bytes(gzip.compress((shared_data / AUG2024).read_bytes()))
    assert import_onspd(path).rows == 4


def test_the_zip_ons_publishes_loads_its_data_csv(shared_data, tmp_path):
    path = tmp_path / "ONSPD_NOV_2025.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Documents/Codebook.csv", "code,name\nE92000001,England\n")
        archive.writestr("User Guide/readme.txt", "guide")
        archive.writestr("Data/multi_csv/ONSPD_NOV_2025_UK_AB.csv", (shared_data / NOV2025).read_text()[:600])
        archive.writestr("Data/ONSPD_NOV_2025_UK.csv", (shared_data / NOV2025).read_text())
    assert import_onspd(path).rows == 4
    assert Postcode.objects.filter(postcode="AB1 0AD").exists()


def test_a_re_import_replaces_the_table_rather_than_adding(shared_data):
    import_onspd(shared_data / AUG2024)
    import_onspd(shared_data / NOV2025)
    assert set(Postcode.objects.values_list("postcode", flat=True)) == {
        "AB1 0AA",
        "AB1 0AB",
        "AB1 0AD",
        "IM1 1AA",
    }


def test_skip_if_loaded_does_not_reload_the_same_file(shared_data):
    import_onspd(shared_data / AUG2024)
    assert import_onspd(shared_data / AUG2024, force=False).skipped
    assert DataImport.objects.filter(kind="postcodes").count() == 1


def test_the_command_prints_progress(shared_data):
    out = io.StringIO()
    call_command("import_onspd", str(shared_data / AUG2024), stdout=out)
    assert "classic ONSPD layout" in out.getvalue()
    assert "Imported 4 postcodes" in out.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("onspd.csv.gz", b"not gzip at all"),
        ("onspd.zip", b"not a zip either"),
        ("onspd.csv", "pcds,oscty\nAB1 0AA,Caf\xe9\n".encode("latin-1")),
    ],
)
def test_an_unreadable_file_is_refused_with_a_clear_message(demo_places, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=name):
        call_command("import_onspd", str(path), stdout=io.StringIO())
    assert postcode_lookup("XX1 1AA").outcome == PostcodeOutcome.LIVE

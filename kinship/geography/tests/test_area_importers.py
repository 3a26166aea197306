"""Area importers read the published files and are idempotent."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from kinship.geography.importers import areas
from kinship.geography.importers.load import load_areas
from kinship.geography.models import Area, AreaType
from kinship.geography.services import postcode_lookup
from kinship.geography.tests.factories import PostcodeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(shared_data):
    load_areas(shared_data, say=lambda _line: None)
    return shared_data


def test_there_are_175_childrens_services_authorities(loaded):
    counts = {
        t: Area.objects.filter(type=t).count()
        for t in [
            AreaType.COUNTY,
            AreaType.UNITARY,
            AreaType.METROPOLITAN,
            AreaType.LONDON_BOROUGH,
            AreaType.CITY_OF_LONDON,
            AreaType.WELSH_PRINCIPAL,
        ]
    }
    assert counts == {
        AreaType.COUNTY: 21,
        AreaType.UNITARY: 63,
        AreaType.METROPOLITAN: 36,
        AreaType.LONDON_BOROUGH: 32,
        AreaType.CITY_OF_LONDON: 1,
        AreaType.WELSH_PRINCIPAL: 22,
    }


def test_the_isles_of_scilly_is_a_unitary(loaded):
    assert Area.objects.get(code="E06000053").type == AreaType.UNITARY


def test_a_district_has_its_county_as_parent(loaded):
    cherwell = Area.objects.get(code="E07000177")
    assert cherwell.type == AreaType.DISTRICT
    assert cherwell.parent.code == "E10000025"
    assert cherwell.parent.official_name == "Oxfordshire County Council"


def test_there_are_650_constituencies_with_welsh_names(loaded):
    assert Area.objects.filter(type=AreaType.CONSTITUENCY).count() == 650
    assert Area.objects.get(code="W07000082").name_cy == "Alun a Glannau Dyfrdwy"


def test_welsh_constituencies_map_to_their_senedd_constituency(loaded):
    alyn = Area.objects.get(code="W07000082")
    assert alyn.senedd_constituency.code == "W09000057"
    assert alyn.senedd_constituency.type == AreaType.SENEDD_CONSTITUENCY
    assert Area.objects.filter(code__startswith="W07", senedd_constituency__isnull=True).count() == 0


def test_wards_have_their_council_as_parent(loaded):
    ward = Area.objects.get(code="E05013038")  # Burn Valley, Hartlepool
    assert ward.type == AreaType.WARD
    assert ward.parent.code == "E06000001"


def test_councils_get_a_general_contact_route(loaded):
    hartlepool = Area.objects.get(code="E06000001")
    assert hartlepool.website == "https://www.gov.uk/find-local-council/hartlepool"


def test_a_recoded_council_routes_under_its_new_code(loaded):
    # ONS recoded Barnsley (E08000016 → E08000038) in 2024; the 2025 wards use the new code.
    PostcodeFactory(postcode="S70 2TA", country="E92000001", county=None, district="E08000038")
    assert postcode_lookup("S70 2TA").childrens_services_authority.code == "E08000016"


def test_re_importing_updates_in_place(loaded):
    before = dict(Area.objects.values_list("code", "id"))
    Area.objects.filter(code="E06000001").update(name="Old name")
    load_areas(loaded, say=lambda _line: None)
    assert dict(Area.objects.values_list("code", "id")) == before
    assert Area.objects.get(code="E06000001").name == "Hartlepool"


def test_staff_edits_to_contact_routes_survive_a_re_import(loaded):
    Area.objects.filter(code="E06000001").update(contact_url="https://www.hartlepool.gov.uk/contact")
    load_areas(loaded, say=lambda _line: None)
    assert Area.objects.get(code="E06000001").contact_url == "https://www.hartlepool.gov.uk/contact"


def test_a_file_in_the_wrong_layout_is_refused(tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("code,name\nE06000001,Hartlepool\n")
    with pytest.raises(areas.AreaImportError, match="missing column"):
        areas.import_childrens_services_authorities(path)


def test_the_area_commands_run(shared_data):
    out = io.StringIO()
    call_command("import_countries", stdout=out)
    call_command(
        "import_local_authorities",
        str(shared_data / "local-authorities/childrens_services_authorities_england_wales.csv"),
        stdout=out,
    )
    call_command(
        "import_districts", str(shared_data / "local-authorities/district_to_county_england.csv"), stdout=out
    )
    assert "175 created" in out.getvalue()
    assert Area.objects.get(code="E07000177").parent.code == "E10000025"


@pytest.mark.parametrize("command", ["import_wards", "import_constituencies", "import_local_authorities"])
def test_a_missing_file_is_refused_with_a_clear_message(tmp_path, command):
    with pytest.raises(CommandError, match="file not found"):
        call_command(command, str(tmp_path / "absent.csv"), stdout=io.StringIO())


@pytest.mark.parametrize("command", ["import_wards", "import_constituencies", "import_local_authorities"])
def test_a_file_that_is_not_utf8_is_refused_with_a_clear_message(tmp_path, command):
    path = tmp_path / "latin1.csv"
    path.write_bytes("WD25CD,WD25NM,LAD25CD\nE05000001,Caf\xe9,E06000001\n".encode("latin-1"))
    with pytest.raises(CommandError, match="not a UTF-8 CSV file"):
        call_command(command, str(path), stdout=io.StringIO())


def test_a_wrong_all_councils_path_is_refused_not_ignored(shared_data, tmp_path):
    with pytest.raises(CommandError, match="file not found"):
        call_command(
            "import_districts",
            str(shared_data / "local-authorities/district_to_county_england.csv"),
            "--all-councils",
            str(tmp_path / "absent.csv"),
            stdout=io.StringIO(),
        )

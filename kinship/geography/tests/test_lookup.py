"""postcode_lookup: one outcome per kind of postcode (on the fictional demo places)."""

from __future__ import annotations

import pytest

from kinship.geography.models import AreaType
from kinship.geography.services import postcode_lookup
from kinship.geography.tests.factories import (
    ConstituencyFactory,
    CountryFactory,
    CountyFactory,
    DistrictFactory,
    PostcodeFactory,
    WardFactory,
)
from kinship.geography.types import PostcodeOutcome

pytestmark = pytest.mark.django_db


def test_a_district_postcode_goes_to_the_county_council(demo_places):
    result = postcode_lookup("XX1 1AA")
    assert result.outcome == PostcodeOutcome.LIVE
    assert result.childrens_services_authority.code == "E10900001"
    assert result.childrens_services_authority.official_name == "Demoshire County Council"
    assert result.district.code == "E07900001"
    assert result.ward.name == "Maple"
    assert result.constituency.code == "E14900001"
    assert result.senedd_constituency is None
    assert result.country.code == "E92000001"
    assert result.lat == pytest.approx(52.1001)


def test_a_unitary_postcode_goes_to_the_unitary_which_is_also_its_district(demo_places):
    # ONS convention (ONSPD `oslaua`, postcodes.io `admin_district`): the district is filled for
    # every postcode; in unitary, metropolitan and London areas it is the council itself.
    result = postcode_lookup("XX2 1AA")
    assert result.childrens_services_authority.code == "E06900001"
    assert result.district.code == "E06900001"
    assert not result.is_two_tier
    assert result.ward.code == "E05900003"


def test_a_welsh_postcode_has_its_principal_council_as_district(demo_places):
    result = postcode_lookup("XX3 1AA")
    assert result.district.code == "W06900001"
    assert not result.is_two_tier


def test_a_two_tier_postcode_has_the_district_under_the_county(demo_places):
    result = postcode_lookup("XX1 2AB")
    assert result.district.code == "E07900002"
    assert result.is_two_tier


def test_a_welsh_postcode_has_its_senedd_constituency_and_welsh_names(demo_places):
    result = postcode_lookup("xx31aa")
    assert result.outcome == PostcodeOutcome.LIVE
    assert result.childrens_services_authority.code == "W06900001"
    assert result.childrens_services_authority.name_cy == "Bro Enghraifft"
    assert result.ward.name_cy == "Castell"
    assert result.senedd_constituency.code == "W09900001"
    assert result.country.code == "W92000004"


def test_what_people_type_is_normalised(demo_places):
    for typed in [" xx1 2ab ", "XX12AB", "xx1\t2ab", "  Xx1   2aB\n"]:
        result = postcode_lookup(typed)
        assert result.postcode == "XX1 2AB"
        assert result.childrens_services_authority.code == "E10900001"


def test_an_invalid_postcode_says_so():
    result = postcode_lookup("not a postcode")
    assert result.outcome == PostcodeOutcome.INVALID
    assert not result.is_usable


def test_bad_input_never_raises():
    for text in ["", "   ", "SW1A 1AA" * 1000, "\x00", None]:
        assert postcode_lookup(text).outcome == PostcodeOutcome.INVALID  # type: ignore[arg-type]


def test_a_well_formed_unknown_postcode_is_not_found(demo_places):
    assert postcode_lookup("XX7 7XX").outcome == PostcodeOutcome.NOT_FOUND


def test_a_terminated_postcode_says_it_is_no_longer_used(demo_places):
    result = postcode_lookup("XX9 9ZZ")
    assert result.outcome == PostcodeOutcome.TERMINATED
    assert result.childrens_services_authority is None


def test_a_northern_ireland_postcode_is_outside_the_campaign(demo_places):
    assert postcode_lookup("XZ1 1AA").outcome == PostcodeOutcome.NORTHERN_IRELAND


def test_any_bt_postcode_is_northern_ireland_even_if_not_loaded(db):
    assert postcode_lookup("bt1 1aa").outcome == PostcodeOutcome.NORTHERN_IRELAND


def test_a_scottish_postcode_keeps_the_mp_but_not_the_council(demo_places):
    result = postcode_lookup("XY1 1AA")
    assert result.outcome == PostcodeOutcome.SCOTLAND
    assert result.constituency.code == "S14900001"
    assert result.childrens_services_authority is None
    assert result.is_usable


def test_a_live_postcode_without_a_council_asks_the_person(demo_places):
    result = postcode_lookup("XX4 1AA")
    assert result.outcome == PostcodeOutcome.UNPLACED
    assert result.childrens_services_authority is None
    assert result.constituency.code == "E14900002"
    assert result.is_usable


def test_isle_of_man_is_outside_the_uk(db):
    PostcodeFactory(postcode="IM1 1AD", country="M83000003", lat=None, lng=None)
    assert postcode_lookup("IM1 1AD").outcome == PostcodeOutcome.OUTSIDE_UK


def test_the_district_s_county_is_used_when_onspd_has_no_county_code(db):
    CountryFactory()
    district = DistrictFactory()
    PostcodeFactory(postcode="ZZ1 1AA", county=None, district=district.code)
    result = postcode_lookup("ZZ1 1AA")
    assert result.childrens_services_authority.code == district.parent.code
    assert result.childrens_services_authority.type == AreaType.COUNTY


def test_the_ward_s_council_is_used_when_onspd_has_no_district(db):
    county = CountyFactory()
    district = DistrictFactory(parent=county)
    ward = WardFactory(parent=district)
    PostcodeFactory(postcode="ZZ1 1AB", county=None, district=None, ward=ward.code)
    assert postcode_lookup("ZZ1 1AB").childrens_services_authority.code == county.code


def test_a_district_code_alone_never_routes_to_the_district(db):
    district = DistrictFactory(parent=None)
    PostcodeFactory(postcode="ZZ1 1AD", county=None, district=district.code)
    result = postcode_lookup("ZZ1 1AD")
    assert result.outcome == PostcodeOutcome.UNPLACED
    assert result.district.code == district.code


def test_new_areas_are_seen_without_a_restart(db):
    PostcodeFactory(postcode="ZZ2 2AA", county=None, district="E06999999", constituency="E14999999")
    assert postcode_lookup("ZZ2 2AA").outcome == PostcodeOutcome.UNPLACED
    ConstituencyFactory(code="E14999999")
    from kinship.geography.tests.factories import AreaFactory

    AreaFactory(code="E06999999", name="Late Unitary")
    result = postcode_lookup("ZZ2 2AA")
    assert result.outcome == PostcodeOutcome.LIVE
    assert result.childrens_services_authority.name == "Late Unitary"

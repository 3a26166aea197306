"""What a lookup result says about itself: its nation (one rule for every app) and two tiers."""

from kinship.geography.types import AreaRef, PostcodeOutcome, PostcodeResult


def test_nation_from_country_code():
    england = PostcodeResult(
        postcode="XX1 1AA", outcome=PostcodeOutcome.LIVE, country=AreaRef("E92000001", "England")
    )
    wales = PostcodeResult(
        postcode="XX3 1AA", outcome=PostcodeOutcome.LIVE, country=AreaRef("W92000004", "Wales")
    )
    scotland = PostcodeResult(postcode="XY1 1AA", outcome=PostcodeOutcome.SCOTLAND)
    assert (england.nation, wales.nation, scotland.nation) == ("england", "wales", "scotland")


def test_nation_of_a_northern_ireland_postcode():
    assert (
        PostcodeResult(postcode="BT1 1AA", outcome=PostcodeOutcome.NORTHERN_IRELAND).nation
        == "northern_ireland"
    )


def test_nation_from_the_council_when_the_country_is_unknown():
    # A postcode too new for ONSPD, where the person chose their council.
    chosen = PostcodeResult(
        postcode="XX7 7XX",
        outcome=PostcodeOutcome.LIVE,
        childrens_services_authority=AreaRef("W06000015", "Cardiff", type="welsh_principal"),
    )
    assert chosen.nation == "wales"


def test_nation_from_the_constituency_when_nothing_else_is_known():
    result = PostcodeResult(
        postcode="XX4 1AA", outcome=PostcodeOutcome.UNPLACED, constituency=AreaRef("E14900002", "Somewhere")
    )
    assert result.nation == "england"


def test_no_nation_for_a_postcode_we_cannot_place():
    assert PostcodeResult(postcode="XX7 7XX", outcome=PostcodeOutcome.NOT_FOUND).nation == ""
    assert PostcodeResult(postcode="nonsense", outcome=PostcodeOutcome.INVALID).nation == ""


def test_two_tier_only_with_a_district_under_a_county():
    county = AreaRef("E10000025", "Oxfordshire", type="county")
    district = AreaRef("E07000177", "Cherwell", type="district")
    unitary = AreaRef("E06000036", "Bracknell Forest", type="unitary")
    live = PostcodeOutcome.LIVE
    assert PostcodeResult(
        postcode="OX1 1AA", outcome=live, childrens_services_authority=county, district=district
    ).is_two_tier
    assert not PostcodeResult(
        postcode="RG1 1AA", outcome=live, childrens_services_authority=unitary, district=unitary
    ).is_two_tier
    assert not PostcodeResult(
        postcode="OX1 1AA", outcome=live, childrens_services_authority=county
    ).is_two_tier

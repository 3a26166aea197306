"""representatives_for_postcode: who, in what order, and honest gaps."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kinship.core.pagecache import source_bump, source_version
from kinship.geography.models import AreaType
from kinship.geography.selectors import areas_generation
from kinship.geography.tests.factories import (
    ConstituencyFactory,
    CouncilFactory,
    SeneddConstituencyFactory,
    WardFactory,
)
from kinship.geography.types import AreaRef, PostcodeOutcome, PostcodeResult
from kinship.representatives import selectors
from kinship.representatives.models import Role, Source
from kinship.representatives.selectors import (
    national_offices,
    next_person_up,
    office_entry,
    representative_to_json,
    representatives_for_postcode,
)
from kinship.representatives.tests.factories import OfficeFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _ref(area):
    return AreaRef(code=area.code, name=area.name, type=area.type)


def _result(council=None, ward=None, constituency=None, senedd=None) -> PostcodeResult:
    return PostcodeResult(
        postcode="EX1 1AA",
        outcome=PostcodeOutcome.LIVE,
        childrens_services_authority=_ref(council) if council else None,
        ward=_ref(ward) if ward else None,
        constituency=_ref(constituency) if constituency else None,
        senedd_constituency=_ref(senedd) if senedd else None,
    )


@pytest.fixture
def place():
    council = CouncilFactory(name="Exampleborough")
    ward = WardFactory(name="Harbour", parent=council)
    constituency = ConstituencyFactory(name="Exampleborough Central")
    return council, ward, constituency


def _office(role, area, name, **kw):
    return OfficeFactory(role=role, area=area, person=PersonFactory(name=name), **kw)


def _next_up_from(office, constituency_code=""):
    return next_person_up(
        role=office.role,
        area_code=office.area.code,
        constituency_code=constituency_code,
        exclude_office_id=office.pk,
    )


def test_people_come_in_the_toolkits_order(place):
    council, ward, constituency = place
    _office(Role.MP, constituency, "Mo MP")
    _office(Role.WARD_COUNCILLOR, ward, "Wendy Ward")
    _office(Role.CABINET_MEMBER, council, "Cara Cabinet", portfolio="Cabinet Member for Roads")
    _office(Role.LEADER, council, "Leo Leader")
    _office(Role.LEAD_MEMBER_CHILDREN, council, "Lee Lead")
    _office(Role.CEREMONIAL_MAYOR, council, "Mary Mayor")
    _office(Role.DIRECTOR_CHILDREN, council, "Dee Director")

    entries = representatives_for_postcode(_result(council, ward, constituency))

    assert [e.name for e in entries] == [
        "Lee Lead",
        "Leo Leader",
        "Cara Cabinet",
        "Wendy Ward",
        "Mo MP",
        "Mary Mayor",
        "Dee Director",
    ]


def test_an_elected_mayor_comes_before_the_leader(place):
    council, _, _ = place
    _office(Role.LEADER, council, "Leo Leader")
    _office(Role.ELECTED_MAYOR, council, "Ella Elected")

    names = [e.name for e in representatives_for_postcode(_result(council)) if not e.is_gap]

    assert names == ["Ella Elected", "Leo Leader"]


def test_unknown_roles_are_gaps_with_the_councils_general_contact(place):
    council, ward, constituency = place

    entries = representatives_for_postcode(_result(council, ward, constituency))

    assert [(e.role, e.is_gap) for e in entries] == [
        (Role.LEAD_MEMBER_CHILDREN, True),
        (Role.LEADER, True),
        (Role.WARD_COUNCILLOR, True),
        (Role.MP, True),
    ]
    lead_gap = entries[0]
    assert lead_gap.name == "" and lead_gap.office_id is None
    assert lead_gap.contact_url == "https://council.example.org/contact"
    assert lead_gap.email == "enquiries@council.example.org"
    assert lead_gap.accepts_email is False


def test_ended_offices_are_not_listed(place):
    council, _, _ = place
    _office(Role.LEAD_MEMBER_CHILDREN, council, "Gone Person", end_date=date.today() - timedelta(days=1))

    [lead, _leader] = representatives_for_postcode(_result(council))

    assert lead.is_gap


def test_a_ceremonial_mayor_is_flagged_as_not_deciding_council_business(place):
    council, _, _ = place
    _office(Role.CEREMONIAL_MAYOR, council, "Mary Mayor")

    mayor = next(e for e in representatives_for_postcode(_result(council)) if e.name == "Mary Mayor")

    assert mayor.decides_council_business is False


def test_the_director_of_childrens_services_is_never_offered_for_email(place):
    council, _, _ = place
    _office(Role.DIRECTOR_CHILDREN, council, "Dee Director", email="dcs@example.org")

    director = representatives_for_postcode(_result(council))[-1]

    assert director.is_officer and not director.accepts_email and not director.can_email


def test_members_of_the_senedd_are_listed_in_wales():
    senedd = SeneddConstituencyFactory()
    _office(Role.MS, senedd, "Rhian Example")
    _office(Role.MS, senedd, "Huw Sample")

    entries = representatives_for_postcode(_result(senedd=senedd))

    assert [e.name for e in entries] == ["Huw Sample", "Rhian Example"]


def test_a_councillor_who_takes_no_email_is_not_emailable(place):
    _, ward, _ = place
    _office(
        Role.WARD_COUNCILLOR, ward, "Posty Person", email="", accepts_email=False, postal_address="1 Road"
    )

    [entry] = representatives_for_postcode(_result(ward=ward))

    assert entry.can_email is False and entry.postal_address == "1 Road"


def test_json_has_the_documented_shape(place):
    _, _, constituency = place
    office = _office(
        Role.MP, constituency, "Mo MP", party="Labour", email="mo@parliament.uk", source=Source.API
    )

    data = representative_to_json(office_entry(office))

    assert data["role"] == "mp"
    assert data["name"] == "Mo MP"
    assert data["party"] == "Labour"
    assert data["area"] == {"code": constituency.code, "name": constituency.name}
    assert data["contact"]["email"] == "mo@parliament.uk"
    assert data["contact"]["accepts_email"] is True
    assert data["checked_on"] == office.last_checked_on.isoformat()
    assert data["source"] == "api"
    assert data["gap"] is False


def test_national_offices_are_the_current_offices_with_no_area():
    _office(Role.MINISTER, None, "Alex Example", portfolio="Minister for Children and Families")
    _office(Role.MINISTER, None, "Old Minister", end_date=date.today() - timedelta(days=3))

    assert [e.name for e in national_offices(role=Role.MINISTER)] == ["Alex Example"]


def test_next_person_up_from_a_ward_councillor_is_the_lead_member(place):
    council, ward, _ = place
    councillor = _office(Role.WARD_COUNCILLOR, ward, "Wendy Ward")
    lead = _office(Role.LEAD_MEMBER_CHILDREN, council, "Lee Lead")
    _office(Role.LEADER, council, "Leo Leader")

    assert _next_up_from(councillor) == lead


def test_next_person_up_from_a_lead_member_is_the_leader(place):
    council, _, _ = place
    lead = _office(Role.LEAD_MEMBER_CHILDREN, council, "Lee Lead")
    leader = _office(Role.LEADER, council, "Leo Leader")

    assert _next_up_from(lead) == leader


def test_next_person_up_skips_an_empty_role(place):
    council, ward, _ = place
    councillor = _office(Role.WARD_COUNCILLOR, ward, "Wendy Ward")
    leader = _office(Role.LEADER, council, "Leo Leader")

    assert _next_up_from(councillor) == leader


def test_next_person_up_from_the_leader_is_the_writers_mp(place):
    council, _, constituency = place
    leader = _office(Role.LEADER, council, "Leo Leader")
    mp = _office(Role.MP, constituency, "Mo MP")

    assert _next_up_from(leader) is None
    assert _next_up_from(leader, constituency_code=constituency.code) == mp


def test_next_person_up_in_a_two_tier_area_goes_to_the_county():
    county = CouncilFactory(code="E10000099", type=AreaType.COUNTY)
    district = CouncilFactory(code="E07000099", type=AreaType.DISTRICT, parent=county)
    ward = WardFactory(parent=district)
    councillor = _office(Role.WARD_COUNCILLOR, ward, "Wendy Ward")
    lead = _office(Role.LEAD_MEMBER_CHILDREN, county, "Lee Lead")

    assert _next_up_from(councillor) == lead


def test_lookup_costs_two_queries_however_many_people(place, django_assert_num_queries):
    council, ward, constituency = place
    for i in range(5):
        _office(Role.CABINET_MEMBER, council, f"Cabinet {i}")
        _office(Role.WARD_COUNCILLOR, ward, f"Councillor {i}")
    _office(Role.MP, constituency, "Mo MP")
    result = _result(council, ward, constituency)
    # What says whether the index is current (the areas, the content version) is read at most
    # every few seconds, and the postcode lookup has read it already in a real request.
    areas_generation()
    source_version("representatives")

    with django_assert_num_queries(2):
        entries = representatives_for_postcode(result)

    assert len(entries) == 13  # 5 cabinet + 5 councillors + MP + 2 gaps (lead member, leader)


# The office index (issue 17): kept while nothing changed, made again when something did.


def _index_after_lookup(result):
    representatives_for_postcode(result)
    assert selectors._index is not None
    return selectors._index


def test_the_office_index_outlives_a_minute_while_nothing_changes(place, settings):
    settings.KINSHIP_PAGE_CACHE_VERSION_CHECK_SECONDS = 3600
    council, ward, constituency = place
    result = _result(council, ward, constituency)
    first = _index_after_lookup(result)
    first.built_at -= 120  # two minutes on: it used to be thrown away after one

    assert _index_after_lookup(result) is first


def test_an_edit_in_another_process_makes_the_index_again(place):
    council, ward, constituency = place
    result = _result(council, ward, constituency)
    first = _index_after_lookup(result)
    # Another process saved an office: its commit bumped the shared content version, and
    # this process's own memo of the version has expired.
    source_bump("representatives")

    second = _index_after_lookup(result)
    assert second is not first
    assert _index_after_lookup(result) is second


def test_an_edit_here_shows_at_once(place):
    council, ward, constituency = place
    result = _result(council, ward, constituency)
    _index_after_lookup(result)
    _office(Role.LEAD_MEMBER_CHILDREN, council, "Lee Lead")

    assert "Lee Lead" in [e.name for e in representatives_for_postcode(result)]


def test_the_index_is_never_older_than_its_safety_limit(place, settings):
    settings.KINSHIP_PAGE_CACHE_VERSION_CHECK_SECONDS = 3600
    council, ward, constituency = place
    result = _result(council, ward, constituency)
    first = _index_after_lookup(result)
    first.built_at -= selectors._INDEX_TTL_SECONDS + 1  # bulk writes send no signals

    assert _index_after_lookup(result) is not first

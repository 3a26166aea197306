"""The representatives app's rules, each in one home and tested here directly: whether an office
is current, the escalation ladder from every role, and the words for a role."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from kinship.geography.models import AreaType
from kinship.geography.tests.factories import ConstituencyFactory, CouncilFactory, WardFactory
from kinship.representatives.models import Office, Role, role_label
from kinship.representatives.selectors import current_offices, escalation_steps, next_person_up
from kinship.representatives.services import office_end
from kinship.representatives.tests.factories import OfficeFactory, PersonFactory

TODAY = date(2026, 6, 15)
DAY = timedelta(days=1)

# --- Whether an office is current -----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end", "current"),
    [
        (None, None, True),
        (TODAY - DAY, None, True),
        (TODAY, None, True),  # starts today
        (TODAY + DAY, None, False),  # not started yet
        (None, TODAY + 30 * DAY, True),  # a future end date still counts
        (None, TODAY, True),  # the end date is the last day in office
        (None, TODAY - DAY, False),  # ended
        (TODAY + DAY, TODAY + 30 * DAY, False),
    ],
)
def test_an_office_is_current_from_its_start_to_its_last_day(start, end, current):
    office = OfficeFactory(start_date=start, end_date=end)
    assert current_offices(TODAY).filter(pk=office.pk).exists() is current


@pytest.mark.django_db
def test_an_office_ended_today_is_no_longer_current():
    office = OfficeFactory()
    today = timezone.localdate()
    office_end(office, today=today, reason="stood down")
    assert office.end_date == today - DAY
    assert not current_offices().filter(pk=office.pk).exists()


# --- The escalation ladder ------------------------------------------------------------------


def test_every_role_has_a_place_on_the_ladder():
    for role in Role:
        steps = escalation_steps(role)
        assert steps is None or all(step for step in steps), role


@pytest.fixture
def council_place(db):  # type: ignore[no-untyped-def]
    council = CouncilFactory(name="Exampleborough", type=AreaType.UNITARY)
    ward = WardFactory(name="Harbour", parent=council)
    constituency = ConstituencyFactory(name="Exampleborough Central")

    def holder(role: str, name: str) -> Office:
        area = {Role.WARD_COUNCILLOR: ward, Role.MP: constituency}.get(role, council)
        return OfficeFactory(role=role, area=area, person=PersonFactory(name=name))

    people = {
        Role.WARD_COUNCILLOR: holder(Role.WARD_COUNCILLOR, "Wendy Ward"),
        Role.LEAD_MEMBER_CHILDREN: holder(Role.LEAD_MEMBER_CHILDREN, "Lee Lead"),
        Role.LEADER: holder(Role.LEADER, "Leo Leader"),
        Role.MP: holder(Role.MP, "Mo MP"),
    }
    return council, ward, constituency, people


# role → whom the ladder reaches next, with everyone in post
LADDER = {
    Role.WARD_COUNCILLOR: Role.LEAD_MEMBER_CHILDREN,
    Role.DIRECTOR_CHILDREN: Role.LEAD_MEMBER_CHILDREN,
    Role.OTHER: Role.LEAD_MEMBER_CHILDREN,
    Role.LEAD_MEMBER_CHILDREN: Role.LEADER,
    Role.CABINET_MEMBER: Role.LEADER,
    Role.CEREMONIAL_MAYOR: Role.LEADER,
    Role.LEADER: Role.MP,
    Role.ELECTED_MAYOR: Role.MP,
    Role.MP: None,
    Role.MS: None,
    Role.MINISTER: None,
}


def test_the_ladder_covers_every_role():
    assert set(LADDER) == set(Role)


@pytest.mark.parametrize(("role", "up"), list(LADDER.items()))
def test_the_next_person_up_from_every_role(council_place, role, up):
    council, ward, constituency, people = council_place
    area = {Role.WARD_COUNCILLOR: ward, Role.MP: constituency}.get(role, council)
    area_code = "" if role == Role.MINISTER else area.code
    found = next_person_up(role=role, area_code=area_code, constituency_code=constituency.code)
    assert found == (people[up] if up else None)


def test_the_ladder_climbs_to_the_mp_only_for_the_writers_constituency(council_place):
    council, _ward, _constituency, _people = council_place
    assert next_person_up(role=Role.LEADER, area_code=council.code) is None


def test_the_ladder_skips_an_empty_step(council_place):
    council, ward, _constituency, people = council_place
    people[Role.LEAD_MEMBER_CHILDREN].end_date = timezone.localdate() - DAY
    people[Role.LEAD_MEMBER_CHILDREN].save()
    assert next_person_up(role=Role.WARD_COUNCILLOR, area_code=ward.code) == people[Role.LEADER]


def test_the_ladder_never_returns_the_person_asked_before(council_place):
    council, _ward, _constituency, people = council_place
    leader = people[Role.LEADER]
    second = OfficeFactory(role=Role.LEADER, area=council, person=PersonFactory(name="Lou Leader"))
    assert (
        next_person_up(role=Role.CABINET_MEMBER, area_code=council.code, exclude_office_id=leader.pk)
        == second
    )


def test_a_national_office_is_the_top():
    assert next_person_up(role=Role.OTHER, area_code="") is None


# --- Role labels: one table -----------------------------------------------------------------


def test_role_labels_come_from_the_one_table():
    for role in Role:
        assert role_label(role.value) == str(role.label)


def test_an_unknown_role_is_shown_as_it_is():
    assert role_label("chief_whip") == "chief_whip"

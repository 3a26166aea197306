from __future__ import annotations

import pytest

from kinship.geography.models import AreaType
from kinship.geography.tests.factories import AreaFactory
from kinship.representatives.demo import load_demo_people
from kinship.representatives.models import Office, Role, Source
from kinship.representatives.selectors import national_offices

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_areas():
    county = AreaFactory(code="E10900001", name="Demoshire", type=AreaType.COUNTY, is_demo=True)
    district = AreaFactory(
        code="E07900001", name="Fictionham", type=AreaType.DISTRICT, parent=county, is_demo=True
    )
    AreaFactory(code="E05900001", name="Maple", type=AreaType.WARD, parent=district, is_demo=True)
    AreaFactory(code="E14900001", name="Fictionham and Sampleton", type=AreaType.CONSTITUENCY, is_demo=True)


def test_demo_people_are_fictional_and_marked_demo(demo_areas):
    load_demo_people()

    offices = Office.objects.select_related("person")
    assert offices.exists()
    assert all(o.source == Source.DEMO and o.person.is_demo for o in offices)
    assert all(o.email.endswith("@example.org") for o in offices if o.email)


def test_demo_people_load_is_idempotent(demo_areas):
    load_demo_people()
    count = Office.objects.count()

    lines = load_demo_people()

    assert Office.objects.count() == count
    assert "0 created" in lines[0]


def test_missing_demo_areas_are_skipped_with_a_line(demo_areas):
    lines = load_demo_people()

    assert any("E06900001" in line and "not loaded" in line for line in lines)


def test_national_ministers_have_no_area(demo_areas):
    load_demo_people()

    portfolios = {e.portfolio for e in national_offices(role=Role.MINISTER)}
    assert "Minister for Children and Families" in portfolios
    assert "Secretary of State for Education" in portfolios


def test_maple_has_two_councillors(demo_areas):
    load_demo_people()

    assert Office.objects.filter(area__code="E05900001", role=Role.WARD_COUNCILLOR).count() == 2

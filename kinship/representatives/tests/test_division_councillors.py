"""A county postcode whose data names its electoral division lists that division's councillors."""

from __future__ import annotations

import pytest

from kinship.geography.models import AreaType
from kinship.geography.tests.factories import AreaFactory, CountyFactory
from kinship.geography.types import AreaRef, PostcodeOutcome, PostcodeResult
from kinship.representatives.models import Role, Source
from kinship.representatives.selectors import representatives_for_postcode
from kinship.representatives.tests.factories import OfficeFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_a_postcode_in_a_division_lists_its_county_councillors():
    county = CountyFactory(code="E10000015", name="Hertfordshire")
    division = AreaFactory(code="E58000666", name="St Albans Central", type=AreaType.DIVISION, parent=county)
    OfficeFactory(
        area=division,
        role=Role.WARD_COUNCILLOR,
        person=PersonFactory(name="Zoë County"),
        source=Source.MODERNGOV,
    )
    result = PostcodeResult(
        postcode="AL1 1AA",
        outcome=PostcodeOutcome.LIVE,
        childrens_services_authority=AreaRef(
            code=county.code, name=county.name, name_cy="", type=county.type
        ),
        division=AreaRef(code=division.code, name=division.name, name_cy="", type=division.type),
    )

    assert "Zoë County" in [entry.name for entry in representatives_for_postcode(result)]

from __future__ import annotations

import pytest

from kinship.geography.tests.factories import SeneddConstituencyFactory
from kinship.representatives.importers import SENEDD_TEMPLATE, senedd_members_import
from kinship.representatives.models import Office, Role

pytestmark = pytest.mark.django_db

HEADER = "senedd_code,name,party,email,phone,address,web_form_url,source_url,checked_on\n"


def test_members_of_the_senedd_import_by_senedd_constituency():
    area = SeneddConstituencyFactory(code="W09900001")

    result = senedd_members_import(SENEDD_TEMPLATE)

    office = Office.objects.get(role=Role.MS)
    assert office.area == area and office.person.name == "Rhian Example"
    assert len(result.report.created) == 1


def test_an_unknown_senedd_constituency_is_rejected():
    result = senedd_members_import([HEADER, "W09999999,A Person,,,,,,,2026-11-01\n"], dry_run=True)

    assert "not a Senedd constituency we know" in result.rejected[0]


def test_several_members_share_a_constituency():
    SeneddConstituencyFactory(code="W09900001")

    senedd_members_import(
        [HEADER, "W09900001,Rhian Example,,,,,,,2026-11-01\n", "W09900001,Huw Sample,,,,,,,2026-11-01\n"]
    )

    assert Office.objects.filter(role=Role.MS, end_date__isnull=True).count() == 2

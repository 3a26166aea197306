from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from kinship.geography.models import Area, AreaType, Postcode
from kinship.geography.services import postcode_lookup

pytestmark = pytest.mark.django_db


def test_demo_places_load_idempotently():
    call_command("load_demo_places", stdout=io.StringIO())
    counts = (Area.objects.count(), Postcode.objects.count())
    ids = dict(Area.objects.values_list("code", "id"))
    call_command("load_demo_places", stdout=io.StringIO())
    assert (Area.objects.count(), Postcode.objects.count()) == counts
    assert dict(Area.objects.values_list("code", "id")) == ids


def test_demo_places_are_marked_as_demo(demo_places):
    assert not Area.objects.filter(is_demo=False).exists()


def test_demo_councils_use_example_org_contacts(demo_places):
    for council in Area.objects.filter(
        type__in=[AreaType.COUNTY, AreaType.UNITARY, AreaType.WELSH_PRINCIPAL]
    ):
        assert council.website.endswith(".example.org")
        assert council.contact_email.endswith(".example.org")


def test_the_demo_spec_codes(demo_places):
    assert Area.objects.get(code="E07900002").parent.code == "E10900001"
    assert Area.objects.get(code="W06900001").name_cy == "Bro Enghraifft"
    assert Area.objects.get(code="W07900001").senedd_constituency.code == "W09900001"
    assert postcode_lookup("XX1 2AB").ward.name == "Oak"

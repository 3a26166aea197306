"""The staff page listing every council: lead member (source, checked when), leader, share of
wards with councillors, last sync, and the democracy site for councils filled by hand."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from kinship.core.groups import DATA_STEWARDS, ensure_staff_groups
from kinship.core.tests.staff import login_verified
from kinship.geography.tests.factories import CouncilFactory, WardFactory
from kinship.representatives.models import CouncilSystem, DemocracyService, Role, Source, SyncResult
from kinship.representatives.registry import democracy_services_import
from kinship.representatives.tests.factories import OfficeFactory, PersonFactory

pytestmark = pytest.mark.django_db
URL = reverse("dashboard:councils")


@pytest.fixture
def steward(client):
    ensure_staff_groups()
    user = get_user_model().objects.create_user("steward", password="correct-horse-battery", is_staff=True)
    user.groups.add(Group.objects.get(name=DATA_STEWARDS))
    login_verified(client, user)
    return user


def test_the_page_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_staff_without_the_permission_are_refused(client):
    user = get_user_model().objects.create_user("editor", password="correct-horse-battery", is_staff=True)
    login_verified(client, user)
    assert client.get(URL).status_code == 403


def test_all_175_councils_are_listed_with_links_for_those_filled_by_hand(client, steward, shared_data):
    democracy_services_import(shared_data / "representatives" / "council_democracy_services.csv")

    page = client.get(URL).content.decode()

    assert page.count('data-label="Council"') == 175
    assert "21 councils do not run ModernGov" in page
    assert "https://www.hartlepool.gov.uk/councillors" in page
    assert page.count("democracy site (fill by hand)") == 21


def test_a_council_shows_its_lead_member_leader_wards_and_last_sync(client, steward):
    council = CouncilFactory(name="Abbeyshire", official_name="Abbeyshire Council")
    north = WardFactory(name="North", parent=council)
    WardFactory(name="South", parent=council)
    WardFactory(name="South", parent=council)  # the same ward under its 2025 code counts once
    DemocracyService.objects.create(
        gss_code=council.code,
        official_name="Abbeyshire Council",
        council=council,
        system=CouncilSystem.MODERNGOV,
        base_url="https://mg.abbeyshire.example.org",
        last_sync_result=SyncResult.FAILED,
        last_sync_at="2026-11-29T10:00:00Z",
        last_sync_message="HTTP 500",
    )
    OfficeFactory(
        area=council,
        role=Role.LEAD_MEMBER_CHILDREN,
        person=PersonFactory(name="Siân Lead"),
        source=Source.MODERNGOV,
        last_checked_on=date(2026, 11, 28),
    )
    OfficeFactory(area=north, role=Role.WARD_COUNCILLOR, person=PersonFactory(name="Ward Person"))

    page = client.get(URL).content.decode()

    assert "Siân Lead" in page and "ModernGov, checked 28 Nov 2026" in page
    assert "50%" in page and "(1/2)" in page
    assert "Failed" in page and "HTTP 500" in page
    assert "Lead member known: 1. Leader or elected mayor known: 0." in page

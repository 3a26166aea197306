"""The local campaigns staff pages in Chromium: axe-core finds nothing on each."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from kinship.core.groups import CAMPAIGN_EDITORS, ensure_staff_groups
from kinship.core.tests.staff import login_verified
from kinship.geography.tests.factories import CouncilFactory
from kinship.localcampaigns.models import Journey, JourneyEntry
from kinship.representatives.models import Role
from kinship.representatives.tests.factories import OfficeFactory
from kinship.supporters.models import Champion, ChampionStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_pages_pass_axe(page: Any, axe: Any, live_server: Any) -> None:
    council = CouncilFactory(name="Demoshire", official_name="Demoshire County Council")
    OfficeFactory(role=Role.LEADER, area=council, start_date=timezone.localdate() - dt.timedelta(days=9))
    journey = Journey.objects.create(email="carer@example.org")
    JourneyEntry.objects.create(
        journey=journey,
        council_code=council.code,
        council_name="Demoshire County Council",
        kind="reply",
        happened_on=timezone.localdate(),
        notes="Promised a review",
        shared_at=timezone.now(),
    )
    Champion.objects.create(
        name="Gwen",
        email="gwen@example.com",
        postcode="XX1 1AA",
        council_code=council.code,
        council_name="Demoshire County Council",
        offers=["group"],
        status=ChampionStatus.PENDING,
        confirmed_at=timezone.now(),
    )
    ensure_staff_groups()
    user = get_user_model().objects.create_user("editor", password="pw-for-tests-only", is_staff=True)
    user.groups.add(Group.objects.get(name=CAMPAIGN_EDITORS))
    client = Client()
    login_verified(client, user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    for path in (
        "/staff/local/new-office-holders/",
        "/staff/local/shared-journeys/",
        f"/staff/local/shared-journeys/?council={council.code}",
        "/staff/local/champions/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert page.locator("h1").count() == 1, path
        violations = axe(page)
        assert not violations, f"{path}: {violations}"

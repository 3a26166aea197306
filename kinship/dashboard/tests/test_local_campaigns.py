"""Staff pages for local campaigns: login and permission required; new office holders per council."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from kinship.campaigns.tests.factories import ActionFactory
from kinship.core.groups import CAMPAIGN_EDITORS, DATA_STEWARDS, MODERATORS, ensure_staff_groups
from kinship.core.tests.staff import login_verified
from kinship.geography.tests.factories import CouncilFactory, WardFactory
from kinship.messaging.models import Message, MessageStatus, Submission
from kinship.representatives.models import Role
from kinship.representatives.tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db


def staff(client, group: str):  # type: ignore[no-untyped-def]
    ensure_staff_groups()
    user = get_user_model().objects.create_user(f"u-{group}", password="correct-horse-battery", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    login_verified(client, user)
    return user


def message_to(office, status: str) -> None:  # type: ignore[no-untyped-def]
    action = ActionFactory()
    sub = Submission.objects.create(action=action, first_name="A", last_name="B", email="a@example.org")
    Message.objects.create(submission=sub, action=action, office=office, recipient_name="x", status=status)


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("dashboard:local_new_office_holders"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_staff_without_the_permission_are_refused(client):
    staff(client, DATA_STEWARDS)
    assert client.get(reverse("dashboard:local_new_office_holders")).status_code == 403


def test_campaign_editors_see_new_office_holders_nobody_has_contacted(client):
    staff(client, CAMPAIGN_EDITORS)
    today = timezone.localdate()
    council = CouncilFactory(name="Demoshire", official_name="Demoshire County Council")
    ward = WardFactory(parent=council)
    new_lead = OfficeFactory(
        role=Role.LEAD_MEMBER_CHILDREN, area=council, start_date=today - dt.timedelta(days=10)
    )
    new_ward = OfficeFactory(role=Role.WARD_COUNCILLOR, area=ward, start_date=today - dt.timedelta(days=50))
    written_to = OfficeFactory(role=Role.LEADER, area=council, start_date=today - dt.timedelta(days=5))
    OfficeFactory(role=Role.CABINET_MEMBER, area=council, start_date=today)  # not a "Why now?" role
    OfficeFactory(role=Role.WARD_COUNCILLOR, area=ward, start_date=today - dt.timedelta(days=400))  # not new
    message_to(written_to, MessageStatus.SENT)
    message_to(new_lead, MessageStatus.AWAITING_CONFIRMATION)  # not confirmed: not contacted

    page = client.get(reverse("dashboard:local_new_office_holders")).content.decode()
    assert "Demoshire County Council" in page
    assert new_lead.person.name in page and new_ward.person.name in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">3</td>' in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in page
    assert "2 not yet contacted." in page
    assert written_to.person.name not in page


def shared_step(council_code: str, council_name: str, **fields):  # type: ignore[no-untyped-def]
    from kinship.localcampaigns.models import Journey, JourneyEntry

    journey = Journey.objects.create(email=f"{council_code}-{JourneyEntry.objects.count()}@example.org")
    fields.setdefault("kind", "reply")
    fields.setdefault("happened_on", timezone.localdate())
    return JourneyEntry.objects.create(
        journey=journey, council_code=council_code, council_name=council_name, **fields
    )


def test_staff_see_only_shared_steps_per_council_without_carers_details(client):
    staff(client, CAMPAIGN_EDITORS)
    shared_step(
        "E10900001",
        "Demoshire County Council",
        who="Cllr Sam Lead",
        notes="Promised a review",
        shared_at=timezone.now(),
    )
    shared_step("E10900001", "Demoshire County Council", kind="commitment", notes="Private note")
    shared_step("E06900001", "Exampleborough Council", notes="Elsewhere", shared_at=timezone.now())
    index = client.get(reverse("dashboard:local_shared_journeys")).content.decode()
    assert "Demoshire County Council" in index and "Exampleborough Council" in index
    assert "Commitment made" in index  # the status counts private steps too; their words stay private
    page = client.get(reverse("dashboard:local_shared_journeys"), {"council": "E10900001"}).content.decode()
    assert "Promised a review" in page
    assert "Private note" not in page and "Elsewhere" not in page
    assert "@example.org" not in page


def test_the_shared_steps_export_is_formula_safe(client):
    staff(client, CAMPAIGN_EDITORS)
    shared_step("E10900001", "Demoshire County Council", notes="=SUM(A1)", shared_at=timezone.now())
    shared_step("E10900001", "Demoshire County Council", notes="Not shared")
    response = client.get(reverse("dashboard:local_shared_journeys_export"), {"council": "E10900001"})
    body = b"".join(response.streaming_content).decode()
    assert "'=SUM(A1)" in body and "Not shared" not in body
    assert "@example.org" not in body


def test_the_shared_steps_need_the_permission(client):
    staff(client, DATA_STEWARDS)
    assert client.get(reverse("dashboard:local_shared_journeys")).status_code == 403
    assert client.get(reverse("dashboard:local_shared_journeys_export")).status_code == 403


def test_campaign_editors_approve_a_champion_who_is_emailed_their_page(client):
    from kinship.core.models import OutboundEmail
    from kinship.supporters.models import Champion, ChampionStatus

    staff(client, CAMPAIGN_EDITORS)
    champion = Champion.objects.create(
        name="Gwen",
        email="gwen@example.com",
        postcode="XX1 1AA",
        council_code="E10900001",
        council_name="Demoshire County Council",
        offers=["group"],
        status=ChampionStatus.PENDING,
        confirmed_at=timezone.now(),
    )
    page = client.get(reverse("dashboard:champions")).content.decode()
    assert "Gwen" in page and "Run or host a local kinship support group" in page
    response = client.post(reverse("dashboard:champion_approve", args=[champion.pk]))
    assert response.status_code == 302
    champion.refresh_from_db()
    assert champion.status == ChampionStatus.APPROVED
    assert OutboundEmail.objects.filter(kind="champion_approved", to="gwen@example.com").exists()
    client.post(reverse("dashboard:champion_decline", args=[champion.pk]))
    champion.refresh_from_db()
    assert champion.status == ChampionStatus.APPROVED  # decided once


def test_approving_champions_needs_the_permission(client):
    staff(client, MODERATORS)
    assert client.get(reverse("dashboard:champions")).status_code == 403
    assert client.post(reverse("dashboard:champion_approve", args=[1])).status_code == 403

"""The staff dashboard: login and permission required; lists; resolve and reject."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from kinship.core.groups import DATA_STEWARDS, ensure_staff_groups
from kinship.core.tests.staff import login_verified
from kinship.geography.tests.factories import CouncilFactory
from kinship.representatives.models import CorrectionStatus, Role
from kinship.representatives.tests.factories import CorrectionReportFactory, OfficeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def steward(client):
    ensure_staff_groups()
    user = get_user_model().objects.create_user("steward", password="correct-horse-battery", is_staff=True)
    user.groups.add(Group.objects.get(name=DATA_STEWARDS))
    login_verified(client, user)
    return user


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("dashboard:index"))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_staff_without_the_permission_are_refused(client):
    user = get_user_model().objects.create_user("editor", password="correct-horse-battery", is_staff=True)
    login_verified(client, user)

    assert client.get(reverse("dashboard:index")).status_code == 403


def test_non_staff_with_the_permission_are_refused(client):
    ensure_staff_groups()
    user = get_user_model().objects.create_user("member", password="correct-horse-battery")
    user.groups.add(Group.objects.get(name=DATA_STEWARDS))
    client.force_login(user)

    assert client.get(reverse("dashboard:index")).status_code == 403


def test_index_counts_the_problems(client, steward):
    CouncilFactory()
    response = client.get(reverse("dashboard:index"))

    assert response.status_code == 200
    assert "1 children's-services council has no current lead member" in response.content.decode()


def test_councils_without_a_lead_member_are_listed(client, steward):
    CouncilFactory(name="Leaderless Borough")
    covered = CouncilFactory(name="Covered Borough")
    OfficeFactory(area=covered, role=Role.LEAD_MEMBER_CHILDREN)

    body = client.get(reverse("dashboard:lead_member_gaps")).content.decode()

    assert "Leaderless Borough" in body and "Covered Borough" not in body


def test_stale_offices_are_listed(client, steward):
    office = OfficeFactory(last_checked_on=None)

    body = client.get(reverse("dashboard:stale")).content.decode()

    assert office.person.name in body and "Never" in body


def test_open_reports_are_listed(client, steward):
    report = CorrectionReportFactory(what_is_wrong="Stood down last week")

    body = client.get(reverse("dashboard:corrections")).content.decode()

    assert "Stood down last week" in body and report.office_label in body


def test_resolve_closes_a_report(client, steward):
    report = CorrectionReportFactory()

    response = client.post(reverse("dashboard:correction_resolve", args=[report.pk]), {"note": "fixed"})

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == CorrectionStatus.RESOLVED and report.handled_by == steward


def test_reject_closes_a_report(client, steward):
    report = CorrectionReportFactory()

    client.post(reverse("dashboard:correction_reject", args=[report.pk]))

    report.refresh_from_db()
    assert report.status == CorrectionStatus.REJECTED


def test_resolving_twice_shows_a_message_not_an_error(client, steward):
    report = CorrectionReportFactory(status=CorrectionStatus.REJECTED)

    response = client.post(reverse("dashboard:correction_resolve", args=[report.pk]), follow=True)

    assert response.status_code == 200
    assert "already dealt with" in response.content.decode()


def test_resolve_needs_post(client, steward):
    report = CorrectionReportFactory()

    assert client.get(reverse("dashboard:correction_resolve", args=[report.pk])).status_code == 405

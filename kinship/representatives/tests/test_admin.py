from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from kinship.core.tests.staff import login_verified
from kinship.representatives.tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "correct-horse-battery")
    login_verified(client, user)
    return client


def test_office_list_filters_by_role_source_and_staleness(admin_client):
    stale = OfficeFactory(last_checked_on=None)

    response = admin_client.get(
        reverse("admin:representatives_office_changelist"), {"staleness": "stale", "role": "ward_councillor"}
    )

    assert response.status_code == 200
    assert stale.person.name in response.content.decode()


def test_office_history_is_kept(admin_client):
    office = OfficeFactory()
    office.email = "new@example.org"
    office.save()

    response = admin_client.get(reverse("admin:representatives_office_history", args=[office.pk]))

    assert response.status_code == 200
    assert office.history.count() == 2


def test_a_steward_correcting_a_democracy_site_marks_it_kept(admin_client):
    from kinship.representatives.models import CouncilSystem, DemocracyService

    service = DemocracyService.objects.create(
        gss_code="E06000001",
        official_name="Hartlepool Borough Council",
        system=CouncilSystem.CUSTOM,
        base_url="https://www.hartlepool.gov.uk/councillors",
    )
    url = reverse("admin:representatives_democracyservice_change", args=[service.pk])
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(
        url,
        {
            "gss_code": "E06000001",
            "local_authority_code": "HPL",
            "official_name": "Hartlepool Borough Council",
            "council": "",
            "system": CouncilSystem.MODERNGOV,
            "base_url": "https://moderngov.hartlepool.gov.uk",
        },
    )

    assert response.status_code == 302
    service.refresh_from_db()
    assert (service.system, service.base_url, service.edited_by_staff) == (
        CouncilSystem.MODERNGOV,
        "https://moderngov.hartlepool.gov.uk",
        True,
    )

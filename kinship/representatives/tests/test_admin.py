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

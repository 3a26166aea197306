"""The console home: every group reaches it and sees the areas its role opens, with counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kinship.campaigns.tests.factories import ActionFactory
from kinship.dashboard.tests.helpers import message, staff_in, submission
from kinship.messaging.models import MessageStatus
from kinship.representatives.models import DemocracyService, SyncResult
from kinship.supporters.models import DataRequestKind, DataRequestLog

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["editor", "steward", "moderator"])
def test_every_staff_group_reaches_the_console_home(client, role):
    staff_in(client, role)

    assert client.get(reverse("dashboard:index")).status_code == 200


def test_staff_in_no_group_are_refused(client):
    staff_in(client, "none")

    assert client.get(reverse("dashboard:index")).status_code == 403


def test_a_moderator_sees_the_queue_size_and_not_data_health(client):
    staff_in(client, "moderator")
    sub = submission(ActionFactory())
    message(sub, status=MessageStatus.WITHHELD)
    message(sub, status=MessageStatus.WITHHELD)
    message(sub, status=MessageStatus.SENT)

    body = client.get(reverse("dashboard:index")).content.decode()

    assert "2 messages held for a decision" in body
    assert "correction report" not in body
    assert "Data protection requests" not in body


def test_a_steward_sees_data_health_with_failed_syncs_and_data_requests(client):
    staff_in(client, "steward")
    DemocracyService.objects.create(
        gss_code="E06000001",
        official_name="Demo Council",
        system="moderngov",
        base_url="https://democracy.example.org",
        last_sync_result=SyncResult.FAILED,
    )
    DataRequestLog.objects.create(kind=DataRequestKind.ERASURE, supporter_id_at_time=7, handled_by="steward")

    body = client.get(reverse("dashboard:index")).content.decode()

    assert "1 council whose last sync failed" in body
    assert "0 open correction reports" in body
    assert "1 copy or erasure done in the last 30 days" in body
    assert "held for a decision" not in body


def test_an_editor_does_not_see_moderation_or_data_health(client):
    staff_in(client, "editor")

    body = client.get(reverse("dashboard:index")).content.decode()

    assert "Petitions and open letters" in body
    assert "held for a decision" not in body and "correction report" not in body

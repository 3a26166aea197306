"""Data-protection requests entered by staff: only data stewards see and do them; each has its
one-month deadline, status and handler; a copy is downloaded and an erasure done from the
console, each recorded as done without keeping the data."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from kinship.dashboard.tests.helpers import staff_in
from kinship.supporters.models import DataRequest, DataRequestLog, DataRequestStatus, Supporter
from kinship.supporters.services import one_month_after
from kinship.supporters.tests.factories import SupporterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def supporter():
    return SupporterFactory(email="ada@example.org", name="Ada Lovelace", postcode="XX1 1AA")


def _enter(client, kind, email="Ada@Example.org", received_on=None):
    return client.post(
        reverse("dashboard:data_request_new"),
        {
            "kind": kind,
            "channel": "post",
            "email": email,
            "received_on": (received_on or timezone.localdate()).isoformat(),
        },
        follow=True,
    )


@pytest.mark.parametrize("role,status", [("steward", 200), ("editor", 403), ("moderator", 403)])
def test_only_data_stewards_see_data_requests(client, role, status):
    staff_in(client, role)

    assert client.get(reverse("dashboard:data_requests")).status_code == status


def test_a_moderator_cannot_enter_or_do_a_request(client, supporter):
    staff_in(client, "moderator")
    record = DataRequest.objects.create(
        kind="erasure",
        channel="post",
        supporter=supporter,
        received_on=dt.date(2026, 11, 1),
        due_on=dt.date(2026, 12, 1),
        entered_by="someone",
    )

    assert _enter(client, "export").status_code == 403
    response = client.post(reverse("dashboard:data_request_do", args=[record.pk]), {"confirm": "yes"})

    assert response.status_code == 403
    supporter.refresh_from_db()
    assert supporter.erased_at is None


@pytest.mark.parametrize(
    "received,due",
    [
        (dt.date(2026, 11, 30), dt.date(2026, 12, 30)),
        (dt.date(2026, 1, 31), dt.date(2026, 2, 28)),
        (dt.date(2026, 12, 15), dt.date(2027, 1, 15)),
    ],
)
def test_the_deadline_is_one_calendar_month(received, due):
    assert one_month_after(received) == due


def test_a_request_by_post_is_recorded_with_its_deadline_and_handler(client, supporter):
    user = staff_in(client, "steward")

    response = _enter(client, "export", received_on=dt.date(2026, 11, 2))

    record = DataRequest.objects.get()
    assert record.supporter == supporter and record.channel == "post"
    assert record.due_on == dt.date(2026, 12, 2) and record.status == DataRequestStatus.OPEN
    assert record.handler == user.username
    body = response.content.decode()
    assert "It must be done by 2 December 2026" in body
    assert "a***@example.org" in body and "ada@example.org" not in body


def test_an_unknown_address_gets_a_kind_message_and_nothing_is_kept(client):
    staff_in(client, "steward")

    response = _enter(client, "export", email="nobody@example.org")

    assert "No supporter has that address" in response.content.decode()
    assert not DataRequest.objects.exists()


def test_a_day_in_the_future_is_refused(client, supporter):
    staff_in(client, "steward")

    response = _enter(client, "export", received_on=timezone.localdate() + dt.timedelta(days=2))

    assert "cannot be in the future" in response.content.decode()
    assert not DataRequest.objects.exists()


def test_a_copy_is_downloaded_and_recorded_as_done(client, supporter):
    user = staff_in(client, "steward")
    _enter(client, "export")
    record = DataRequest.objects.get()

    response = client.post(reverse("dashboard:data_request_do", args=[record.pk]))

    assert response["Content-Disposition"] == f'attachment; filename="data-request-{record.pk}.json"'
    assert json.loads(response.content)["supporter"]["email"] == "ada@example.org"
    record.refresh_from_db()
    assert record.status == DataRequestStatus.DONE and record.done_by == user.username
    assert DataRequestLog.objects.get().handled_by == user.username


def test_an_erasure_needs_the_identity_check_ticked(client, supporter):
    staff_in(client, "steward")
    _enter(client, "erasure")
    record = DataRequest.objects.get()

    response = client.post(reverse("dashboard:data_request_do", args=[record.pk]), follow=True)

    assert "Tick the box to say you have checked who asked" in response.content.decode()
    supporter.refresh_from_db()
    assert supporter.erased_at is None


def test_an_erasure_is_done_from_the_console_and_keeps_no_data(client, supporter):
    user = staff_in(client, "steward")
    _enter(client, "erasure")
    record = DataRequest.objects.get()

    response = client.post(
        reverse("dashboard:data_request_do", args=[record.pk]), {"confirm": "yes"}, follow=True
    )

    body = response.content.decode()
    assert "Erased" in body and "Ada" not in body
    erased = Supporter.objects.get(pk=supporter.pk)
    assert erased.erased_at is not None and erased.name == "" and "ada" not in erased.email
    record.refresh_from_db()
    assert record.status == DataRequestStatus.DONE and record.done_by == user.username
    assert DataRequestLog.objects.get(kind="erasure").handled_by == user.username
    again = client.post(
        reverse("dashboard:data_request_do", args=[record.pk]), {"confirm": "yes"}, follow=True
    )
    assert "already been done" in again.content.decode()


def test_another_steward_can_take_a_request_over(client, supporter):
    record = DataRequest.objects.create(
        kind="export",
        channel="phone",
        supporter=supporter,
        received_on=dt.date(2026, 11, 1),
        due_on=dt.date(2026, 12, 1),
        entered_by="someone",
        handler="someone",
    )
    user = staff_in(client, "steward")

    client.post(reverse("dashboard:data_request_take", args=[record.pk]))

    record.refresh_from_db()
    assert record.handler == user.username


def test_the_home_page_counts_open_requests(client, supporter):
    staff_in(client, "steward")
    _enter(client, "export")

    body = client.get(reverse("dashboard:index")).content.decode()

    assert "1 open request entered by staff" in body

"""Exports for the charity's other systems: data stewards only; consenting supporters with their
consent record and actions taken, in the documented columns; formula-safe; each export logged."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from kinship.campaigns.tests.factories import ActionFactory
from kinship.dashboard.exports import COLUMNS
from kinship.dashboard.tests.helpers import staff_in, submission
from kinship.supporters.models import ConsentRecord, SignupStatus, SupporterExportLog
from kinship.supporters.tests.factories import SignupFactory, SupporterFactory

pytestmark = pytest.mark.django_db


def _consent(supporter, given=True, version="v2"):
    return ConsentRecord.objects.create(
        supporter=supporter,
        purpose="campaign_emails",
        given=given,
        wording="Email me about campaigning",
        wording_version=version,
        language="en-gb",
        source_url="/campaigns/value-our-love/join/",
    )


def _rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize("role,status", [("steward", 200), ("editor", 403), ("moderator", 403)])
def test_only_data_stewards_may_export_supporters(client, role, status):
    staff_in(client, role)

    assert client.get(reverse("dashboard:exports")).status_code == status
    assert client.post(reverse("dashboard:exports_supporters")).status_code == status
    assert SupporterExportLog.objects.count() == (1 if status == 200 else 0)


def test_the_page_documents_every_column(client):
    staff_in(client, "steward")

    body = client.get(reverse("dashboard:exports")).content.decode()

    for name, _meaning in COLUMNS:
        assert f"<code>{name}</code>" in body


def test_consenting_supporters_come_with_their_consent_and_actions(client):
    user = staff_in(client, "steward")
    ada = SupporterFactory(email="ada@example.org", name="Ada", postcode="XX1 1AA")
    _consent(ada)
    signup = SignupFactory(supporter=ada, status=SignupStatus.CONFIRMED)
    type(signup).objects.filter(pk=signup.pk).update(confirmed_at=timezone.now())
    action = ActionFactory(title="Write to your MP")
    submission(action, email="ada@example.org", email_canonical="ada@example.org")
    submission(action, email="ada@example.org", email_canonical="ada@example.org", confirmed=False)
    withdrew = SupporterFactory()
    _consent(withdrew)
    _consent(withdrew, given=False)
    SupporterFactory()  # never consented
    erased = SupporterFactory(erased_at=timezone.now())
    _consent(erased)

    response = client.post(reverse("dashboard:exports_supporters"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    rows = _rows(response)
    assert list(rows[0]) == [name for name, _ in COLUMNS]
    assert len(rows) == 1
    row = rows[0]
    assert row["email"] == "ada@example.org" and row["postcode"] == "XX1 1AA"
    assert row["consent_wording"] == "Email me about campaigning" and row["consent_version"] == "v2"
    assert row["consent_source"] == "/campaigns/value-our-love/join/"
    assert row["campaigns_joined"] == signup.campaign.title
    assert row["actions_taken"].startswith("Write to your MP (") and row["actions_count"] == "1"
    log = SupporterExportLog.objects.get()
    assert log.exported_by == user.username and log.rows == 1


def test_the_latest_consent_counts_when_given_again(client):
    staff_in(client, "steward")
    bea = SupporterFactory()
    _consent(bea, version="v1")
    _consent(bea, given=False)
    _consent(bea, version="v3")

    rows = _rows(client.post(reverse("dashboard:exports_supporters")))

    assert [r["consent_version"] for r in rows] == ["v3"]


def test_export_cells_never_run_as_formulas(client):
    staff_in(client, "steward")
    _consent(SupporterFactory(name='=HYPERLINK("http://evil.example")', postcode="+44"))

    row = _rows(client.post(reverse("dashboard:exports_supporters")))[0]

    assert row["name"] == '\'=HYPERLINK("http://evil.example")'
    assert row["postcode"] == "'+44"


def test_the_export_is_not_a_get(client):
    staff_in(client, "steward")

    assert client.get(reverse("dashboard:exports_supporters")).status_code == 405
    assert not SupporterExportLog.objects.exists()

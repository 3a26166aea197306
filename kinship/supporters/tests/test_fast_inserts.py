"""A join through the compiled INSERTs (kinship.core.inserts, issue 17) stores the same rows as
through the ORM; a new address costs no savepoint, and a known one is still found by the unique
constraint."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from kinship.campaigns.tests.factories import CampaignFactory
from kinship.core import inserts
from kinship.core.models import OutboundEmail
from kinship.core.tests.rows import row_values, written_statements
from kinship.supporters import services
from kinship.supporters.models import ConsentRecord, Signup, Supporter

pytestmark = pytest.mark.django_db

TIMES = ["created_at", "updated_at"]


def _join(campaign: Any, **overrides: Any) -> Signup:
    data = {
        "name": "Grace Example",
        "email": "grace@example.org",
        "postcode": "SW1A 1AA",
        "is_kinship_carer": "yes",
        "consent_contact": True,
        **overrides,
    }
    return services.supporter_join(
        campaign=campaign,
        data=services.JoinInput(**data),
        source_url="http://testserver/campaigns/x/join/",
        language="cy",
    )


def _join_and_read(campaign: Any) -> dict[str, Any]:
    signup = _join(campaign)
    email = OutboundEmail.objects.get()
    context = dict(email.context)
    # Made from the new keys: right for these rows, whichever path made them.
    assert services.signup_from_token(context.pop("confirm_url").rstrip("/").rpartition("/")[2]) == signup
    context.pop("unsubscribe_url")
    headers = dict(email.headers)
    headers.pop("List-Unsubscribe", None)
    written = {
        "supporter": row_values(signup.supporter, ignore=TIMES),
        "signup": row_values(signup, ignore=[*TIMES, "confirmation_sent_at", "supporter"]),
        "consent": row_values(ConsentRecord.objects.get(), ignore=["recorded_at", "supporter"]),
        "email": {**row_values(email, ignore=["created_at"]), "context": context, "headers": headers},
    }
    for model in (ConsentRecord, Signup, Supporter, OutboundEmail):
        model.objects.all().delete()
    return written


def test_the_fast_path_and_the_orm_store_the_same_join(monkeypatch):
    campaign = CampaignFactory()
    fast = _join_and_read(campaign)
    monkeypatch.setattr(inserts, "enabled", False)
    assert fast == _join_and_read(campaign)


@pytest.mark.django_db(transaction=True)
def test_a_join_is_four_inserts_in_one_transaction_without_a_savepoint():
    campaign = CampaignFactory()
    with CaptureQueriesContext(connection) as queries:
        _join(campaign)
    assert written_statements(queries.captured_queries) == [
        "BEGIN",
        "INSERT supporters_supporter",
        "INSERT supporters_signup",
        "INSERT supporters_consentrecord",
        "INSERT core_outboundemail",
        "COMMIT",
    ]


@pytest.mark.django_db(transaction=True)
def test_a_known_address_is_found_by_the_unique_constraint_and_updated():
    campaign = CampaignFactory()
    first = _join(campaign, consent_contact=False)
    second = _join(campaign, name="Grace Second", consent_contact=False)
    assert second.pk == first.pk and Supporter.objects.count() == 1
    assert Supporter.objects.get().name == "Grace Second"  # not confirmed yet: the latest details win
    assert OutboundEmail.objects.count() == 2


def test_a_refused_row_raises_djangos_integrity_error_and_the_transaction_goes_on():
    inserts.insert_row(Supporter(email="grace@example.org", name="Grace"))
    with pytest.raises(IntegrityError), transaction.atomic():
        inserts.insert_row(Supporter(email="grace@example.org", name="Grace again"))
    assert not inserts.insert_row_unless_conflict(Supporter(email="grace@example.org", name="Grace"))
    assert Supporter.objects.get().name == "Grace"

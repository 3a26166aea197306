"""A submission through the compiled INSERTs (kinship.core.inserts, issue 17) stores the same
rows as through the ORM, and is three INSERTs in one transaction."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from kinship.core import inserts
from kinship.core.models import OutboundEmail
from kinship.core.tests.rows import row_values, table_values, written_statements
from kinship.core.tests.signed_links import assert_same_signed_link
from kinship.messaging import services, tokens
from kinship.messaging.models import Message, Submission
from kinship.messaging.services.links import confirm_url
from kinship.messaging.tests.factories import BODY, submission_data

pytestmark = pytest.mark.django_db

TIMES = ["created_at", "updated_at", "confirmation_sent_at"]


def _submit_and_read(action: Any) -> dict[str, Any]:
    """Submit, read back every row the write made, then remove them (so the same input can be
    written again without being a repeat)."""
    submission = services.submission_create(action=action, data=submission_data(), language="cy")
    email = OutboundEmail.objects.get()
    context = dict(email.context)
    # The one value made from the new key: right for this submission, whichever path made it.
    with translation.override("cy"):
        assert_same_signed_link(context.pop("confirm_url"), confirm_url(submission), salt=tokens.CONFIRM_SALT)
    written = {
        "submission": row_values(submission, ignore=TIMES),
        "messages": table_values(Message, ignore=[*TIMES, "submission"]),
        "email": {**row_values(email, ignore=["created_at"]), "context": context},
        "returned": sorted(m.pk for m in submission.created_messages),
    }
    assert written["returned"] == sorted(Message.objects.values_list("pk", flat=True))
    Message.objects.all().delete()
    Submission.objects.all().delete()
    OutboundEmail.objects.all().delete()
    written.pop("returned")
    return written


def test_the_fast_path_and_the_orm_store_the_same_submission(action, monkeypatch):
    fast = _submit_and_read(action)
    monkeypatch.setattr(inserts, "enabled", False)
    orm = _submit_and_read(action)
    assert len(fast["messages"]) > 1
    assert fast == orm


@pytest.mark.django_db(transaction=True)
def test_a_submission_is_three_inserts_in_one_transaction(client, action, mail):
    payload = {
        "postcode": "XX1 1AA",
        "first_name": "Gwen",
        "last_name": "Jones",
        "email": "gwen.jones@example.com",
        "address_line1": "1 Maple Road",
        "town": "Fictionham",
        "subject": "Kinship care",
        "body": BODY,
    }
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            f"/api/v1/actions/{action.slug}/submissions", json.dumps(payload), content_type="application/json"
        )
    assert response.status_code == 202
    assert written_statements(queries.captured_queries) == [
        "BEGIN",
        "INSERT messaging_submission",
        "INSERT messaging_message",
        "INSERT core_outboundemail",
        "COMMIT",
    ]

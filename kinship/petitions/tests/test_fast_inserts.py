"""A signature through the compiled INSERTs (kinship.core.inserts, issue 17) stores the same
rows as through the ORM, is two INSERTs in one transaction, and a repeat is still found by the
unique constraint."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinship.core import inserts
from kinship.core.models import OutboundEmail
from kinship.core.tests.rows import row_values, written_statements
from kinship.core.tests.signed_links import assert_same_signed_link
from kinship.petitions import services, tokens
from kinship.petitions.models import Signature
from kinship.petitions.tests.helpers import sign

pytestmark = pytest.mark.django_db


def _sign_and_read(petition: Any) -> dict[str, Any]:
    assert sign(petition, consent=True, show_name=True) == services.SignOutcome.NEW
    signature, email = Signature.objects.get(), OutboundEmail.objects.get()
    context = dict(email.context)
    assert_same_signed_link(
        context.pop("confirm_url"), services.confirm_url(signature), salt=tokens.CONFIRM_SALT
    )
    written = {
        "signature": row_values(signature, ignore=["created_at"]),
        "email": {**row_values(email, ignore=["created_at"]), "context": context},
    }
    Signature.objects.all().delete()
    OutboundEmail.objects.all().delete()
    return written


def test_the_fast_path_and_the_orm_store_the_same_signature(petition, monkeypatch):
    fast = _sign_and_read(petition)
    monkeypatch.setattr(inserts, "enabled", False)
    assert fast == _sign_and_read(petition)


@pytest.mark.django_db(transaction=True)
def test_a_signature_is_two_inserts_in_one_transaction(petition):
    with CaptureQueriesContext(connection) as queries:
        assert sign(petition) == services.SignOutcome.NEW
    assert written_statements(queries.captured_queries) == [
        "BEGIN",
        "INSERT petitions_signature",
        "INSERT core_outboundemail",
        "COMMIT",
    ]


@pytest.mark.django_db(transaction=True)
def test_a_repeat_is_still_found_by_the_unique_constraint(petition):
    assert sign(petition) == services.SignOutcome.NEW
    assert sign(petition, email="ANN@example.org ") == services.SignOutcome.REPEAT
    assert Signature.objects.count() == 1
    assert list(OutboundEmail.objects.order_by("pk").values_list("kind", flat=True)) == [
        "petition_confirmation",
        "petition_repeat",
    ]

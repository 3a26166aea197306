"""The compiled INSERTs of the public write paths (kinship.core.inserts, issue 17) store exactly
what `save()` and `bulk_create()` store, in one statement, and step aside for a model with a
save signal receiver."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, models
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext

from kinship.core import inserts
from kinship.core.models import OutboundEmail
from kinship.core.tests.rows import row_values

pytestmark = pytest.mark.django_db


def _email(**overrides: Any) -> OutboundEmail:
    fields: dict[str, Any] = {
        "kind": "message_confirmation",
        "to": "ann@example.org",
        "subject": "",
        "text_body": "",
        "template": "messaging/email/confirm",
        "context": {"name": "Ann", "recipients": ["Jo Bloggs MP (MP)"], "letter": False, "days": 7},
        "language": "cy",
        "headers": {"List-Unsubscribe": "<https://example.org/u/x/>"},
    }
    return OutboundEmail(**{**fields, **overrides})


def test_insert_row_stores_the_same_row_as_save():
    fast, saved = _email(), _email()
    inserts.insert_row(fast)
    saved.save()
    assert fast.pk and fast.pk != saved.pk
    assert not fast._state.adding
    assert row_values(fast, ignore=["created_at"]) == row_values(saved, ignore=["created_at"])
    assert fast.created_at is not None  # auto_now_add stamped the instance, as save() does
    assert OutboundEmail.objects.get(pk=fast.pk).created_at == fast.created_at


def test_insert_rows_gives_each_row_its_own_key_in_order():
    rows = [_email(kind=f"kind-{i}", to=f"p{i}@example.org") for i in range(3)]
    inserts.insert_rows(rows)
    assert [row.pk for row in rows] == sorted(row.pk for row in rows)
    for row in rows:
        assert OutboundEmail.objects.get(pk=row.pk).kind == row.kind


def test_one_row_or_several_is_one_statement():
    with CaptureQueriesContext(connection) as one:
        inserts.insert_row(_email())
    with CaptureQueriesContext(connection) as three:
        inserts.insert_rows([_email(), _email(), _email()])
    assert len(one.captured_queries) == 1 and len(three.captured_queries) == 1
    assert all(q["sql"].startswith("INSERT") for q in one.captured_queries + three.captured_queries)


def test_turned_off_it_saves_through_the_orm_with_the_same_result(monkeypatch):
    fast = _email()
    inserts.insert_row(fast)
    monkeypatch.setattr(inserts, "enabled", False)
    slow = _email()
    inserts.insert_row(slow)
    assert row_values(fast, ignore=["created_at"]) == row_values(slow, ignore=["created_at"])


def test_a_model_with_a_save_receiver_is_saved_through_save_so_the_receiver_runs():
    seen: list[tuple[int, bool]] = []

    def receiver(sender: Any, instance: OutboundEmail, created: bool, **kwargs: Any) -> None:
        seen.append((instance.pk, created))

    post_save.connect(receiver, sender=OutboundEmail, dispatch_uid="test-inserts-receiver")
    try:
        row = inserts.insert_row(_email())
    finally:
        post_save.disconnect(sender=OutboundEmail, dispatch_uid="test-inserts-receiver")
    assert seen == [(row.pk, True)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_on_postgresql_the_insert_is_a_prepared_statement_with_the_same_row():
    fast, saved = _email(), _email()
    inserts.insert_row(fast)
    for _ in range(20):  # Django's own statements are never prepared, however often they run
        saved = _email()
        saved.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    assert len(statements) == 1 and statements[0].startswith('INSERT INTO "core_outboundemail"')
    assert row_values(fast, ignore=["created_at"]) == row_values(saved, ignore=["created_at"])


def test_values_go_as_they_are_only_where_django_would_hand_them_over_unchanged():
    class Shouting(models.CharField):
        def get_prep_value(self, value: Any) -> Any:
            return str(value).upper()

    meta = OutboundEmail._meta
    text, json, when = meta.get_field("to"), meta.get_field("context"), meta.get_field("sent_at")
    assert inserts._as_is(text, connection) == (str, True)
    assert text.get_db_prep_save("Ann", connection=connection) == "Ann"
    assert inserts._as_is(when, connection) == (None, True)
    assert when.get_db_prep_save(None, connection=connection) is None
    assert inserts._as_is(json, connection) == (None, False)  # JSON is adapted
    assert inserts._as_is(Shouting(max_length=5), connection) == (None, False)
    assert inserts._as_is(models.BooleanField(), connection) == (bool, True)

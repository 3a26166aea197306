"""`rows_update`: the drain records each sent row with one statement written once, doing what the
ORM's `filter(pk__in=..., status=...).update(...)` did (on SQLite and PostgreSQL alike)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from kinship.core.inserts import rows_update
from kinship.core.models import OutboundEmail, OutboundEmailStatus


def row(status: str) -> OutboundEmail:
    return OutboundEmail.objects.create(
        kind="test", to="a@example.org", subject="s", text_body="t", status=status
    )


@pytest.mark.django_db
def test_only_the_named_rows_still_in_the_status_change_and_are_counted():
    sending, other, already_sent = row("sending"), row("sending"), row("sent")
    at = timezone.now() - dt.timedelta(minutes=3)
    changed = rows_update(
        OutboundEmail,
        [sending.pk, already_sent.pk],
        where_status=OutboundEmailStatus.SENDING,
        status=OutboundEmailStatus.SENT,
        sent_at=at,
        last_error="",
    )
    assert changed == 1
    sending.refresh_from_db()
    assert (sending.status, sending.sent_at, sending.last_error) == ("sent", at, "")
    assert OutboundEmail.objects.get(pk=other.pk).status == "sending"
    assert OutboundEmail.objects.get(pk=already_sent.pk).sent_at is None


@pytest.mark.django_db
def test_each_shape_of_statement_is_right_whatever_was_written_before():
    rows = [row("sending") for _ in range(4)]
    at = timezone.now()
    assert rows_update(OutboundEmail, [rows[0].pk], where_status="sending", status="sent", sent_at=at) == 1
    assert (
        rows_update(
            OutboundEmail, [r.pk for r in rows[1:3]], where_status="sending", status="sent", sent_at=at
        )
        == 2
    )
    assert rows_update(OutboundEmail, [rows[3].pk], where_status="sending", last_error="x") == 1
    assert rows_update(OutboundEmail, [], where_status="sending", status="sent") == 0
    statuses = list(OutboundEmail.objects.order_by("pk").values_list("status", "last_error"))
    assert statuses == [("sent", ""), ("sent", ""), ("sent", ""), ("sending", "x")]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
@pytest.mark.django_db
def test_on_postgresql_the_update_is_a_prepared_statement():
    rows = [row("sending") for _ in range(3)]
    at = timezone.now()
    for one in rows[:2]:
        assert rows_update(OutboundEmail, [one.pk], where_status="sending", status="sent", sent_at=at) == 1
    assert rows_update(OutboundEmail, [rows[0].pk], where_status="sending", status="sent", sent_at=at) == 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [r[0] for r in cursor.fetchall()]
    assert len(statements) == 1 and statements[0].startswith('UPDATE "core_outboundemail"')
    assert list(OutboundEmail.objects.order_by("pk").values_list("status", "sent_at")) == [
        ("sent", at),
        ("sent", at),
        ("sending", None),
    ]

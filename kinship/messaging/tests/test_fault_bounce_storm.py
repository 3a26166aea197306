"""Fault test: a bounce storm. 1,000 provider webhook events, authenticated, from four
connections at once (some duplicated, some for messages we never sent, some not bounces):
each bounced message is marked once, each carer gets one notice, no server errors."""

from __future__ import annotations

import random
import threading
import uuid

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from kinship.core.models import OutboundEmail
from kinship.messaging.models import Message, MessageStatus
from kinship.messaging.tests.conftest import submit_and_confirm
from kinship.messaging.tests.test_bounces import URL, auth, postmark_bounce, provider  # noqa: F401

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True)]

CARERS = 150
COPIES = 5  # each bounce arrives five times: 750 events
UNKNOWN = 150  # bounces for messages that are not ours
NOT_BOUNCES = 100  # deliveries and auto-replies for the carers' other messages
THREADS = 4


def _delivery(message_id: str, record_type: str) -> str:
    import json

    if record_type == "Delivery":
        return json.dumps({"RecordType": "Delivery", "MessageID": message_id, "Recipient": "x@example.org"})
    return json.dumps({"RecordType": "Bounce", "Type": "AutoResponder", "MessageID": message_id, "ID": 1})


def test_a_bounce_storm_marks_each_message_once_and_tells_each_carer_once(action, provider, settings):  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.skip("the storm posts from several connections at once, which needs PostgreSQL")
    settings.EMAIL_BACKEND = "kinship.core.mail.ModeEmailBackend"
    settings.KINSHIP_MAIL_MODE = "capture"
    settings.KINSHIP_MESSAGE_DAILY_CAP_PER_TARGET = 100_000
    submit_and_confirm(action, n=CARERS)
    messages = list(Message.objects.all())
    for message in messages:  # as if sent through the provider, which gave each its own id
        message.status = MessageStatus.SENT
        message.sent_at = timezone.now()
        message.esp_message_id = str(uuid.uuid4())
    Message.objects.bulk_update(messages, ["status", "sent_at", "esp_message_id"])
    bounced = [m for m in messages if m.recipient_role == "mp"]
    others = [m for m in messages if m.recipient_role != "mp"]
    assert len(bounced) == CARERS

    events = [postmark_bounce(message_id=m.esp_message_id) for m in bounced for _ in range(COPIES)]
    events += [postmark_bounce() for _ in range(UNKNOWN)]
    events += [
        _delivery(m.esp_message_id, "Delivery" if i % 2 else "AutoResponder")
        for i, m in enumerate(others[:NOT_BOUNCES])
    ]
    assert len(events) == 1000
    random.Random(11).shuffle(events)

    statuses: list[int] = []
    lock = threading.Lock()

    def post(share: list[str]) -> None:
        client = Client()
        try:
            for body in share:
                code = client.post(URL, body, content_type="application/json", **auth()).status_code
                with lock:
                    statuses.append(code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(events[i::THREADS],)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert len(statuses) == 1000
    server_errors = sum(1 for code in statuses if code >= 500)
    # Partial: a bounced message with no failure time, or a notice without its bounce (or the reverse).
    bounced_rows = Message.objects.filter(status=MessageStatus.BOUNCED)
    partial = bounced_rows.filter(failed_at__isnull=True).count() + abs(
        bounced_rows.count() - OutboundEmail.objects.filter(kind="message_failed").count()
    )
    print(
        f"bounce storm: {len(messages)} messages sent, 1000 events, {bounced_rows.count()} marked bounced, "
        f"{server_errors} server errors, statuses {sorted(set(statuses))}, {partial} partial rows"
    )
    assert partial == 0
    assert set(statuses) == {200}
    assert set(Message.objects.filter(recipient_role="mp").values_list("status", flat=True)) == {
        MessageStatus.BOUNCED
    }
    assert set(Message.objects.exclude(recipient_role="mp").values_list("status", flat=True)) == {
        MessageStatus.SENT
    }
    notices = list(OutboundEmail.objects.filter(kind="message_failed").values_list("to", flat=True))
    assert len(notices) == CARERS
    assert len(set(notices)) == CARERS

"""Concurrency: two workers at once, and a double-clicked confirm racing itself.

PostgreSQL only: see `concurrency.py` for why."""

from __future__ import annotations

from collections import Counter

import pytest
from django.utils import timezone

from kinship.campaigns.tests.factories import ActionFactory
from kinship.messaging import services, tokens
from kinship.messaging.models import Message, MessageStatus
from kinship.messaging.tasks import message_send
from kinship.messaging.tests.concurrency import in_threads, needs_postgres
from kinship.messaging.tests.conftest import run_worker, submit_and_confirm
from kinship.messaging.tests.factories import submission_data

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_workers_at_once_never_send_a_message_twice(place, smtp, db_tasks):
    needs_postgres()
    submit_and_confirm(ActionFactory(), n=15)
    # Every message queued a second time as well, as a lost-task recovery might.
    for pk in Message.objects.values_list("pk", flat=True):
        message_send.enqueue(pk)
    errors = in_threads(lambda: run_worker(worker_id="w1"), lambda: run_worker(worker_id="w2"))
    assert errors == []
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.SENT}
    ids = Counter(
        str(m["Message-ID"]) for m in smtp.inbox.messages if str(m["Message-ID"]).startswith("<message-")
    )
    assert len(ids) == 30
    assert set(ids.values()) == {1}


def test_double_clicked_confirm_racing_itself_sends_once(action, smtp, db_tasks):
    needs_postgres()
    sub = services.submission_create(action=action, data=submission_data(), language="en-gb")
    token = tokens.make_token(sub.pk, salt=tokens.CONFIRM_SALT)
    errors = in_threads(*[lambda: services.submission_confirm(token=token) for _ in range(4)])
    assert errors == []
    run_worker()
    assert len(smtp.inbox.to("mp@parliament.example.org")) == 1
    assert len(smtp.inbox.to("lead.member@demoshire.example.org")) == 1


def test_concurrent_confirms_never_exceed_the_daily_cap(place, smtp, db_tasks, settings):
    needs_postgres()
    settings.KINSHIP_MESSAGE_DAILY_CAP_PER_TARGET = 3
    action = ActionFactory(target_roles=["mp"])
    tokens_ = [
        tokens.make_token(
            services.submission_create(
                action=action, data=submission_data(email=f"carer{i}@example.com"), language="en-gb"
            ).pk,
            salt=tokens.CONFIRM_SALT,
        )
        for i in range(8)
    ]
    errors = in_threads(*[lambda t=t: services.submission_confirm(token=t) for t in tokens_])
    assert errors == []
    now = timezone.now()
    assert Message.objects.filter(status=MessageStatus.QUEUED, send_after__lte=now).count() == 3
    assert Message.objects.filter(status=MessageStatus.QUEUED, send_after__gt=now).count() == 5
    run_worker()
    assert len(smtp.inbox.to("mp@parliament.example.org")) == 3

"""One sender never poisons a batch (issue 11 item 3). An address with a "/" in it (valid, and
accepted everywhere) works on every page and in every link, because links carry a signed id
and never an address; an error recording one row's outcome never touches another row; a
periodic job's trouble with one item never stops the others."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from kinship.core.models import OutboundEmail, OutboundEmailStatus
from kinship.core.outbox import drain_until_empty
from kinship.messaging import services, tokens
from kinship.messaging.models import Message, MessageStatus, Submission
from kinship.messaging.services import delivery, followups
from kinship.messaging.tests.factories import BODY, submission_data

pytestmark = pytest.mark.django_db

SLASHED = "o/brien@example.com"
GONE = "gone@parliament.example.org"


def _local(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def _submit_and_confirm(action, email: str, i: int = 0) -> Submission:  # type: ignore[no-untyped-def]
    sub = services.submission_create(
        action=action, data=submission_data(email=email, body=f"{BODY} ({i})"), language="en-gb"
    )
    services.submission_confirm(token=tokens.make_token(sub.pk, salt=tokens.CONFIRM_SALT))
    return sub


def test_links_carry_a_signed_id_never_the_address(action, mail):
    sub = services.submission_create(action=action, data=submission_data(email=SLASHED), language="en-gb")
    for url in (services.my_actions_url(sub), services.confirm_url(sub)):
        assert "@" not in url and "%40" not in url and "brien" not in url


def test_a_sender_with_a_slash_in_their_address_can_confirm_and_see_their_actions(
    client, action, place, mail, django_capture_on_commit_callbacks
):
    form = {
        "postcode": "XX1 1AA",
        "targets": [f"o{place.mp.pk}"],
        "first_name": "Aoife",
        "last_name": "O'Brien",
        "email": SLASHED,
        "address_line1": "1 Maple Road",
        "town": "Fictionham",
        "subject": "Kinship care",
        "body": BODY,
        "send": "1",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("messaging:action_write", args=[action.slug]), form).status_code == 302
    confirm = re.search(r"(/messages/confirm/[^\s]+/)", mail.get(to=SLASHED).text_body)
    assert confirm
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(confirm.group(1), follow=True)
    assert page.status_code == 200
    assert mail.filter(to="mp@parliament.example.org").count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(reverse("messaging:my_actions_request"), {"email": SLASHED})
    assert asked.status_code == 200
    link = re.search(r"(/my-actions/[^\s]+/)", mail.filter(to=SLASHED).order_by("-pk").first().text_body)
    assert link
    mine = client.get(link.group(1))
    assert mine.status_code == 200 and "Alex Member MP" in mine.content.decode()


def test_the_follow_up_job_asks_a_sender_with_a_slash_in_their_address(action, mail, settings):
    sub = services.submission_create(action=action, data=submission_data(email=SLASHED), language="en-gb")
    services.submission_confirm(token=tokens.make_token(sub.pk, salt=tokens.CONFIRM_SALT))
    Message.objects.update(status=MessageStatus.SENT, sent_at=timezone.now() - timezone.timedelta(days=15))
    assert services.followups_send() == 1
    assert OutboundEmail.objects.filter(kind="message_followup", to=SLASHED).count() == 1


def test_one_carer_the_follow_up_job_cannot_ask_does_not_stop_the_others(action, mail, monkeypatch):
    subs = [_submit_and_confirm(action, f"carer{i}@example.com", i) for i in range(3)]
    Message.objects.update(status=MessageStatus.SENT, sent_at=timezone.now() - timezone.timedelta(days=15))
    real = followups.reply_url

    def broken_for_the_second(message):  # type: ignore[no-untyped-def]
        if message.submission_id == subs[1].pk:
            raise RuntimeError("cannot make this link")
        return real(message)

    monkeypatch.setattr(followups, "reply_url", broken_for_the_second)
    assert services.followups_send() == 2
    asked = set(OutboundEmail.objects.filter(kind="message_followup").values_list("to", flat=True))
    assert asked == {"carer0@example.com", "carer2@example.com"}
    # The one that failed was not marked as asked: the next run tries again.
    assert not Message.objects.filter(submission=subs[1], followup_sent_at__isnull=False).exists()


def test_an_error_telling_one_sender_leaves_every_other_row_alone(action, smtp, monkeypatch, db_tasks):
    """The failure notice for one bounced row cannot be made: that row is still recorded
    failed, and every other row in the batch is delivered and recorded."""
    smtp.inbox.reject_rcpt[GONE] = "550 5.1.1 No such user"
    subs = [_submit_and_confirm(action, f"carer{i}@example.com", i) for i in range(4)]
    poisoned = subs[0].messages.get(recipient_role="mp")
    Message.objects.filter(pk=poisoned.pk).update(recipient_email=GONE)

    def cannot_tell(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("notice cannot be made")

    monkeypatch.setattr(delivery, "_notify_sender_failed", cannot_tell)
    assert services.messages_drain() == 8
    statuses = dict(Message.objects.values_list("pk", "status"))
    assert statuses.pop(poisoned.pk) == MessageStatus.FAILED
    assert set(statuses.values()) == {MessageStatus.SENT}
    assert len(smtp.inbox.messages) == 7


@pytest.mark.fault
@pytest.mark.django_db(transaction=True)
def test_fault_a_poisoned_address_in_a_batch_with_a_bouncing_recipient(action, smtp, db_tasks, settings):
    """18 rows in one batch (nine carers, two recipients each); one carer's address has a "/"
    and their MP's server refuses the message. Every deliverable row is delivered once, the
    refused one is recorded failed, and its sender is told; nobody is left untold."""
    if connection.vendor != "postgresql":
        pytest.skip("fault tests run against PostgreSQL (DATABASE_URL=postgres://...)")
    settings.KINSHIP_MESSAGE_DAILY_CAP_PER_TARGET = 100_000
    smtp.inbox.reject_rcpt[GONE] = "550 5.1.1 No such user"
    subs = [_submit_and_confirm(action, SLASHED if i == 4 else f"carer{i}@example.com", i) for i in range(9)]
    poisoned = subs[4].messages.get(recipient_role="mp")
    Message.objects.filter(pk=poisoned.pk).update(recipient_email=GONE)
    queued = Message.objects.filter(status=MessageStatus.QUEUED).count()
    assert queued == 18

    assert services.messages_drain(limit=50) == 18  # one batch
    drain_until_empty()  # the notices

    statuses = Counter(Message.objects.values_list("status", flat=True))
    delivered = Counter(str(m["Message-ID"]) for m in smtp.inbox.messages if "example.org" in str(m["To"]))
    deliverable = {m.message_id for m in Message.objects.exclude(pk=poisoned.pk)}
    notices = OutboundEmail.objects.filter(kind="message_failed")
    lost = len(deliverable - set(delivered))
    twice = sum(1 for n in delivered.values() if n > 1)
    partial = (
        statuses[MessageStatus.SENDING]
        + statuses[MessageStatus.QUEUED]
        + (Message.objects.filter(status=MessageStatus.SENT, sent_at__isnull=True).count())
    )
    print(
        f"poisoned batch: queued {queued}, delivered {len(delivered)}, lost {lost}, sent twice {twice}, "
        f"failed {statuses[MessageStatus.FAILED]}, partial rows {partial}, notices {notices.count()}"
    )
    assert partial == 0
    assert statuses == {MessageStatus.SENT: 17, MessageStatus.FAILED: 1}
    assert set(delivered) == deliverable and lost == 0 and twice == 0
    assert [n.to for n in notices] == [SLASHED]
    notice = notices.get()
    assert notice.status == OutboundEmailStatus.SENT
    told = [m for m in smtp.inbox.to(SLASHED) if str(m["Message-ID"]) == notice.message_id]
    assert len(told) == 1  # the carer was told, once

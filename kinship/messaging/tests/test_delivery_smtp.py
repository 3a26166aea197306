"""Delivery through a real SMTP server on loopback (aiosmtpd), including the faults that matter:
the server down for a while, permanent and temporary refusals, and a worker dying mid-send."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.db import connection
from django.utils import timezone

from kinship.messaging import services, tokens
from kinship.messaging.models import Message, MessageStatus
from kinship.messaging.services import delivery
from kinship.messaging.tests.conftest import run_worker
from kinship.messaging.tests.factories import submission_data

MP = "mp@parliament.example.org"
LEAD = "lead.member@demoshire.example.org"


def submit_and_confirm(action, capture=None, **overrides):  # type: ignore[no-untyped-def]
    def go():  # type: ignore[no-untyped-def]
        sub = services.submission_create(action=action, data=submission_data(**overrides), language="en-gb")
        services.submission_confirm(token=tokens.make_token(sub.pk, salt=tokens.CONFIRM_SALT))
        return sub

    if capture is None:
        return go()
    with capture(execute=True):
        return go()


@pytest.mark.django_db
def test_each_recipient_gets_exactly_one_email_with_the_right_headers(
    action, smtp, django_capture_on_commit_callbacks
):
    submission = submit_and_confirm(action, django_capture_on_commit_callbacks)
    inbox = smtp.inbox
    assert len(inbox.to(MP)) == 1 and len(inbox.to(LEAD)) == 1
    received = inbox.to(MP)[0]
    message = submission.messages.get(recipient_role="mp")
    assert received["Message-ID"] == message.message_id
    assert "campaigns@kinship-campaigns.example.org" in received["From"]
    assert "gwen.jones@example.com" in received["Reply-To"]
    assert received.get_body(("plain",)).get_content().startswith("Dear Alex Member MP,")
    assert "1 Maple Road" in received.get_body(("html",)).get_content()
    # the sender's confirmation email went through the same server
    assert len(inbox.to("gwen.jones@example.com")) == 1


@pytest.mark.django_db
def test_a_permanent_refusal_fails_the_message_and_suggests_a_letter(
    action, smtp, django_capture_on_commit_callbacks
):
    smtp.inbox.reject_rcpt[MP] = "550 5.1.1 Mailbox does not exist"
    submission = submit_and_confirm(action, django_capture_on_commit_callbacks)
    message = submission.messages.get(recipient_role="mp")
    assert message.status == MessageStatus.FAILED
    assert message.last_smtp_code == 550
    assert "parliament" not in message.last_error  # addresses scrubbed from error records
    notices = [
        m for m in smtp.inbox.to("gwen.jones@example.com") if "could not be delivered" in str(m["Subject"])
    ]
    assert len(notices) == 1
    assert "Print it as a letter" in notices[0].get_content()
    assert submission.messages.get(recipient_role="lead_member_children").status == MessageStatus.SENT


@pytest.mark.django_db(transaction=True)
def test_a_temporary_refusal_is_retried_later_and_then_delivered(action, smtp, db_tasks):
    smtp.inbox.reject_rcpt[MP] = "451 4.3.0 Try again later"
    submission = submit_and_confirm(action)
    run_worker()
    message = submission.messages.get(recipient_role="mp")
    assert message.status == MessageStatus.QUEUED and message.last_smtp_code == 451 and message.attempts == 1
    del smtp.inbox.reject_rcpt[MP]
    deadline = time.monotonic() + 15
    while message.status != MessageStatus.SENT and time.monotonic() < deadline:
        time.sleep(0.3)
        run_worker()
        message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert len(smtp.inbox.to(MP)) == 1


@pytest.mark.django_db(transaction=True)
def test_smtp_down_for_a_while_messages_wait_and_go_later_none_lost(place, smtp, db_tasks):
    from kinship.campaigns.tests.factories import ActionFactory

    action = ActionFactory()
    smtp.stop()
    submissions = [
        submit_and_confirm(action, email=f"carer{i}@example.com", body=submission_data().body + f" ({i})")
        for i in range(5)
    ]
    run_worker()  # every attempt fails: connection refused
    statuses = set(Message.objects.values_list("status", flat=True))
    assert statuses == {MessageStatus.QUEUED}
    assert all(m.last_error for m in Message.objects.all())
    assert smtp.inbox.messages == []
    smtp.start()  # the server comes back
    deadline = time.monotonic() + 20
    while Message.objects.exclude(status=MessageStatus.SENT).exists() and time.monotonic() < deadline:
        time.sleep(0.3)
        run_worker()
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.SENT}
    ids = [str(m["Message-ID"]) for m in smtp.inbox.messages if m["Message-ID"].startswith("<message-")]
    expected = {m.message_id for s in submissions for m in s.messages.all()}
    assert sorted(ids) == sorted(expected)  # every message, each exactly once


class WorkerKilled(BaseException):
    """Stands in for SIGKILL: not an Exception, so nothing catches and records it."""


@pytest.mark.django_db
def test_worker_killed_between_send_and_record_resends_at_most_once(
    action, smtp, monkeypatch, django_capture_on_commit_callbacks
):
    real_record = delivery._record_sent

    def die(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise WorkerKilled

    monkeypatch.setattr(delivery, "_record_sent", die)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sub = services.submission_create(action=action, data=submission_data(), language="en-gb")
        services.submission_confirm(token=tokens.make_token(sub.pk, salt=tokens.CONFIRM_SALT))
    assert callbacks  # queued after commit; here we deliver by hand to control the crash
    message = sub.messages.get(recipient_role="mp")
    with pytest.raises(WorkerKilled):
        services.message_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == MessageStatus.SENDING and len(smtp.inbox.to(MP)) == 1

    # Recovery after the stale window: re-sent once, and this time it dies again.
    later = timezone.now() + dt.timedelta(minutes=11)
    services.messages_recover_stale(now=later)  # the task backend records the crash of the task
    message.refresh_from_db()
    assert message.status == MessageStatus.SENDING and message.resends == 1
    assert len(smtp.inbox.to(MP)) == 2

    # Stuck a second time: given up, never a third copy.
    monkeypatch.setattr(delivery, "_record_sent", real_record)
    services.messages_recover_stale(now=later + dt.timedelta(minutes=11))
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    copies = smtp.inbox.to(MP)
    assert len(copies) == 2
    assert {c["Message-ID"] for c in copies} == {message.message_id}  # the duplicate is visible as one


@pytest.mark.django_db
def test_worker_killed_once_then_recovered_is_sent_with_one_duplicate(action, smtp, monkeypatch):
    real_record = delivery._record_sent
    calls = {"n": 0}

    def die_once(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 1:
            raise WorkerKilled
        return real_record(*args, **kwargs)

    monkeypatch.setattr(delivery, "_record_sent", die_once)
    sub = services.submission_create(action=action, data=submission_data(target_keys=None), language="en-gb")
    services.submission_confirm(token=tokens.make_token(sub.pk, salt=tokens.CONFIRM_SALT))
    message = sub.messages.get(recipient_role="mp")
    with pytest.raises(WorkerKilled):
        services.message_deliver(message_id=message.pk)
    services.messages_recover_stale(now=timezone.now() + dt.timedelta(minutes=11))
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.resends == 1
    assert [c["Message-ID"] for c in smtp.inbox.to(MP)] == [message.message_id] * 2


def test_sqlite_note():
    """Documentation only: the fault tests above run on both databases."""
    assert connection.vendor in {"sqlite", "postgresql"}


def _as_received(message):  # type: ignore[no-untyped-def]
    headers = [(name, str(value)) for name, value in message.items() if name != "Date"]
    parts = [
        (part.get_content_type(), part.get_filename(), part["Content-Transfer-Encoding"], part.get_content())
        for part in message.walk()
        if not part.is_multipart()
    ]
    return headers, parts


def test_the_platform_backend_delivers_what_djangos_smtp_backend_delivers(smtp):
    """The bytes `kinship.core.mail.SMTPEmailBackend` writes itself (`kinship.core.mime`) arrive as
    Django's stock SMTP backend's do: a Welsh subject and sender, an HTML part, a long line,
    a calendar file and an image with a Welsh name; the same envelope."""
    import random

    from django.core.mail import EmailMultiAlternatives, get_connection

    def email() -> EmailMultiAlternatives:
        message = EmailMultiAlternatives(
            subject="Diolch am ysgrifennu at eich AS, Siân – gofalwyr sy'n berthnasau",
            body="Annwyl Siân,\n\n" + "Mae gofalwyr sy'n berthnasau yn haeddu cefnogaeth ŵyr. " * 25 + "\n",
            from_email="=?utf-8?b?U2nDom4gSm9uZXM=?= via Kinship Campaigns <campaigns@kinship-campaigns.example.org>",
            to=["mp@parliament.example.org"],
            reply_to=["Siân Jones <sian@example.cymru>"],
            headers={
                "Message-ID": "<message-7.ab12@kinship-campaigns.example.org>",
                "X-Kinship-Campaigns-Action": "as",
            },
        )
        message.attach_alternative("<p>Annwyl Siân,</p><p>Diolch – ŵyr</p>", "text/html")
        message.attach(
            "gwahoddiad.ics",
            "BEGIN:VCALENDAR\r\nSUMMARY:Cyfarfod â'r cyngor\r\nEND:VCALENDAR\r\n",
            "text/calendar",
        )
        message.attach("llun-ŵyr.png", bytes(range(256)) * 4, "image/png")
        return message

    for backend in ("django.core.mail.backends.smtp.EmailBackend", "kinship.core.mail.SMTPEmailBackend"):
        random.seed(11)  # the same MIME boundaries from both
        with get_connection(backend, host="127.0.0.1", port=smtp.port) as connection:
            assert connection.send_messages([email()]) == 1
    assert smtp.inbox.wait_for(lambda: len(smtp.inbox.messages) == 2)
    stock, ours = smtp.inbox.messages
    assert _as_received(ours) == _as_received(stock)
    assert smtp.inbox.envelopes[0] == smtp.inbox.envelopes[1]
    assert ours["Subject"].strip() == "Diolch am ysgrifennu at eich AS, Siân – gofalwyr sy'n berthnasau"
    assert [part.get_filename() for part in ours.iter_attachments()] == ["gwahoddiad.ics", "llun-ŵyr.png"]

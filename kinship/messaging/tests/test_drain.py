"""The outbox tables are the queue: the worker's drain loop claims batches of due rows and sends
each batch over one SMTP connection (WriteToThem's design). Claims, batches, per-message
results, worker-side rendering, and crash recovery."""

from __future__ import annotations

import datetime as dt
import smtplib
import threading
from collections import Counter

import pytest
from django.utils import timezone, translation

from kinship.campaigns.tests.factories import ActionFactory
from kinship.core import outbox
from kinship.core.models import OutboundEmail, OutboundEmailStatus
from kinship.messaging import services
from kinship.messaging.models import Message, MessageStatus
from kinship.messaging.services import delivery
from kinship.messaging.tests.concurrency import in_threads, needs_postgres
from kinship.messaging.tests.conftest import submit_and_confirm
from kinship.messaging.tests.factories import submission_data

MP = "mp@parliament.example.org"
LEAD = "lead.member@demoshire.example.org"


@pytest.fixture
def smtp_connects(monkeypatch):  # type: ignore[no-untyped-def]
    """Counts SMTP sessions opened (TCP connections to the server)."""
    calls = {"n": 0}
    real = smtplib.SMTP.connect

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        return real(self, *args, **kwargs)

    monkeypatch.setattr(smtplib.SMTP, "connect", counting)
    return calls


@pytest.mark.django_db
def test_a_batch_goes_over_one_smtp_connection(action, smtp, smtp_connects, db_tasks):
    subs = submit_and_confirm(action, n=4)  # db task backend: nothing sent on commit
    assert Message.objects.filter(status=MessageStatus.QUEUED).count() == 8
    assert OutboundEmail.objects.filter(status=OutboundEmailStatus.QUEUED).count() == 4
    assert smtp_connects["n"] == 0

    assert services.messages_drain() == 8
    assert smtp_connects["n"] == 1
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.SENT}
    ids = sorted(str(m["Message-ID"]) for m in smtp.inbox.messages)
    assert ids == sorted(m.message_id for s in subs for m in s.messages.all())

    assert outbox.outbound_emails_drain() == 4
    assert smtp_connects["n"] == 2  # the confirmation emails: one more connection for their batch
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {OutboundEmailStatus.SENT}
    assert services.messages_drain() == 0 and outbox.outbound_emails_drain() == 0


@pytest.mark.django_db
def test_a_failure_in_the_middle_of_a_batch_records_only_that_message(action, smtp, smtp_connects, db_tasks):
    smtp.inbox.reject_rcpt[MP] = "451 4.3.0 Try again later"
    subs = submit_and_confirm(action, n=3)
    # The second submission's lead member refuses for good.
    lead_2 = subs[1].messages.get(recipient_role="lead_member_children")
    Message.objects.filter(pk=lead_2.pk).update(recipient_email="gone@demoshire.example.org")
    smtp.inbox.reject_rcpt["gone@demoshire.example.org"] = "550 5.1.1 Mailbox does not exist"

    before = timezone.now()
    assert services.messages_drain() == 6
    assert smtp_connects["n"] == 1  # refusals leave the session usable: no reconnect

    for sub in subs:
        mp = sub.messages.get(recipient_role="mp")
        assert mp.status == MessageStatus.QUEUED and mp.last_smtp_code == 451 and mp.attempts == 1
        assert mp.send_after is not None and mp.send_after > before  # backed off, not retried at once
    lead_2.refresh_from_db()
    assert lead_2.status == MessageStatus.FAILED and lead_2.last_smtp_code == 550
    assert "demoshire" not in lead_2.last_error  # scrubbed
    for sub in (subs[0], subs[2]):
        assert sub.messages.get(recipient_role="lead_member_children").status == MessageStatus.SENT
    # The sender of the failed message is told (a service email, sent by the next drain).
    assert OutboundEmail.objects.filter(kind="message_failed", to="carer1@example.com").count() == 1
    # Nothing is due: the retries wait out their backoff.
    assert services.messages_drain() == 0

    # After the backoff the MP's server takes them; each is delivered exactly once.
    del smtp.inbox.reject_rcpt[MP]
    later = timezone.now() + dt.timedelta(hours=2)
    assert services.messages_drain(now=later) == 3
    assert {s.messages.get(recipient_role="mp").status for s in subs} == {MessageStatus.SENT}
    assert Counter(str(m["Message-ID"]) for m in smtp.inbox.to(MP)) == Counter(
        {s.messages.get(recipient_role="mp").message_id: 1 for s in subs}
    )


@pytest.mark.django_db
def test_smtp_down_every_message_in_the_batch_waits(action, smtp, db_tasks):
    submit_and_confirm(action, n=2)
    smtp.stop()
    assert services.messages_drain() == 4
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.QUEUED}
    assert all("Connection" in m.last_error or "refused" in m.last_error for m in Message.objects.all())
    smtp.start()
    assert services.messages_drain(now=timezone.now() + dt.timedelta(hours=2)) == 4
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.SENT}
    assert len(smtp.inbox.messages) == 4


@pytest.mark.django_db
def test_the_daily_cap_holds_messages_until_their_day(place, mail, settings, db_tasks):
    settings.KINSHIP_MESSAGE_DAILY_CAP_PER_TARGET = 1
    action = ActionFactory(target_roles=["mp"])
    submit_and_confirm(action, n=2)
    waiting = Message.objects.get(send_after__gt=timezone.now())
    assert services.messages_drain() == 1
    waiting.refresh_from_db()
    assert waiting.status == MessageStatus.QUEUED and waiting.attempts == 0
    assert services.messages_drain(now=waiting.send_after) == 1
    waiting.refresh_from_db()
    assert waiting.status == MessageStatus.SENT


@pytest.mark.django_db
def test_the_confirmation_email_rendered_by_the_worker_is_the_one_rendered_at_once(action, mail, db_tasks):
    for language in ("en-gb", "cy"):
        sub = services.submission_create(
            action=action, data=submission_data(email=f"{language}@example.com"), language=language
        )
        row = OutboundEmail.objects.get(kind="message_confirmation", to=f"{language}@example.com")
        # Nothing rendered in the request: template, JSON-safe context and language are stored.
        assert row.template == "messaging/email/confirm" and row.text_body == "" and row.language == language
        with translation.override(language):  # the link opens in the carer's language
            expected = services.confirm_url(sub)
        stored = row.context["confirm_url"]
        # The token is timestamped: compare the page and what the token stands for, not the
        # text (a busy machine can cross a second between the two).
        assert stored.rsplit("/", 2)[0] == expected.rsplit("/", 2)[0]
        assert services.submission_from_token(stored.rstrip("/").rsplit("/", 1)[1]).pk == sub.pk
        at_once = outbox.render_email(row.template, row.context, language)
        assert outbox.outbound_emails_drain() == 1
        captured = mail.get(to=f"{language}@example.com")
        assert (captured.subject, captured.text_body, captured.html_body) == at_once
        assert captured.message_id == row.message_id
        assert "/messages/confirm/" in captured.text_body and "Alex Member MP" in captured.text_body
        assert action.title in captured.subject
        row.refresh_from_db()
        assert row.status == OutboundEmailStatus.SENT
    english = mail.get(to="en-gb@example.com")
    assert english.subject == f"Confirm and send your message: {action.title}"
    assert "NOT been sent yet" in english.text_body
    assert mail.get(to="cy@example.com").subject != english.subject  # in Welsh


@pytest.mark.django_db
def test_a_worker_killed_mid_batch_resends_each_message_at_most_once(action, smtp, monkeypatch, db_tasks):
    class WorkerKilled(BaseException):
        pass

    submit_and_confirm(action, n=2)

    def die(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise WorkerKilled

    monkeypatch.setattr(delivery, "_record_sent_many", die)
    with pytest.raises(WorkerKilled):
        services.messages_drain()
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.SENDING}
    assert len(smtp.inbox.messages) >= 1

    monkeypatch.undo()
    later = timezone.now() + dt.timedelta(minutes=11)
    services.messages_recover_stale(now=later)
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.QUEUED}
    assert services.messages_drain(now=later) == 4
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.SENT}
    copies = Counter(str(m["Message-ID"]) for m in smtp.inbox.messages)
    assert len(copies) == 4 and max(copies.values()) <= 2  # at most one duplicate each, same Message-ID


@pytest.mark.django_db
def test_a_service_email_left_sending_is_resent_once_then_failed(mail, db_tasks):
    from kinship.core.outbox import email_enqueue, outbound_email_requeue_stale

    row = email_enqueue(kind="test", to="x@example.org", template="supporters/email/data_access", context={})
    assert outbox.claim_batch(
        OutboundEmail.objects.filter(pk=row.pk, status="queued"),
        limit=10,
        stamp_field="claimed_at",
        now=timezone.now() - dt.timedelta(minutes=30),
    ) == [row.pk]
    assert outbound_email_requeue_stale() == 1
    row.refresh_from_db()
    assert row.status == OutboundEmailStatus.QUEUED and row.resends == 1
    OutboundEmail.objects.filter(pk=row.pk).update(
        status="sending", claimed_at=timezone.now() - dt.timedelta(minutes=30)
    )
    assert outbound_email_requeue_stale() == 0
    row.refresh_from_db()
    assert row.status == OutboundEmailStatus.FAILED


# ------------------------------------------------------------ concurrency (PostgreSQL)


@pytest.mark.django_db(transaction=True)
def test_claims_are_exclusive_between_two_concurrent_drainers(place, db_tasks):
    needs_postgres()
    submit_and_confirm(ActionFactory(), n=40)
    total = Message.objects.filter(status=MessageStatus.QUEUED).count()
    assert total == 80
    claims: dict[str, list[int]] = {"a": [], "b": []}
    # On a busy machine one thread could claim every batch before the other is scheduled:
    # after its first claim, each waits (briefly) for the other's, so they really overlap.
    claimed_once = {"a": threading.Event(), "b": threading.Event()}

    def claimer(name: str, other: str):  # type: ignore[no-untyped-def]
        def run() -> None:
            while True:
                got = outbox.claim_batch(
                    Message.objects.filter(status=MessageStatus.QUEUED),
                    limit=7,
                    stamp_field="sending_started_at",
                    now=timezone.now(),
                )
                if not got:
                    claimed_once[name].set()
                    return
                claims[name].extend(got)
                claimed_once[name].set()
                claimed_once[other].wait(timeout=10)

        return run

    assert in_threads(claimer("a", "b"), claimer("b", "a")) == []
    assert not set(claims["a"]) & set(claims["b"])
    assert len(claims["a"]) + len(claims["b"]) == total
    assert claims["a"] and claims["b"]  # both drainers got work
    assert Message.objects.filter(status=MessageStatus.SENDING).count() == total


@pytest.mark.django_db(transaction=True)
def test_two_drain_loops_at_once_send_every_message_exactly_once(place, smtp, db_tasks):
    needs_postgres()
    subs = submit_and_confirm(ActionFactory(), n=30)

    def drain() -> None:
        outbox.drain_until_empty()

    assert in_threads(drain, drain) == []
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.SENT}
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {OutboundEmailStatus.SENT}
    ids = Counter(str(m["Message-ID"]) for m in smtp.inbox.messages)
    expected = {m.message_id for s in subs for m in s.messages.all()}
    assert expected <= set(ids) and len(ids) == 60 + 30  # messages + confirmation emails
    assert set(ids.values()) == {1}


@pytest.mark.django_db
def test_a_sent_message_is_recorded_with_its_time_and_stamped_for_the_rollups(action, smtp, db_tasks):
    submit_and_confirm(action, n=1)
    before = timezone.now()
    Message.objects.update(updated_at=before - dt.timedelta(hours=1), last_error="earlier")
    assert services.messages_drain() == 2
    for message in Message.objects.all():
        assert message.status == MessageStatus.SENT and message.last_error == ""
        assert message.sent_at is not None and message.sent_at >= before
        assert message.updated_at >= before

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction

from kinship.core.mail import ModeEmailBackend
from kinship.core.models import CapturedEmail, OutboundEmail
from kinship.core.outbox import email_enqueue, outbound_email_deliver

pytestmark = pytest.mark.django_db


def test_capture_mode_keeps_mail_locally_and_sends_nothing(settings):
    settings.KINSHIP_MAIL_MODE = "capture"
    backend = ModeEmailBackend()
    sent = backend.send_messages([EmailMessage("Hello", "Body", "from@example.org", ["to@example.org"])])
    assert sent == 1
    captured = CapturedEmail.objects.get()
    assert captured.to == "to@example.org" and captured.subject == "Hello"
    assert captured.message_id


def test_redirect_mode_sends_everything_to_one_address(settings):
    settings.KINSHIP_MAIL_MODE = "redirect"
    settings.KINSHIP_MAIL_REDIRECT_TO = "staging@example.org"
    settings.KINSHIP_LIVE_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ModeEmailBackend().send_messages(
        [EmailMessage("Hi", "Body", "from@example.org", ["mp@example.org"], cc=["c@example.org"])]
    )
    assert mail.outbox[0].to == ["staging@example.org"] and mail.outbox[0].cc == []


def test_captured_mail_is_viewable_only_when_the_dev_view_is_on(client, settings):
    CapturedEmail.objects.create(from_email="a@b", to="c@d", subject="Visible", text_body="x", raw=b"")
    settings.KINSHIP_DEV_MAIL_VIEW = True
    assert "Visible" in client.get("/dev/mail/").content.decode()
    settings.KINSHIP_DEV_MAIL_VIEW = False
    assert client.get("/dev/mail/").status_code == 404


def test_outbox_email_is_not_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                email_enqueue(
                    kind="test",
                    to="x@example.org",
                    template="supporters/email/data_access",
                    context={"name": "X"},
                )
                raise RuntimeError("the action failed")
        except RuntimeError:
            pass
    assert OutboundEmail.objects.count() == 0
    assert len(mail.outbox) == 0


def test_outbox_email_is_sent_once_even_if_delivered_twice():
    row = email_enqueue(kind="test", to="x@example.org", template="supporters/email/data_access", context={})
    assert outbound_email_deliver(email_id=row.pk) is True
    assert outbound_email_deliver(email_id=row.pk) is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == row.message_id


def test_outbox_records_failures_and_leaves_the_row_for_retry(settings):
    settings.EMAIL_BACKEND = "kinship.core.tests.failing_backend.FailingBackend"
    row = email_enqueue(kind="test", to="x@example.org", template="supporters/email/data_access", context={})
    with pytest.raises(ConnectionRefusedError):
        outbound_email_deliver(email_id=row.pk)
    row.refresh_from_db()
    assert row.status == "queued" and row.attempts == 1
    assert "ConnectionRefusedError" in row.last_error and "x@example.org" not in row.last_error


def test_outbox_drain_sends_a_batch_over_one_connection_and_records_each(settings, monkeypatch):
    from kinship.core.outbox import outbound_emails_drain

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    opened = []
    real_open = ModeEmailBackend.open

    def counting_open(self):  # type: ignore[no-untyped-def]
        opened.append(self)
        return real_open(self)

    monkeypatch.setattr(ModeEmailBackend, "open", counting_open)
    settings.EMAIL_BACKEND = "kinship.core.mail.ModeEmailBackend"
    settings.KINSHIP_MAIL_MODE = "redirect"
    settings.KINSHIP_MAIL_REDIRECT_TO = "staging@example.org"
    settings.KINSHIP_LIVE_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    rows = [
        email_enqueue(
            kind="test", to=f"x{i}@example.org", template="supporters/email/data_access", context={}
        )
        for i in range(3)
    ]
    assert len(mail.outbox) == 0  # nothing sent on commit with a real task backend: the drain sends
    assert outbound_emails_drain() == 3
    assert len(opened) == 1
    assert sorted(m.extra_headers["Message-ID"] for m in mail.outbox) == sorted(r.message_id for r in rows)
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}
    assert outbound_emails_drain() == 0


def test_outbox_drain_failure_backs_off_and_keeps_the_row(settings):
    from kinship.core.outbox import outbound_emails_drain

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    settings.EMAIL_BACKEND = "kinship.core.tests.failing_backend.FailingBackend"
    row = email_enqueue(kind="test", to="x@example.org", template="supporters/email/data_access", context={})
    assert outbound_emails_drain() == 1
    row.refresh_from_db()
    assert row.status == "queued" and row.attempts == 1 and row.send_after is not None
    assert "ConnectionRefusedError" in row.last_error and "x@example.org" not in row.last_error
    assert outbound_emails_drain() == 0  # waiting out the backoff

"""One classification of a failed send for every outbox: permanent (tell the person) or
temporary (queue again after a backoff)."""

from __future__ import annotations

import smtplib

import pytest
from anymail.exceptions import AnymailRecipientsRefused

from kinship.core.failures import send_failure_is_permanent, smtp_code
from kinship.core.models import OutboundEmail
from kinship.core.outbox import email_enqueue, outbound_emails_drain


@pytest.mark.parametrize(
    ("exc", "code", "permanent"),
    [
        (smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"No such user")}), 550, True),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (452, b"Mailbox full")}), 452, False),
        (smtplib.SMTPDataError(554, b"Rejected"), 554, True),
        (smtplib.SMTPSenderRefused(451, b"Try later", "from@example.org"), 451, False),
        (smtplib.SMTPServerDisconnected("gone"), None, False),
        (TimeoutError("timed out"), None, False),
        (ConnectionRefusedError("refused"), None, False),
        (AnymailRecipientsRefused("refused by the provider"), None, True),
    ],
)
def test_a_failed_send_is_permanent_only_for_5xx_or_a_refused_recipient(exc, code, permanent):
    assert smtp_code(exc) == code
    assert send_failure_is_permanent(exc) is permanent


@pytest.mark.django_db
def test_a_service_email_to_a_refused_recipient_fails_at_once(settings):
    # The same rule as messages: a refused recipient is final, not retried six times.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    settings.EMAIL_BACKEND = "kinship.core.tests.failing_backend.RefusingBackend"
    row = email_enqueue(kind="test", to="x@example.org", template="supporters/email/data_access", context={})
    assert outbound_emails_drain() == 1
    row.refresh_from_db()
    assert row.status == "failed" and row.attempts == 1
    assert OutboundEmail.objects.filter(status="queued").count() == 0

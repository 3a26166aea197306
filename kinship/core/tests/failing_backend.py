from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):  # type: ignore[no-untyped-def]
        raise ConnectionRefusedError("SMTP down while sending to x@example.org")


class RefusingBackend(BaseEmailBackend):
    """The server refuses the recipient for good (RCPT TO answered 550)."""

    def send_messages(self, email_messages):  # type: ignore[no-untyped-def]
        import smtplib

        raise smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"5.1.1 No such user")})

"""Whether a failed send can succeed later: one rule for every outbox (service email in
`core.outbox`, messages to representatives in `messaging`).

A 5xx reply (RFC 5321: permanent) or a provider refusing the recipient is final: retrying
cannot help and the person is told. Anything else (4xx replies, timeouts, a server that
cannot be reached) is temporary: the row goes back to the queue after a backoff.
"""

from __future__ import annotations

import smtplib
from typing import Any

from anymail.exceptions import AnymailRecipientsRefused
from django.core.mail import BadHeaderError


def smtp_code(exc: BaseException) -> int | None:
    """The SMTP (or provider HTTP) status code carried by a send error, if any."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        for refused_code, _message in exc.recipients.values():
            return int(refused_code)
    code: Any = getattr(exc, "smtp_code", None)
    if isinstance(code, int):
        return code
    status: Any = getattr(exc, "status_code", None)
    return int(status) if isinstance(status, int) else None


def send_failure_is_permanent(exc: BaseException) -> bool:
    """True when retrying the send cannot help (see the module docstring); so is an email
    that cannot be built at all (a newline in a header: the same text fails every time)."""
    if isinstance(exc, AnymailRecipientsRefused | BadHeaderError):
        return True
    code = smtp_code(exc)
    return code is not None and 500 <= code < 600

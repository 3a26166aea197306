"""Keeping addresses out of logs. Links never carry an address, but an old link, a mistyped
URL or an exception's text can still bring one to a log line: `ScrubEmails` is on every
logging handler (config.settings.base.LOGGING), so django.request's "Not Found: /…" lines,
tracebacks and every other record lose them; `config/gunicorn.conf.py` does the same for the
access log. Imports only the standard library and `core.privacy`: logging is set up before
Django's apps are."""

from __future__ import annotations

import logging

from kinship.core.privacy import scrub


class ScrubEmails(logging.Filter):
    """Replace email addresses in a record's message, traceback and stack with "[email]"."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a badly formatted record is still logged, scrubbed
            message = str(record.msg)
        record.msg = scrub(message, limit=None)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text, limit=None)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info, limit=None)
        return True

"""gunicorn's settings: `gunicorn -c config/gunicorn.conf.py config.wsgi:application`.

Bound to localhost behind the TLS proxy (README). The access log keeps no personal data: the
line is the client address, time, method, path (without the query string), status, size and
duration, and `ScrubbingLogger` replaces any email address that still reaches it (an old link,
a mistyped URL) with "[email]", as `kinship.core.logscrub` does for the application's logs.
"""

from __future__ import annotations

import os
from typing import Any

from gunicorn.glogging import Logger

from kinship.core.privacy import scrub

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
accesslog = "-"
# No query string, referrer or user agent: those are where personal data would travel.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'


class ScrubbingLogger(Logger):
    """gunicorn's logger with every access-log field scrubbed of email addresses."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        fields = super().atoms(resp, req, environ, request_time)
        return {
            key: scrub(value, limit=None) if isinstance(value, str) else value
            for key, value in fields.items()
        }


logger_class = ScrubbingLogger

"""A real worker process killed (SIGKILL) between sending a message and recording it.

The message is left in `sending`; recovery re-sends it once; the recipient sees two copies
with one Message-ID, never more. Needs a database the child process can share (PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from kinship.messaging import services, tokens
from kinship.messaging.models import MessageStatus
from kinship.messaging.tests.factories import submission_data

CHILD = textwrap.dedent(
    """
    import os, signal, sys
    import django
    django.setup()
    from kinship.messaging import services
    from kinship.messaging.services import delivery

    def killed(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)  # dies after the SMTP server accepted the message

    delivery._record_sent = killed
    services.message_deliver(message_id=int(sys.argv[1]))
    """
)


@pytest.mark.django_db(transaction=True)
def test_sigkilled_worker_between_send_and_record_gives_at_most_one_duplicate(action, smtp):
    if connection.vendor != "postgresql":
        pytest.skip(
            "the killed child process needs a shared database server (PostgreSQL); the SQLite test database is in memory"
        )
    sub = services.submission_create(action=action, data=submission_data(), language="en-gb")
    services.submission_confirm(token=tokens.make_token(sub.pk, salt=tokens.CONFIRM_SALT))
    message = sub.messages.get(recipient_role="mp")
    # The in-test delivery already happened (immediate tasks); put the row back to deliver it in the child.
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    type(message).objects.filter(pk=message.pk).update(status=MessageStatus.QUEUED)
    smtp.inbox.messages.clear()

    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "KINSHIP_MAIL_MODE": "live",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "LOG_LEVEL": "WARNING",
    }
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(message.pk)], env=env, cwd=settings.BASE_DIR, timeout=60
    )
    assert child.returncode == -signal.SIGKILL
    message.refresh_from_db()
    assert message.status == MessageStatus.SENDING
    assert len(smtp.inbox.to("mp@parliament.example.org")) == 1

    services.messages_recover_stale(now=timezone.now() + dt.timedelta(minutes=11))
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.resends == 1
    copies = smtp.inbox.to("mp@parliament.example.org")
    assert [c["Message-ID"] for c in copies] == [message.message_id, message.message_id]
    services.messages_recover_stale(now=timezone.now() + dt.timedelta(minutes=30))
    assert len(smtp.inbox.to("mp@parliament.example.org")) == 2

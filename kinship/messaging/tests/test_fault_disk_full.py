"""Fault test (issue 11): the disk fills up while a PDF letter is being written. The real
WeasyPrint renders the letter, and its output stream fails with ENOSPC part-way through (the
OSError a full disk gives at the write). The carer gets a clear page (503, try again), not a
server error; nothing is half-written (no partial PDF sent, the letter not marked downloaded);
once there is room the same link gives the whole letter."""

from __future__ import annotations

import errno
import io

import pytest
from weasyprint import HTML

from kinship.campaigns.models import ActionKind
from kinship.campaigns.tests.factories import ActionFactory
from kinship.messaging import services, tokens
from kinship.messaging.models import Message, MessageStatus
from kinship.messaging.tests.factories import submission_data

pytestmark = [pytest.mark.fault, pytest.mark.django_db]


class FullDisk(io.RawIOBase):
    """A file on a disk with `room` bytes left."""

    def __init__(self, room: int) -> None:
        self.room = room

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[no-untyped-def, override]
        if len(data) > self.room:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(data)
        return len(data)


def test_a_full_disk_while_writing_a_letter_gives_a_clear_page_and_changes_nothing(
    client, place, monkeypatch
):
    action = ActionFactory(kind=ActionKind.LETTER, target_roles=["lead_member_children"])
    sub = services.submission_create(action=action, data=submission_data(), language="en-gb")
    services.submission_confirm(token=tokens.make_token(sub.pk, salt=tokens.CONFIRM_SALT))
    message = sub.messages.get()
    status_before = message.status
    url = services.letter_url(message)

    real_write_pdf = HTML.write_pdf

    def write_pdf_to_a_full_disk(self, target=None, **options):  # type: ignore[no-untyped-def]
        return real_write_pdf(self, target=FullDisk(room=2048), **options)

    monkeypatch.setattr(HTML, "write_pdf", write_pdf_to_a_full_disk)
    full = client.get(url)

    assert full.status_code == 503
    assert full["Content-Type"].startswith("text/html") and full["Retry-After"] == "300"
    assert "We could not make your letter just now" in full.content.decode()
    message = Message.objects.get(pk=message.pk)
    assert (message.status, message.letter_downloaded_at) == (status_before, None)

    monkeypatch.undo()
    whole = client.get(url)
    assert (
        whole.status_code == 200
        and whole.content.startswith(b"%PDF")
        and whole.content.rstrip().endswith(b"%%EOF")
    )
    assert Message.objects.get(pk=message.pk).letter_downloaded_at is not None
    print(
        "FAULT disk full writing a PDF letter: queued=1 lost=0 sent_twice=0 unexpected=0 "
        f"server_errors=0 partial_rows={int(message.status != status_before)}"
    )
    assert Message.objects.filter(status=MessageStatus.FAILED).count() == 0

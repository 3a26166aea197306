"""Printable A4 letters (WeasyPrint): sender's address, recipient's address, date, body, signature space."""

from __future__ import annotations

import errno
import logging

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation

from kinship.messaging.models import Message
from kinship.messaging.services.composition import message_language

logger = logging.getLogger("kinship.messaging")


class LetterUnavailableError(Exception):
    """The letter could not be made just now (no room on disk, no memory); nothing was changed."""


def letter_html(message: Message) -> str:
    submission = message.submission
    # In the language the letter is written in (its date too), whatever the page's.
    language = message_language(text=message.body, default=submission.language)
    with translation.override(language):
        sent = timezone.localtime(message.sent_at or message.created_at).date()
        return render_to_string(
            "messaging/letter.html",
            {
                "message": message,
                "submission": submission,
                "date": formats.date_format(sent, "j F Y"),
                "recipient_lines": [
                    line for line in message.recipient_postal_address.splitlines() if line.strip()
                ]
                or [message.recipient_area_name],
                "paragraphs": [p.strip() for p in message.body.split("\n\n") if p.strip()],
                "language": language,
            },
        )


def letter_pdf(message: Message) -> bytes:
    """The letter as PDF bytes. Fonts are DejaVu (installed with WeasyPrint's Debian deps), which
    has every Welsh letter (ŵ ŷ â ê î ô û ẁ ẃ ẅ ỳ)."""
    from weasyprint import HTML

    try:
        return bytes(HTML(string=letter_html(message)).write_pdf())
    except (OSError, MemoryError) as exc:
        # A full disk (fonts, caches, temporary files) or no memory: say so plainly, never 500.
        code = errno.errorcode.get(getattr(exc, "errno", None) or 0, type(exc).__name__)
        logger.error("letter PDF for message %s could not be made (%s)", message.pk, code)
        raise LetterUnavailableError(code) from exc

"""Printable A4 letters (WeasyPrint): sender's address, recipient's address, date, body, signature space."""

from __future__ import annotations

import base64
import errno
import io
import logging

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation

from kinship.messaging.attachments import Attachment, attachments_for
from kinship.messaging.models import Message
from kinship.messaging.services.composition import message_language

logger = logging.getLogger("kinship.messaging")

# Files an upper app attaches to the email (a child's drawing) that also belong in the printed
# letter, each on a page of its own after the letter. Others (a calendar file) stay email-only.
ENCLOSURE_TYPES = {"image/jpeg", "image/png", "application/pdf"}


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
        letter = bytes(HTML(string=letter_html(message)).write_pdf())
        enclosures = [a for a in attachments_for(message) if a.mimetype in ENCLOSURE_TYPES]
        return _with_enclosures(letter, enclosures) if enclosures else letter
    except (OSError, MemoryError) as exc:
        # A full disk (fonts, caches, temporary files) or no memory: say so plainly, never 500.
        code = errno.errorcode.get(getattr(exc, "errno", None) or 0, type(exc).__name__)
        logger.error("letter PDF for message %s could not be made (%s)", message.pk, code)
        raise LetterUnavailableError(code) from exc


def _with_enclosures(letter: bytes, enclosures: list[Attachment]) -> bytes:
    """The letter, then each enclosure on its own A4 page (images scaled to fit; a PDF as it is)."""
    from pypdf import PdfReader, PdfWriter
    from weasyprint import HTML

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(letter)))
    for enclosure in enclosures:
        if enclosure.mimetype == "application/pdf":
            page = enclosure.content
        else:
            data = base64.b64encode(enclosure.content).decode("ascii")
            page = bytes(
                HTML(
                    string=(
                        "<style>@page{size:A4;margin:15mm}img{display:block;max-width:100%;"
                        "max-height:265mm;margin:auto}</style>"
                        f'<img alt="" src="data:{enclosure.mimetype};base64,{data}">'
                    )
                ).write_pdf()
            )
        writer.append(PdfReader(io.BytesIO(page)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()

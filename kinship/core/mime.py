"""The bytes an email goes out as, made with string operations instead of Python's `email` package.

Django's SMTP backend builds each message as a tree of `email.mime` objects (`EmailMessage.message()`)
and flattens it with a compat32 `BytesGenerator`, which re-folds every header through
`email.header.Header` and compiles a regular expression for every MIME boundary: about a quarter
of the worker's CPU per email at the peak (issue 17). `message_bytes` writes the same bytes
directly: the same parts in the same order with the same headers, folded and encoded by the
same rules (a header that does not fit on one line, or is not plain ASCII, goes through exactly
Django's sanitising and the generator's folding), the same body encodings (7bit, 8bit, or
quoted-printable for lines over 998 bytes), CRLF line endings. Only the parts that are random or
timed differ from one build to the next anyway: each multipart boundary's random number and the
Date. Attachments and anything unusual are built and flattened by the `email` package as before
(`kinship/core/tests/test_mime.py` holds the two to the same bytes).
"""

from __future__ import annotations

import random
import re
import sys
from email import generator, quoprimime
from email.policy import compat32
from email.utils import formatdate, make_msgid
from functools import lru_cache
from io import BytesIO
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.message import (
    RFC5322_EMAIL_LINE_LENGTH_LIMIT,
    forbid_multi_line_headers,
    sanitize_address,
)
from django.core.mail.utils import DNS_NAME

_NL = "\r\n"
_NLCRE = re.compile(r"\r\n|\r|\n")
# What Django's backend flattens with: BytesGenerator(mangle_from_=False) over compat32, CRLF.
_POLICY = compat32.clone(linesep=_NL)
_MAX_HEADER_LINE = 78  # compat32's max_line_length
# A plain address: dot-atom local part, ASCII host. `sanitize_address` returns these unchanged.
_PLAIN_ADDRESS = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
)
# The same after a name of atoms (no quotes, dots or other specials, nor '=' or '?', which could
# make an encoded word) joined by single spaces, short enough that Django's `Header` leaves it on
# one line: "Gwen Jones via Kinship Campaigns <campaigns@example.org>".
_NAME_ATOM = r"[A-Za-z0-9!#$%&'*+/^_`{|}~-]+"
_NAMED_PLAIN_ADDRESS = re.compile(
    rf"(?=.{{1,60}} <){_NAME_ATOM}(?: {_NAME_ATOM})* <{_PLAIN_ADDRESS.pattern}>"
)
_BOUNDARY_DIGITS = len(repr(sys.maxsize - 1))
# A multipart's Content-Type with its boundary, each half short enough for a line of its own.
_LONG_MULTIPART = re.compile(r'(multipart/[a-z]{1,30}); (boundary="=+[0-9]+==(?:\.[0-9]+)?")')
_SKIPPED_EXTRA = frozenset({"from", "to", "cc", "reply-to"})


def envelope_address(address: str, encoding: str) -> str:
    """The SMTP envelope form of an address, as Django's backend makes it (`sanitize_address`),
    without parsing a plain one, or a plain one after a short name of plain words."""
    if _PLAIN_ADDRESS.fullmatch(address) or _NAMED_PLAIN_ADDRESS.fullmatch(address):
        return address
    return str(sanitize_address(address, encoding))


def message_bytes(email: EmailMessage) -> bytes:
    """What Django's SMTP backend sends for `email` (`email.message().as_bytes(linesep="\\r\\n")`),
    made without the `email` package's per-header folding."""
    encoding = email.encoding or settings.DEFAULT_CHARSET
    if type(email) not in (EmailMessage, EmailMultiAlternatives) or encoding.lower() != "utf-8":
        # A subclass may build its message its own way; another charset is not written here.
        return bytes(email.message().as_bytes(linesep=_NL))
    head, body = _root(email, encoding)
    extra = email.extra_headers
    headers = [*head, ("Subject", email.subject), ("From", extra.get("From", email.from_email))]
    for name, values in (("To", email.to), ("Cc", email.cc), ("Reply-To", email.reply_to)):
        if name in extra:
            headers.append((name, extra[name]))
        elif values:
            headers.append((name, ", ".join(str(v) for v in values)))
    lowered = {name.lower() for name in extra}
    if "date" not in lowered:
        headers.append(("Date", formatdate(localtime=settings.EMAIL_USE_LOCALTIME)))
    if "message-id" not in lowered:
        headers.append(("Message-ID", make_msgid(domain=DNS_NAME)))
    headers.extend((name, value) for name, value in extra.items() if name.lower() not in _SKIPPED_EXTRA)
    return _headers(headers, encoding) + body


def _root(email: Any, encoding: str) -> tuple[list[tuple[str, str]], bytes]:
    """The top part's own headers (before Subject and the rest) and everything after its header
    block, in Django's structure: the text, in multipart/alternative with the alternatives, in
    multipart/mixed with the attachments."""
    head, body = _text_part(str(email.body), email.content_subtype, encoding)
    if isinstance(email, EmailMultiAlternatives) and email.alternatives:
        parts = [_headers(head, encoding) + body] if email.body else []
        for content, mimetype in email.alternatives:
            parts.append(_alternative(email, content, mimetype, encoding))
        head, body = _multipart(email.alternative_subtype, parts, encoding)
    if email.attachments:
        multipart = head[0][1].startswith("multipart/")
        parts = [_headers(head, encoding) + body] if email.body or multipart else []
        for attachment in email.attachments:
            if isinstance(attachment, tuple):
                attachment = email._create_attachment(*attachment)
            parts.append(_flatten(attachment))
        head, body = _multipart(email.mixed_subtype, parts, encoding)
    return head, body


def _text_part(text: str, subtype: str, encoding: str) -> tuple[list[tuple[str, str]], bytes]:
    """A `SafeMIMEText` part: its headers and its header-less body."""
    data = text.encode(encoding)
    if len(data) > RFC5322_EMAIL_LINE_LENGTH_LIMIT and any(
        len(line.encode(errors="surrogateescape")) > RFC5322_EMAIL_LINE_LENGTH_LIMIT
        for line in text.splitlines()
    ):
        # Django's rule (#22561), its line splitting too: quoted-printable shortens the long lines.
        cte, payload = "quoted-printable", quoprimime.body_encode(data.decode("latin-1"))
    else:
        cte, payload = ("7bit" if data.isascii() else "8bit"), text
    head = [("Content-Type", f'text/{subtype}; charset="{encoding}"'), ("MIME-Version", "1.0")]
    head.append(("Content-Transfer-Encoding", cte))
    body = _NLCRE.sub(_NL, payload).encode(encoding) if payload else b""
    return head, _NL.encode() + body


def _alternative(email: Any, content: Any, mimetype: str, encoding: str) -> bytes:
    basetype, _, subtype = mimetype.partition("/")
    if basetype == "text" and isinstance(content, str):
        head, body = _text_part(content, subtype, encoding)
        return _headers(head, encoding) + body
    return _flatten(email._create_mime_attachment(content, mimetype))


def _multipart(subtype: str, parts: list[bytes], encoding: str) -> tuple[list[tuple[str, str]], bytes]:
    """A `SafeMIMEMultipart` of already flattened parts, with a boundary none of them contains."""
    boundary = _boundary(b"\r\n".join(parts))
    head = [("Content-Type", f'multipart/{subtype}; boundary="{boundary}"'), ("MIME-Version", "1.0")]
    delimiter = f"--{boundary}{_NL}".encode()
    out = [_NL.encode(), delimiter]
    for n, part in enumerate(parts):
        if n:
            out.append(_NL.encode() + delimiter)
        out.append(part)
    out.append(f"{_NL}--{boundary}--{_NL}".encode())
    return head, b"".join(out)


def _boundary(text: bytes) -> str:
    """`email.generator`'s boundary: fifteen '=', a random number, '=='; a suffix if the parts
    hold it as a delimiter line. Its regular expression is only needed when they hold it at all."""
    boundary = "=" * 15 + str(random.randrange(sys.maxsize)).zfill(_BOUNDARY_DIGITS) + "=="
    if f"--{boundary}".encode() not in text:
        return boundary
    chosen, counter = boundary, 0
    while re.search(b"^--" + re.escape(chosen.encode()) + b"(--)?$", text, re.MULTILINE):
        chosen = f"{boundary}.{counter}"
        counter += 1
    return chosen


def _headers(headers: list[tuple[str, Any]], encoding: str) -> bytes:
    """A header block (without the blank line that ends it): each header as Django sanitises it
    and compat32 folds it. A short, plain ASCII value is left as it is by both, so it is written as
    it is; any other goes through them."""
    lines = []
    for name, value in headers:
        value = str(value)
        if (
            value.isascii()
            and len(name) + 2 + len(value) <= _MAX_HEADER_LINE
            and "\n" not in value
            and "\r" not in value
            and value == value.strip(" \t")
        ):
            lines.append(f"{name}: {value}{_NL}".encode("ascii"))
        elif name == "Content-Type" and (multipart := _LONG_MULTIPART.fullmatch(value)):
            # Too long for one line (multipart/alternative): compat32 folds it after the ';'.
            lines.append(f"{name}: {multipart[1]};{_NL} {multipart[2]}{_NL}".encode("ascii"))
        elif name == "Subject":
            lines.append(_folded_subject(value, encoding))
        else:
            lines.append(_folded(name, value, encoding))
    return b"".join(lines)


def _folded(name: str, value: str, encoding: str) -> bytes:
    name, value = forbid_multi_line_headers(name, value, encoding)
    return bytes(_POLICY.fold_binary(name, value))


@lru_cache(maxsize=64)
def _folded_subject(value: str, encoding: str) -> bytes:
    # The same subject goes to everyone who takes an action ("Confirm your signature: <title>"),
    # and one too long for a line, or in Welsh, takes 60 µs to fold: folded once per process.
    return _folded("Subject", value, encoding)


def _flatten(part: Any) -> bytes:
    """A part built by Django (an attachment), flattened as the generator flattens a subpart."""
    out = BytesIO()
    generator.BytesGenerator(out, mangle_from_=False).flatten(part, unixfrom=False, linesep=_NL)
    return out.getvalue()

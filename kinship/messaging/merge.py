"""Merge fields in message templates: a closed list of names, substituted as plain text.

Templates are written by staff and edited freely by carers, so they are never run as
Django template code: `{{ recipient_name }}` is replaced by a value, anything else is left
exactly as written. HTML escaping happens when the HTML email part is built.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.utils.html import escape, linebreaks

MERGE_FIELDS = (
    "recipient_name",
    "recipient_role",
    "council",
    "constituency",
    "sender_name",
)
_FIELD_RE = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


def merge(text: str, values: Mapping[str, str]) -> str:
    """Replace known `{{ field }}` markers with values; unknown markers and all else stay as typed."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in MERGE_FIELDS and name in values:
            return str(values[name])
        return match.group(0)

    return _FIELD_RE.sub(replace, text)


def text_to_html(text: str) -> str:
    """Plain text as safe HTML paragraphs (every character escaped)."""
    return str(linebreaks(escape(text)))

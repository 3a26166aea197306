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


# A sentence: up to and including its full stop (or the end of the line).
_SENTENCE_RE = re.compile(r"[^.!?\n]*(?:[.!?]+|$)")


def _markers(names: set[str]) -> re.Pattern[str]:
    return re.compile(r"\{\{\s*(?:" + "|".join(sorted(names)) + r")\s*\}\}")


def _phrases(names: set[str]) -> re.Pattern[str]:
    """In a one-line subject, the little word before an empty field goes with it ("… in {{ council }}")."""
    little = r"(?:\b(?:in|of|at|for|to|from|near|yn|ym|yng|o|i|ar|gan|dros)[ \t]+)?"
    return re.compile(r"[ \t]*" + little + _markers(names).pattern)


def _empty_fields(text: str, values: Mapping[str, str]) -> set[str]:
    return {
        name
        for name in _FIELD_RE.findall(text)
        if name in MERGE_FIELDS and name in values and not str(values[name]).strip()
    }


def _without_sentences_naming(text: str, names: set[str]) -> str:
    """The text with every sentence that uses one of `names` left out, and no blank holes."""
    pattern = _markers(names)
    lines = []
    for line in text.split("\n"):
        if not pattern.search(line):
            lines.append(line)
            continue
        kept = "".join(s for s in _SENTENCE_RE.findall(line) if not pattern.search(s))
        kept = re.sub(r"[ \t]{2,}", " ", kept).strip()
        if kept:
            lines.append(kept)
        elif lines and lines[-1] == "":
            lines.pop()  # the paragraph has gone: so has the blank line before it
    return "\n".join(lines).strip("\n")


def merge(text: str, values: Mapping[str, str]) -> str:
    """Replace known `{{ field }}` markers with values; unknown markers and all else stay as typed.

    A field we know is empty (a council we could not tell) never leaves a hole: the sentence
    using it is left out (a one-line subject loses just the phrase). A field not in `values`
    (the recipient, before one is chosen) stays as a marker, to be filled in later."""
    empty = _empty_fields(text, values)
    if empty:
        if "\n" not in text.strip():
            text = _phrases(empty).sub("", text).strip()
        if _empty_fields(text, values):
            text = _without_sentences_naming(text, empty)

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in MERGE_FIELDS and name in values:
            return str(values[name])
        return match.group(0)

    return _FIELD_RE.sub(replace, text)


def text_to_html(text: str) -> str:
    """Plain text as safe HTML paragraphs (every character escaped)."""
    return str(linebreaks(escape(text)))

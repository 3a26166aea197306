"""Merge fields in message templates: a closed list of names, substituted as plain text.

Templates are written by staff and edited freely by carers, so they are never run as
Django template code: `{{ recipient_name }}` is replaced by a value, anything else is left
exactly as written. HTML escaping happens when the HTML email part is built.
"""

from __future__ import annotations

import difflib
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
# Fields found from the writer's postcode: empty when we cannot tell them (the sentence goes).
POSTCODE_FIELDS = ("council", "constituency")
_SINGLE_BRACES_RE = re.compile(r"(?<!\{)\{\s*([A-Za-z_]+)\s*\}(?!\})")
_SHOWN = 30  # characters of an unclosed marker quoted back


def _as_marker(name: str) -> str:
    return "{{ " + name + " }}"


def _unknown_field(inner: str) -> str:
    written = _as_marker(inner)
    guess = re.sub(r"[\s-]+", "_", inner.lower())
    if guess in MERGE_FIELDS:
        return f"{written} is not a merge field — did you mean {_as_marker(guess)}?"
    close = difflib.get_close_matches(guess, MERGE_FIELDS, n=1, cutoff=0.6)
    if close:
        return f"{written} is not a merge field — did you mean {_as_marker(close[0])}?"
    known = ", ".join(_as_marker(name) for name in MERGE_FIELDS)
    return f"{written} is not a merge field. The merge fields are {known}."


def template_problems(text: str) -> list[str]:
    """Why staff's subject or message template would not merge as meant, each reason once, in the
    order found: a `{{ name }}` that is not one of MERGE_FIELDS (with the nearest one), an empty
    `{{ }}`, a `{{` never closed (or a `}}` never opened), a field in single braces. Empty: fine.
    Checked when an action is saved, and as staff type (the console calls this one rule)."""
    problems: list[str] = []
    position = 0
    while True:
        start = text.find("{{", position)
        stray = text.find("}}", position, start if start >= 0 else len(text))
        if stray >= 0:
            problems.append("A }} has no {{ before it: open the merge field with {{, or remove the }}.")
        if start < 0:
            break
        end = text.find("}}", start + 2)
        reopened = text.find("{{", start + 2)
        newline = text.find("\n", start + 2)
        if end < 0 or 0 <= reopened < end or 0 <= newline < end:
            stop = min(i for i in (reopened, newline, start + _SHOWN, len(text)) if i >= 0)
            shown = text[start:stop].strip()
            problems.append(f"“{shown}” is not closed: write " + "}} after the merge field's name.")
            position = start + 2
            continue
        inner = text[start + 2 : end].strip()
        if not inner:
            problems.append("{{ }} is empty: write a merge field's name between the braces, or remove it.")
        elif inner not in MERGE_FIELDS:
            problems.append(_unknown_field(inner))
        position = end + 2
    for match in _SINGLE_BRACES_RE.finditer(text):
        if match.group(1) in MERGE_FIELDS:
            problems.append(
                f"{match.group(0)} has single braces: write {_as_marker(match.group(1))} for a merge field."
            )
    return list(dict.fromkeys(problems))


def template_warnings(text: str, *, fixed_target: bool) -> list[str]:
    """What staff should know about fields that can be empty: the council and constituency are the
    writer's, found from their postcode (on a fixed-target action too); when we cannot tell them,
    `merge` leaves the sentence out (a subject loses the phrase). Not a reason to refuse."""
    used = [name for name in POSTCODE_FIELDS if re.search(r"\{\{\s*" + name + r"\s*\}\}", text)]
    whose = "the writer's own" if fixed_target else "the writer's"
    return [
        f"{_as_marker(name)} is {whose} {name}, found from their postcode. When we cannot tell it, "
        "the sentence using it is left out, so make sure the message reads well without it."
        for name in used
    ]


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

"""Postcode text: normalising what people type, and checking its shape."""

from __future__ import annotations

import re

# The UK postcode shape: outward code (area, district) then inward code (sector, unit).
_COMPACT_RE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_WHITESPACE_RE = re.compile(r"\s+")


def normalise_postcode(text: str) -> str | None:
    """`" sw1a1aa "` → `"SW1A 1AA"`; None when the text cannot be a UK postcode."""
    compact = _WHITESPACE_RE.sub("", text or "").upper()
    match = _COMPACT_RE.match(compact)
    if not match:
        return None
    return f"{match.group(1)} {match.group(2)}"

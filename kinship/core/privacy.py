"""Helpers that keep personal data out of logs and spreadsheets."""

from __future__ import annotations

import re

_EMAIL_RE = re.compile(r"[\w.+'-]+@[\w-]+(\.[\w-]+)+")
# Spreadsheet programs treat cells starting with these as formulas.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def scrub(text: str, limit: int = 500) -> str:
    """Remove email addresses from text destined for logs or error records."""
    return _EMAIL_RE.sub("[email]", text)[:limit]


def csv_safe(value: object) -> str:
    """Neutralise a value for CSV export so spreadsheets never run it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_PREFIXES):
        return "'" + text
    return text


def canonical_email(email: str) -> str:
    """The form of an address used to spot duplicates: trimmed and lower-cased."""
    return email.strip().lower()

"""Helpers that keep personal data out of logs and spreadsheets."""

from __future__ import annotations

import re

# An address as it appears in text, a URL path (where "@" may be written "%40") or a query
# string. The local part may hold the characters an address allows (not "=", "&" or "?",
# which end a query value). A "/" (also allowed) is taken as part of an address only when
# the address starts a word (`o/brien@…` in a traceback); inside a URL path the "/" before an
# address is the path's, so `/my-actions/gwen@…` keeps its path.
_LOCAL = r"[\w.+'!#$%*^`{|}~-]"
_DOMAIN = r"(?:@|%40)[\w-]+(?:\.[\w-]+)+"
_EMAIL_WITH_SLASH_RE = re.compile(
    rf"(?<![^\s<>\"'(),;:\[\]])[\w.+!#$%*^`{{|}}~-][\w.+'!#$%*/^`{{|}}~-]*{_DOMAIN}", re.IGNORECASE
)
_EMAIL_RE = re.compile(rf"{_LOCAL}+{_DOMAIN}", re.IGNORECASE)
# Spreadsheet programs treat cells starting with these as formulas.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def scrub(text: str, limit: int | None = 500) -> str:
    """Remove email addresses from text destined for logs or error records (`limit`: the
    longest text kept; None keeps it all)."""
    scrubbed = _EMAIL_RE.sub("[email]", _EMAIL_WITH_SLASH_RE.sub("[email]", text))
    return scrubbed if limit is None else scrubbed[:limit]


def starts_like_formula(text: str) -> bool:
    """True when a spreadsheet would run `text` as a formula: the one rule for names that reach
    staff spreadsheets (forms refuse them) and for cells in exports (`csv_safe` neutralises them)."""
    return text.startswith(_FORMULA_PREFIXES)


def csv_safe(value: object) -> str:
    """Neutralise a value for CSV export so spreadsheets never run it as a formula."""
    text = "" if value is None else str(value)
    if starts_like_formula(text):
        return "'" + text
    return text


def canonical_email(email: str) -> str:
    """The form of an address we store and send to: trimmed and lower-cased. It names one
    mailbox exactly, so it is also the key for export, erasure and the "my actions" page."""
    return email.strip().lower()


# Providers that deliver "a.d.a@" and "ada@" to one mailbox; the second name is an alias.
_DOTS_IGNORED = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def email_key(email: str) -> str:
    """The one key that stands for a sender in rate limits, near-copy checks and duplicate
    checks: lower case, any `+tag` dropped, and dots dropped where the provider ignores them,
    so `Ada.L+x@GoogleMail.com` and `adal@gmail.com` count as one person. Never used to send
    to or to show someone their data (two keys may be two mailboxes elsewhere)."""
    address = canonical_email(email)
    local, at, domain = address.rpartition("@")
    if not at or not local:
        return address
    local = local.split("+", 1)[0] or local
    if domain in _DOTS_IGNORED:
        local = local.replace(".", "") or local
        domain = _DOTS_IGNORED[domain]
    return f"{local}@{domain}"


def mask_email(email: str) -> str:
    """An address shown back to its owner without giving it away to someone looking over their
    shoulder: the first letter and the domain, "s***@example.org"."""
    local, at, domain = email.strip().rpartition("@")
    if not at or not local:
        return "***"
    return f"{local[0]}***@{domain}"
